/// Count, total, mean, extremes and the 50th, 95th and 99th percentiles (type 7, see `percentile(ofSorted:_:)`)
/// of a set of durations in milliseconds. Figures are rounded to the microsecond.
public struct LatencySummary: Codable, Sendable, Equatable {
    public var count: Int
    public var totalMilliseconds: Double
    public var meanMilliseconds: Double
    public var minMilliseconds: Double
    public var p50Milliseconds: Double
    public var p95Milliseconds: Double
    public var p99Milliseconds: Double
    public var maxMilliseconds: Double

    enum CodingKeys: String, CodingKey {
        case count
        case totalMilliseconds = "total_ms", meanMilliseconds = "mean_ms", minMilliseconds = "min_ms"
        case p50Milliseconds = "p50_ms", p95Milliseconds = "p95_ms", p99Milliseconds = "p99_ms", maxMilliseconds = "max_ms"
    }

    public init(count: Int, totalMilliseconds: Double, meanMilliseconds: Double, minMilliseconds: Double,
                p50Milliseconds: Double, p95Milliseconds: Double, p99Milliseconds: Double, maxMilliseconds: Double) {
        self.count = count
        self.totalMilliseconds = totalMilliseconds
        self.meanMilliseconds = meanMilliseconds
        self.minMilliseconds = minMilliseconds
        self.p50Milliseconds = p50Milliseconds
        self.p95Milliseconds = p95Milliseconds
        self.p99Milliseconds = p99Milliseconds
        self.maxMilliseconds = maxMilliseconds
    }

    /// The summary of `values` (any order); nil when there are none.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let total = sorted.reduce(0, +)
        self.init(
            count: sorted.count,
            totalMilliseconds: rounded(total),
            meanMilliseconds: rounded(total / Double(sorted.count)),
            minMilliseconds: rounded(sorted[0]),
            p50Milliseconds: rounded(percentile(ofSorted: sorted, 0.50)!),
            p95Milliseconds: rounded(percentile(ofSorted: sorted, 0.95)!),
            p99Milliseconds: rounded(percentile(ofSorted: sorted, 0.99)!),
            maxMilliseconds: rounded(sorted[sorted.count - 1]))
    }
}
