/// The `REPORT` line Lambda writes to a function's log after each invocation, read into numbers:
/// `REPORT RequestId: <id>⇥Duration: 230.11 ms⇥Billed Duration: 231 ms⇥Memory Size: 1024 MB⇥Max Memory Used: 88 MB⇥`
/// and, on an environment's first invocation, `Init Duration: 180.03 ms⇥`. Fields are tab-separated `Name: value unit`;
/// unknown fields (e.g. X-Ray's) are ignored.
/// Spec: https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
public struct LambdaReportLine: Sendable, Equatable {
    public var requestId: String
    /// Milliseconds the handler ran.
    public var durationMilliseconds: Double
    /// Milliseconds billed (rounded up to the next millisecond).
    public var billedDurationMilliseconds: Double
    /// The function's configured memory, MiB.
    public var memorySizeMB: Int
    /// Peak memory of the environment, MiB.
    public var maxMemoryUsedMB: Int
    /// Milliseconds of the environment's init; only on its first invocation (a cold start).
    public var initDurationMilliseconds: Double?

    public init(requestId: String, durationMilliseconds: Double, billedDurationMilliseconds: Double, memorySizeMB: Int,
                maxMemoryUsedMB: Int, initDurationMilliseconds: Double? = nil) {
        self.requestId = requestId
        self.durationMilliseconds = durationMilliseconds
        self.billedDurationMilliseconds = billedDurationMilliseconds
        self.memorySizeMB = memorySizeMB
        self.maxMemoryUsedMB = maxMemoryUsedMB
        self.initDurationMilliseconds = initDurationMilliseconds
    }

    /// nil when `message` is not a complete `REPORT` line.
    public init?(_ message: String) {
        guard message.hasPrefix("REPORT ") else { return nil }
        var fields: [Substring: Substring] = [:]
        for field in message.dropFirst("REPORT ".count).split(separator: "\t") {
            guard let colon = field.firstIndex(of: ":") else { continue }
            fields[field[..<colon].drop(while: \.isWhitespace)] = field[field.index(after: colon)...].drop(while: \.isWhitespace)
        }
        func number(_ name: Substring) -> Double? {
            fields[name].flatMap { Double($0.split(separator: " ").first ?? "") }
        }
        guard let requestId = fields["RequestId"].map(String.init), !requestId.isEmpty,
              let duration = number("Duration"), let billed = number("Billed Duration"),
              let memory = number("Memory Size"), let used = number("Max Memory Used")
        else { return nil }
        self.init(requestId: requestId, durationMilliseconds: duration, billedDurationMilliseconds: billed,
                  memorySizeMB: Int(memory), maxMemoryUsedMB: Int(used), initDurationMilliseconds: number("Init Duration"))
    }
}
