/// The figures of one closed-loop benchmark: measured requests (warm-up excluded), failures among them, the
/// wall time from the first measured request to the last reply, successful requests per second over it, and the
/// latency of successful requests (type 7 percentiles).
///
/// Its JSON is exactly `{"endpoint", "concurrency", "requests", "failures", "seconds", "requests_per_second",
/// "p50_ms", "p95_ms", "p99_ms", "mean_ms"}` (latencies null when nothing succeeded).
public struct BenchResult: Codable, Sendable, Equatable {
    public var endpoint: String
    public var concurrency: Int
    public var requests: Int
    public var failures: Int
    public var seconds: Double
    public var requestsPerSecond: Double
    public var p50Milliseconds: Double?
    public var p95Milliseconds: Double?
    public var p99Milliseconds: Double?
    public var meanMilliseconds: Double?
    /// The first failure's reason, for the one-line error (not part of the JSON).
    public var firstFailure: String?

    enum CodingKeys: String, CodingKey {
        case endpoint, concurrency, requests, failures, seconds, requestsPerSecond = "requests_per_second"
        case p50Milliseconds = "p50_ms", p95Milliseconds = "p95_ms", p99Milliseconds = "p99_ms", meanMilliseconds = "mean_ms"
    }

    public init(endpoint: String, concurrency: Int, requests: Int, failures: Int, seconds: Double, requestsPerSecond: Double,
                p50Milliseconds: Double?, p95Milliseconds: Double?, p99Milliseconds: Double?, meanMilliseconds: Double?,
                firstFailure: String? = nil) {
        self.endpoint = endpoint
        self.concurrency = concurrency
        self.requests = requests
        self.failures = failures
        self.seconds = seconds
        self.requestsPerSecond = requestsPerSecond
        self.p50Milliseconds = p50Milliseconds
        self.p95Milliseconds = p95Milliseconds
        self.p99Milliseconds = p99Milliseconds
        self.meanMilliseconds = meanMilliseconds
        self.firstFailure = firstFailure
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(endpoint, forKey: .endpoint)
        try container.encode(concurrency, forKey: .concurrency)
        try container.encode(requests, forKey: .requests)
        try container.encode(failures, forKey: .failures)
        try container.encode(seconds, forKey: .seconds)
        try container.encode(requestsPerSecond, forKey: .requestsPerSecond)
        try container.encode(p50Milliseconds, forKey: .p50Milliseconds)
        try container.encode(p95Milliseconds, forKey: .p95Milliseconds)
        try container.encode(p99Milliseconds, forKey: .p99Milliseconds)
        try container.encode(meanMilliseconds, forKey: .meanMilliseconds)
    }
}
