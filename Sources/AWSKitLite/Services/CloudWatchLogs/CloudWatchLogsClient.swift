import Foundation

/// Amazon CloudWatch Logs over the JSON 1.1 protocol (`X-Amz-Target: Logs_20140328.<Operation>`), signed as `logs`
/// at `logs.<region>.amazonaws.com` (or `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`).
///
/// Times are `Date`s, sent and read as milliseconds since 1970. Every method throws `AWSError` for an error
/// response (e.g. `ResourceNotFoundException`, `ResourceAlreadyExistsException`, `InvalidParameterException`) and
/// `HTTPClientError` when no response came, after retries.
/// Spec: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/Welcome.html
public struct CloudWatchLogsClient: AWSServiceClient {
    static let api = AWSServiceAPI.json(.logs, version: "2014-03-28", jsonVersion: "1.1", targetPrefix: "Logs_20140328")
    let core: AWSServiceCore

    /// A client for the endpoint `configuration` resolves (standard AWS, or an `AWS_ENDPOINT_URL*`/explicit override).
    /// - Throws: `AWSConfigurationError.invalidEndpoint` for a malformed override.
    public init(configuration: AWSConfiguration, httpClient: HTTPClient = .shared, retryPolicy: RetryPolicy = .standard) throws {
        core = try Self.core(configuration: configuration, httpClient: httpClient, retryPolicy: retryPolicy)
    }

    /// Where this client sends requests.
    public var endpoint: AWSEndpoint { core.endpoint }

    private struct NoOutput: Decodable {}

    // MARK: Log groups

    /// Creates the log group (events kept forever until a retention policy is put);
    /// `ResourceAlreadyExistsException` when it exists.
    public func createLogGroup(name: String) async throws {
        _ = try await call("CreateLogGroup", ["logGroupName": name], as: NoOutput.self)
    }

    /// Keeps the group's events for `days`, one of the values the service accepts (1, 3, 5, 7, 14, 30, 60, 90, ...);
    /// `InvalidParameterException` for another value.
    /// Spec: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
    public func putRetentionPolicy(logGroup: String, days: Int) async throws {
        struct Input: Encodable, Sendable { let logGroupName: String; let retentionInDays: Int }
        _ = try await call("PutRetentionPolicy", Input(logGroupName: logGroup, retentionInDays: days), as: NoOutput.self)
    }

    /// Deletes the group and every event in it; `ResourceNotFoundException` when there is none.
    public func deleteLogGroup(name: String) async throws {
        _ = try await call("DeleteLogGroup", ["logGroupName": name], as: NoOutput.self)
    }

    /// Every log group whose name starts with `namePrefix` (all pages), in the order the service lists them (by name).
    public func describeLogGroups(namePrefix: String) async throws -> [CloudWatchLogGroup] {
        struct Input: Encodable, Sendable { let logGroupNamePrefix: String; let nextToken: String? }
        struct Group: Decodable {
            let logGroupName: String
            let arn: String?
            let retentionInDays: Int?
            let storedBytes: Int?
            let creationTime: Int64?
        }
        struct Output: Decodable { let logGroups: [Group]?; let nextToken: String? }
        var groups: [CloudWatchLogGroup] = []
        var token: String?
        repeat {
            let output = try await call("DescribeLogGroups", Input(logGroupNamePrefix: namePrefix, nextToken: token), as: Output.self)
            groups += (output.logGroups ?? []).map {
                CloudWatchLogGroup(name: $0.logGroupName, arn: $0.arn, retentionInDays: $0.retentionInDays,
                                   storedBytes: $0.storedBytes, creationTime: $0.creationTime.map(Date.init(millisecondsSince1970:)))
            }
            token = output.nextToken.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return groups
    }

    // MARK: Events

    /// Creates a stream in the group; `ResourceAlreadyExistsException` when it exists.
    public func createLogStream(logGroup: String, stream: String) async throws {
        struct Input: Encodable, Sendable { let logGroupName: String; let logStreamName: String }
        _ = try await call("CreateLogStream", Input(logGroupName: logGroup, logStreamName: stream), as: NoOutput.self)
    }

    /// Writes `events` to the stream, sorted by time (events with equal times keep their order) and split into as
    /// many PutLogEvents calls as the API's limits need (10,000 events, 1,048,576 bytes counting 26 per event,
    /// 24 hours per call), sent one after another in time order.
    /// - Throws: `CloudWatchLogEventTooLargeError` before sending anything when one event could never be accepted;
    ///   `AWSError` for a refused call (the calls before it have been written).
    /// Spec: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
    public func putLogEvents(logGroup: String, stream: String, events: [CloudWatchLogEvent]) async throws {
        struct Event: Encodable, Sendable { let timestamp: Int64; let message: String }
        struct Input: Encodable, Sendable { let logGroupName: String; let logStreamName: String; let logEvents: [Event] }
        let batches: [[CloudWatchLogBatches.WireEvent]]
        do {
            batches = try CloudWatchLogBatches.split(events)
        } catch {
            throw CloudWatchLogEventTooLargeError(logGroup: logGroup, stream: stream, index: error.index, messageBytes: error.messageBytes)
        }
        for batch in batches {
            let input = Input(logGroupName: logGroup, logStreamName: stream,
                              logEvents: batch.map { Event(timestamp: $0.timestamp, message: $0.message) })
            _ = try await call("PutLogEvents", input, as: NoOutput.self)
        }
    }

    /// Every event of the group (all streams, all pages) matching `filterPattern` (CloudWatch Logs' filter syntax;
    /// nil matches all) with a time in `startTime...endTime` when given, in time order as the service returns them.
    /// Spec: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html
    public func filterLogEvents(logGroup: String, filterPattern: String? = nil, startTime: Date? = nil,
                                endTime: Date? = nil) async throws -> [CloudWatchFilteredLogEvent] {
        struct Input: Encodable, Sendable {
            let logGroupName: String
            let filterPattern: String?
            let startTime: Int64?
            let endTime: Int64?
            let nextToken: String?
        }
        struct Event: Decodable { let logStreamName: String?; let timestamp: Int64?; let message: String?; let eventId: String? }
        struct Output: Decodable { let events: [Event]?; let nextToken: String? }
        var events: [CloudWatchFilteredLogEvent] = []
        var token: String?
        repeat {
            let output = try await call("FilterLogEvents", Input(
                logGroupName: logGroup, filterPattern: filterPattern, startTime: startTime?.millisecondsSince1970,
                endTime: endTime?.millisecondsSince1970, nextToken: token
            ), as: Output.self)
            events += (output.events ?? []).map {
                CloudWatchFilteredLogEvent(logStreamName: $0.logStreamName ?? "", timestamp: Date(millisecondsSince1970: $0.timestamp ?? 0),
                                           message: $0.message ?? "", eventId: $0.eventId)
            }
            token = output.nextToken.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return events
    }
}
