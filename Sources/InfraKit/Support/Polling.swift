import AWSKitLite

/// How long to wait for something that converges on its own (a function becoming Active, a table being created
/// or deleted, a refusal that AWS lifts once it has caught up), and how often to look. `sleep` is injectable so
/// tests need not wait in real time.
public struct Polling: Sendable {
    /// Time between two looks; the first wait before retrying a refused call.
    public var interval: Duration
    /// Give up after this much waiting (the sum of the time slept).
    public var timeout: Duration
    /// The longest wait between two tries of a refused call (the waits double from `interval` up to this).
    public var maxBackoff: Duration
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(interval: Duration = .seconds(2), timeout: Duration = .seconds(300), maxBackoff: Duration = .seconds(16),
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.interval = interval
        self.timeout = timeout
        self.maxBackoff = maxBackoff
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

    /// Runs `call` until it returns. While it throws an `AWSError` one of `refusals` recognises, waits (`interval`,
    /// then twice as long each time, at most `maxBackoff`, never past `timeout`) and tries again, calling `progress`
    /// with what is still settling and the seconds waited so far when that changes or every 10 s. Any other error
    /// is thrown at once.
    /// - Throws: `call`'s error, or `InfraError.stillRefused` with the last refusal once `timeout` has passed.
    @discardableResult
    public func retrying<Value: Sendable>(
        while refusals: [TransientRefusal],
        progress: (String, Int) -> Void,
        _ call: () async throws -> Value
    ) async throws -> Value {
        var waited = Duration.zero
        var backoff = interval
        var lastReported: String?
        var lastReportAt = Duration.zero
        while true {
            do {
                return try await call()
            } catch let error as AWSError {
                guard let refusal = refusals.first(where: { $0.matches(error) }) else { throw error }
                let seconds = Int(waited.components.seconds)
                guard waited < timeout else {
                    throw InfraError.stillRefused(waitingFor: refusal.waitingFor, waitedSeconds: seconds, error: error)
                }
                if refusal.waitingFor != lastReported || waited - lastReportAt >= .seconds(10) {
                    progress(refusal.waitingFor, seconds)
                    lastReported = refusal.waitingFor
                    lastReportAt = waited
                }
                let pause = min(backoff, timeout - waited)
                try await sleep(pause)
                waited += pause
                backoff = min(backoff * 2, maxBackoff)
            }
        }
    }
}
