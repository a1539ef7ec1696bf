import AWSKitLite
import DetectionContract

/// The ids a cloud run is waiting for, shared by the uploads (which add ids as their objects land in S3) and the
/// poller (which records the items it finds, with the instant it saw them).
actor ArrivalBoard {
    struct Arrival: Sendable {
        var item: Result<DetectionItem, DetectionItemError>
        var seenAt: ContinuousClock.Instant
    }

    private var expected: [String: String] = [:]  // id -> file name, for progress lines
    private var arrivals: [String: Arrival] = [:]
    private(set) var deadline: ContinuousClock.Instant?
    private let progress: ProgressReporter
    private var waitingShown = false

    init(progress: ProgressReporter) {
        self.progress = progress
    }

    /// An upload of `file` under `id` has finished; its item may appear from now on.
    func expect(id: String, file: String) {
        expected[id] = file
    }

    /// No more uploads will come: wait until `deadline` at most. Starts the `waiting` progress.
    func uploadsFinished(deadline: ContinuousClock.Instant) {
        self.deadline = deadline
        guard !expected.isEmpty else { return }
        progress.start("waiting", total: expected.count, done: arrivals.count)
        waitingShown = true
    }

    /// Ids uploaded and not yet seen.
    var pending: [String] {
        expected.keys.filter { arrivals[$0] == nil }.sorted()
    }

    /// True when the uploads are over and every id has arrived.
    var isComplete: Bool {
        deadline != nil && arrivals.count == expected.count
    }

    /// Records the items of one BatchGetItem reply, seen at `instant`; returns how many were new.
    @discardableResult
    func record(_ items: [DynamoDBItem], at instant: ContinuousClock.Instant) -> Int {
        var new = 0
        for raw in items {
            guard let id = raw[DetectionItem.partitionKey]?.stringValue, expected[id] != nil, arrivals[id] == nil else { continue }
            let item = Result { () throws(DetectionItemError) in try DetectionItem(attributes: raw) }
            arrivals[id] = Arrival(item: item, seenAt: instant)
            new += 1
            if waitingShown {
                let failure: String? = switch item {
                case .success(let detection): detection.status == .ok ? nil : (detection.error ?? "the function reported a failure")
                case .failure(let error): error.description
                }
                progress.advance(item: expected[id] ?? id, failure: failure)
            }
        }
        return new
    }

    /// What has arrived, by id.
    var arrived: [String: Arrival] { arrivals }
}
