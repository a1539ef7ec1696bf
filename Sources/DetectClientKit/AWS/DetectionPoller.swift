import AWSKitLite
import DetectionContract
import Foundation

/// Polls the detections table with BatchGetItem (consistent reads) for the ids on an `ArrivalBoard` until every
/// id has arrived after the last upload, or the board's deadline passes.
///
/// The interval starts at `minimumInterval`, doubles after each empty poll up to `maximumInterval`, returns to the
/// minimum when something arrives, and is jittered (a random 50–100 % of it) so concurrent clients do not align.
/// A failing poll (after AWSKitLite's own retries) does not end the wait; the last error is kept for the report.
/// Spec: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
struct DetectionPoller: Sendable {
    let dynamoDB: DynamoDBClient
    let table: String
    var minimumInterval: Duration = .milliseconds(50)
    var maximumInterval: Duration = .seconds(1)

    /// What polling did: the BatchGetItem calls, the keys they asked for, and the last error, if any.
    struct Record: Sendable {
        var requests = 0
        var keysRead = 0
        var lastError: (any Error)?
    }

    /// BatchGetItem's limit of keys per call.
    static let keysPerRequest = 100

    /// Polls until done (one last poll is made once the deadline has passed).
    func poll(_ board: ArrivalBoard) async -> Record {
        let clock = ContinuousClock()
        var interval = minimumInterval
        var record = Record()
        while true {
            let deadline = await board.deadline
            let isLastPoll = deadline.map { clock.now >= $0 } ?? false
            let pending = await board.pending
            if !pending.isEmpty {
                record.requests += (pending.count + Self.keysPerRequest - 1) / Self.keysPerRequest
                record.keysRead += pending.count
                do {
                    let items = try await dynamoDB.batchGetItem(
                        table: table, keys: pending.map { [DetectionItem.partitionKey: .s($0)] }, consistentRead: true)
                    let new = await board.record(items, at: clock.now)
                    interval = new > 0 ? minimumInterval : min(interval * 2, maximumInterval)
                } catch {
                    record.lastError = error
                    interval = min(interval * 2, maximumInterval)
                }
            }
            let complete = await board.isComplete
            if isLastPoll || Task.isCancelled || complete { break }
            var wait = interval * Double.random(in: 0.5...1.0)
            if let deadline = await board.deadline {
                wait = max(.zero, min(wait, deadline - clock.now))
            }
            try? await Task.sleep(for: wait)
        }
        return record
    }
}
