/// How a list of log events is cut into PutLogEvents requests the service accepts: events in time order (ties keep
/// the order they were given in), at most 10,000 a request, at most 1,048,576 bytes a request counting each message's
/// UTF-8 bytes plus 26, and no request spanning more than 24 hours.
/// Spec: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
enum CloudWatchLogBatches {
    static let maxEvents = 10_000
    static let maxBatchBytes = 1_048_576
    static let perEventOverhead = 26
    /// Milliseconds one request may span.
    static let maxSpanMilliseconds: Int64 = 24 * 60 * 60 * 1000

    /// An event as it goes on the wire, with where it was in the caller's list.
    struct WireEvent: Equatable {
        var index: Int
        var timestamp: Int64
        var message: String
        var size: Int { message.utf8.count + CloudWatchLogBatches.perEventOverhead }
    }

    /// The events sorted and cut into requests, in the order to send them.
    /// - Throws: `Oversized` (with the event's index and message size) for an event no request can hold.
    static func split(_ events: [CloudWatchLogEvent]) throws(Oversized) -> [[WireEvent]] {
        let sorted = events.enumerated()
            .map { WireEvent(index: $0.offset, timestamp: $0.element.timestamp.millisecondsSince1970, message: $0.element.message) }
            .sorted { ($0.timestamp, $0.index) < ($1.timestamp, $1.index) }
        var batches: [[WireEvent]] = []
        var current: [WireEvent] = []
        var currentBytes = 0
        for event in sorted {
            guard event.size <= maxBatchBytes else { throw Oversized(index: event.index, messageBytes: event.message.utf8.count) }
            let full = current.count == maxEvents || currentBytes + event.size > maxBatchBytes
            let tooLong = current.first.map { event.timestamp - $0.timestamp > maxSpanMilliseconds } ?? false
            if full || tooLong {
                batches.append(current)
                current = []
                currentBytes = 0
            }
            current.append(event)
            currentBytes += event.size
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }

    /// An event whose message alone is over the request size.
    struct Oversized: Error, Equatable {
        var index: Int
        var messageBytes: Int
    }
}
