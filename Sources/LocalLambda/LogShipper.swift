import AWSKitLite
import Foundation
import Logging

/// Ships one execution environment's log to CloudWatch Logs as Lambda does: one stream per environment in the
/// function's log group, written with the function role's credentials (the group is created when missing, which the
/// role's `logs:CreateLogGroup` allows). Lines keep their order; a batch goes out every 200 ms, and at once after a
/// `REPORT` line so that a reader of the group sees an invocation's report soon after its result. A failure to ship
/// is logged once and never affects the function.
/// Spec: https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
actor LogShipper {
    private let client: CloudWatchLogsClient
    private let group: String
    private let stream: String
    private let logger: Logger
    private let continuation: AsyncStream<CloudWatchLogEvent>.Continuation
    private let events: AsyncStream<CloudWatchLogEvent>
    private var buffer: [CloudWatchLogEvent] = []
    private var streamExists = false
    private var flushing = false
    private var warned = false
    private var workers: [Task<Void, Never>] = []

    init(client: CloudWatchLogsClient, group: String, stream: String, logger: Logger) {
        self.client = client
        self.group = group
        self.stream = stream
        self.logger = logger
        (events, continuation) = AsyncStream.makeStream(of: CloudWatchLogEvent.self)
    }

    /// Starts reading added lines and the 200 ms flush.
    func start() {
        workers.append(Task { [events] in
            for await event in events { await self.receive(event) }
        })
        workers.append(Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
                await self.flush()
            }
        })
    }

    /// Queues one line, stamped now; callable from any thread, in the order lines were printed.
    nonisolated func add(_ line: String) {
        continuation.yield(CloudWatchLogEvent(timestamp: Date(), message: line))
    }

    /// Sends what is left; no line added after this is shipped.
    func finish() async {
        continuation.finish()
        await workers.first?.value
        workers.last?.cancel()
        await flush()
    }

    private func receive(_ event: CloudWatchLogEvent) async {
        buffer.append(event)
        if event.message.hasPrefix("REPORT RequestId:") || buffer.count >= 1000 { await flush() }
    }

    private func flush() async {
        guard !buffer.isEmpty, !flushing else { return }
        flushing = true
        defer { flushing = false }
        let batch = buffer
        buffer.removeAll()
        do {
            if !streamExists { try await createStream() }
            try await client.putLogEvents(logGroup: group, stream: stream, events: batch)
        } catch {
            if !warned {
                warned = true
                logger.warning(
                    "could not ship the function's log to CloudWatch Logs; it is kept in the local log only",
                    metadata: ["log_group": "\(group)", "log_stream": "\(stream)", "error": "\(error)"])
            }
        }
    }

    private func createStream() async throws {
        do {
            try await client.createLogStream(logGroup: group, stream: stream)
        } catch let error as AWSError where error.code == "ResourceNotFoundException" {
            do {
                try await client.createLogGroup(name: group)
            } catch let error as AWSError where error.code == "ResourceAlreadyExistsException" {}
            try await client.createLogStream(logGroup: group, stream: stream)
        }
        streamExists = true
    }

    /// A stream name as Lambda makes them: `YYYY/MM/DD/[$LATEST]` and 32 hex digits.
    static func streamName(date: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let day = String(format: "%04d/%02d/%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        let hex = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return "\(day)/[$LATEST]\(hex)"
    }
}
