import Foundation

/// A log group as DescribeLogGroups reports it.
/// Spec: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_LogGroup.html
public struct CloudWatchLogGroup: Sendable, Equatable {
    public var name: String
    /// `arn:aws:logs:<region>:<account>:log-group:<name>:*`, as the service reports it.
    public var arn: String?
    /// Days events are kept; nil keeps them forever.
    public var retentionInDays: Int?
    /// Bytes stored (the service updates it with a delay).
    public var storedBytes: Int?
    public var creationTime: Date?
}

/// One event to write with PutLogEvents: when it happened and its text.
/// Spec: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_InputLogEvent.html
public struct CloudWatchLogEvent: Sendable, Equatable {
    /// Sent with millisecond precision.
    public var timestamp: Date
    public var message: String

    public init(timestamp: Date, message: String) {
        self.timestamp = timestamp
        self.message = message
    }
}

/// One event FilterLogEvents found: its stream, time, text and id.
/// Spec: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilteredLogEvent.html
public struct CloudWatchFilteredLogEvent: Sendable, Equatable {
    public var logStreamName: String
    public var timestamp: Date
    public var message: String
    public var eventId: String?
}

/// A log event PutLogEvents can never accept: its message and the 26 bytes of per-event overhead exceed the
/// 1,048,576 bytes one request may carry. Nothing of the call was sent.
public struct CloudWatchLogEventTooLargeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var logGroup: String
    public var stream: String
    /// The event's position in the list given to `putLogEvents`.
    public var index: Int
    /// UTF-8 bytes of its message.
    public var messageBytes: Int

    public var description: String {
        "logs PutLogEvents: event \(index) for \(logGroup)/\(stream) has a \(messageBytes)-byte message; "
            + "CloudWatch Logs takes at most \(CloudWatchLogBatches.maxBatchBytes - CloudWatchLogBatches.perEventOverhead) bytes"
    }
}

extension Date {
    /// Milliseconds since 1970, as CloudWatch Logs counts time (sub-millisecond parts dropped).
    var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    init(millisecondsSince1970 milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
