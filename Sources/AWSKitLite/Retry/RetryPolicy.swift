/// How many times a failed request is tried, and how long to wait between tries: exponential backoff with full
/// jitter, `delay = random(0..<1) × min(maxDelay, baseDelay × 2^(retry-1))`, raised to a server's `Retry-After`
/// (capped at `maxDelay`). Which failures are worth another try is `RetryClassification`'s call.
/// Spec: https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
public struct RetryPolicy: Sendable {
    /// Total tries including the first; 1 disables retries.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// Waits between tries; tests inject one that records and returns at once.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// Uniform random number in [0, 1) for the jitter; tests inject a fixed one.
    public var random: @Sendable () -> Double

    public init(
        maxAttempts: Int = 3,
        baseDelay: Duration = .milliseconds(100),
        maxDelay: Duration = .seconds(20),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.sleep = sleep
        self.random = random
    }

    /// Three tries, 100 ms base, 20 s cap: AWS's "standard" retry mode.
    public static var standard: RetryPolicy { RetryPolicy() }

    /// One try only.
    public static var never: RetryPolicy { RetryPolicy(maxAttempts: 1) }

    /// The wait before retry number `retry` (1 for the wait after the first failure).
    public func delay(beforeRetry retry: Int, retryAfterSeconds: Double? = nil) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let ceiling = min(maxDelay, baseDelay * (1 << exponent))
        var delay = ceiling * min(max(random(), 0), 1)
        // A server's Retry-After is honoured up to `maxDelay`, compared as seconds first: any number (an infinite or
        // huge one included) then converts without overflow.
        if let retryAfterSeconds, retryAfterSeconds > 0 {
            delay = max(delay, retryAfterSeconds >= maxDelay / .seconds(1) ? maxDelay : .milliseconds(Int64(retryAfterSeconds * 1000)))
        }
        return delay
    }

    /// Runs `attempt` (given the 1-based try number) until it succeeds, throws an error `isRetryable` rejects, or
    /// `maxAttempts` tries have failed; rethrows the last error. Sleeps `delay(beforeRetry:)` between tries.
    public func run<Result: Sendable>(
        isRetryable: (any Error) -> Bool = RetryClassification.isRetryable,
        _ attempt: (Int) async throws -> Result
    ) async throws -> Result {
        var tryNumber = 1
        while true {
            do {
                return try await attempt(tryNumber)
            } catch {
                guard tryNumber < maxAttempts, isRetryable(error), !Task.isCancelled else { throw error }
                try await sleep(delay(beforeRetry: tryNumber, retryAfterSeconds: (error as? AWSError)?.retryAfterSeconds))
                tryNumber += 1
            }
        }
    }
}
