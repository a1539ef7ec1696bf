import AWSKitLite

/// The figures of one invocation's `REPORT` line in the function's log, joined to its image by request id:
/// `{"request_id", "duration_ms", "billed_duration_ms", "memory_size_mb", "max_memory_used_mb", "init_duration_ms"}`.
/// Spec: https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
public struct InvocationRecord: Codable, Sendable, Equatable {
    public var requestId: String
    public var durationMilliseconds: Double
    public var billedDurationMilliseconds: Double
    public var memorySizeMB: Int
    public var maxMemoryUsedMB: Int
    /// Only on an environment's first invocation.
    public var initDurationMilliseconds: Double?

    enum CodingKeys: String, CodingKey {
        case requestId = "request_id", durationMilliseconds = "duration_ms", billedDurationMilliseconds = "billed_duration_ms"
        case memorySizeMB = "memory_size_mb", maxMemoryUsedMB = "max_memory_used_mb", initDurationMilliseconds = "init_duration_ms"
    }

    public init(requestId: String, durationMilliseconds: Double, billedDurationMilliseconds: Double, memorySizeMB: Int,
                maxMemoryUsedMB: Int, initDurationMilliseconds: Double? = nil) {
        self.requestId = requestId
        self.durationMilliseconds = durationMilliseconds
        self.billedDurationMilliseconds = billedDurationMilliseconds
        self.memorySizeMB = memorySizeMB
        self.maxMemoryUsedMB = maxMemoryUsedMB
        self.initDurationMilliseconds = initDurationMilliseconds
    }

    public init(_ line: LambdaReportLine) {
        self.init(requestId: line.requestId, durationMilliseconds: line.durationMilliseconds,
                  billedDurationMilliseconds: line.billedDurationMilliseconds, memorySizeMB: line.memorySizeMB,
                  maxMemoryUsedMB: line.maxMemoryUsedMB, initDurationMilliseconds: line.initDurationMilliseconds)
    }
}
