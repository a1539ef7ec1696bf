import AWSKitLite
import Foundation

/// Reads the `REPORT` lines of a run's invocations from the function's CloudWatch Logs group (FilterLogEvents, every
/// stream) and keys them by request id, so each image's item (which carries its invocation's request id) can be
/// joined to what Lambda billed for it. Lines reach the group a little after the items do, so it reads again until
/// every wanted id has a line or `wait` has passed. An invocation retried under the same request id keeps its last
/// line.
/// Spec: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html
public struct InvocationReportReader: Sendable {
    let logs: CloudWatchLogsClient
    let logGroup: String
    /// Time between reads while lines are missing.
    var interval: Duration = .milliseconds(250)

    public init(logs: CloudWatchLogsClient, logGroup: String) {
        self.logs = logs
        self.logGroup = logGroup
    }

    /// What a read found: a record per request id, and the last error when the group could not be read.
    public struct Outcome: Sendable {
        public var records: [String: InvocationRecord]
        public var error: String?
    }

    /// The `REPORT` lines for `requestIds`, written since `since`.
    public func read(requestIds: Set<String>, since: Date, wait: Duration) async -> Outcome {
        let clock = ContinuousClock()
        let deadline = clock.now + wait
        var records: [String: InvocationRecord] = [:]
        var lastError: String?
        while true {
            do {
                let events = try await logs.filterLogEvents(logGroup: logGroup, filterPattern: "REPORT",
                                                            startTime: since.addingTimeInterval(-1))
                records = Self.records(from: events.map(\.message), wanted: requestIds)
                lastError = nil
            } catch {
                lastError = "\(error)"
            }
            if requestIds.isSubset(of: records.keys) || clock.now >= deadline || Task.isCancelled { break }
            try? await Task.sleep(for: min(interval, deadline - clock.now))
        }
        return Outcome(records: records, error: lastError)
    }

    /// The records among `messages` (in time order) for the `wanted` request ids; the last line of an id wins.
    public static func records(from messages: [String], wanted: Set<String>) -> [String: InvocationRecord] {
        var records: [String: InvocationRecord] = [:]
        for message in messages {
            guard let line = LambdaReportLine(message.trimmingCharacters(in: .newlines)), wanted.contains(line.requestId) else { continue }
            records[line.requestId] = line
        }
        return records
    }

    /// `results` with each image's `invocation` set from `records` by its request id.
    public static func join(_ records: [String: InvocationRecord], to results: [AWSImageResult]) -> [AWSImageResult] {
        results.map { result in
            var result = result
            if let id = result.requestId { result.invocation = records[id] }
            return result
        }
    }
}
