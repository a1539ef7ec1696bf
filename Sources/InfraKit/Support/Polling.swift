/// How long to wait for something that converges on its own (a function becoming Active, a table being created
/// or deleted), and how often to look. `sleep` is injectable so tests need not wait in real time.
public struct Polling: Sendable {
    /// Time between two looks.
    public var interval: Duration
    /// Give up after this much waiting (the sum of the intervals slept).
    public var timeout: Duration
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(interval: Duration = .seconds(2), timeout: Duration = .seconds(300),
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.interval = interval
        self.timeout = timeout
        self.sleep = sleep
    }

    /// Calls `look` until it returns a value; between looks sleeps `interval` and, when the progress text changed
    /// or every 10 s of waiting, calls `progress` with it and the seconds waited so far.
    /// - Throws: whatever `look` throws, or `onTimeout(lastProgress, waitedSeconds)` once `timeout` has passed.
    @discardableResult
    func wait<Value: Sendable>(
        progress: (String, Int) -> Void,
        onTimeout: (String, Int) -> any Error,
        _ look: () async throws -> (value: Value?, progress: String)
    ) async throws -> Value {
        var waited = Duration.zero
        var lastReported: String?
        var lastReportAt = Duration.zero
        while true {
            let (value, text) = try await look()
            if let value { return value }
            let seconds = Int(waited.components.seconds)
            if waited >= timeout { throw onTimeout(text, seconds) }
            if text != lastReported || waited - lastReportAt >= .seconds(10) {
                progress(text, seconds)
                lastReported = text
                lastReportAt = waited
            }
            try await sleep(interval)
            waited += interval
        }
    }
}
