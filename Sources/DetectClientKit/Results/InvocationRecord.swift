import AWSKitLite

/// The figures of one invocation's `REPORT` line in the function's log, joined to its image by request id: the line
/// as `LambdaReportLine` reads it, written in the results as
/// `{"request_id", "duration_ms", "billed_duration_ms", "memory_size_mb", "max_memory_used_mb", "init_duration_ms"}`
/// (`init_duration_ms` only on an environment's first invocation).
/// Spec: https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
public typealias InvocationRecord = LambdaReportLine

extension LambdaReportLine: Codable {
    enum CodingKeys: String, CodingKey {
        case requestId = "request_id", durationMilliseconds = "duration_ms", billedDurationMilliseconds = "billed_duration_ms"
        case memorySizeMB = "memory_size_mb", maxMemoryUsedMB = "max_memory_used_mb", initDurationMilliseconds = "init_duration_ms"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            requestId: try container.decode(String.self, forKey: .requestId),
            durationMilliseconds: try container.decode(Double.self, forKey: .durationMilliseconds),
            billedDurationMilliseconds: try container.decode(Double.self, forKey: .billedDurationMilliseconds),
            memorySizeMB: try container.decode(Int.self, forKey: .memorySizeMB),
            maxMemoryUsedMB: try container.decode(Int.self, forKey: .maxMemoryUsedMB),
            initDurationMilliseconds: try container.decodeIfPresent(Double.self, forKey: .initDurationMilliseconds))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(requestId, forKey: .requestId)
        try container.encode(durationMilliseconds, forKey: .durationMilliseconds)
        try container.encode(billedDurationMilliseconds, forKey: .billedDurationMilliseconds)
        try container.encode(memorySizeMB, forKey: .memorySizeMB)
        try container.encode(maxMemoryUsedMB, forKey: .maxMemoryUsedMB)
        try container.encodeIfPresent(initDurationMilliseconds, forKey: .initDurationMilliseconds)
    }
}
