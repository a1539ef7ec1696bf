import Foundation

/// A set of durations as percentiles and a histogram, the form that stays readable for a thousand images:
/// p50, p90, p95, p99 and max (type 7, see `percentile(ofSorted:_:)`), and counts in equal bins from 0 to a round
/// upper bound (each bin holds values in `[lower, upper)`, the last also its upper bound).
public struct Distribution: Encodable, Sendable, Equatable {
    public struct Bin: Encodable, Sendable, Equatable {
        public var lowerMilliseconds: Double
        public var upperMilliseconds: Double
        public var count: Int

        enum CodingKeys: String, CodingKey {
            case lowerMilliseconds = "lower_ms", upperMilliseconds = "upper_ms", count
        }
    }

    /// The percentiles reported, as fractions.
    public static let fractions = [0.5, 0.9, 0.95, 0.99, 1.0]

    public var name: String
    public var count: Int
    /// `p50`, `p90`, `p95`, `p99`, `max` → ms.
    public var percentiles: [String: Double]
    public var bins: [Bin]

    /// The distribution of `values` in `binCount` bins from 0 to `upperBound` (default: a round number at or above
    /// the largest value), so several distributions can share one axis.
    public init(name: String, values: [Double], binCount: Int = 20, upperBound: Double? = nil) {
        self.name = name
        let sorted = values.sorted()
        count = sorted.count
        var percentiles: [String: Double] = [:]
        for fraction in Self.fractions {
            guard let value = percentile(ofSorted: sorted, fraction) else { continue }
            percentiles[fraction == 1 ? "max" : "p\(Int((fraction * 100).rounded()))"] = rounded(value)
        }
        self.percentiles = percentiles
        let top = upperBound ?? SVGChart.niceAxis(maximum: sorted.last ?? 0).maximum
        let width = top / Double(max(1, binCount))
        var counts = [Int](repeating: 0, count: max(1, binCount))
        for value in sorted {
            let index = width > 0 ? min(counts.count - 1, max(0, Int((value / width).rounded(.down)))) : 0
            counts[index] += 1
        }
        bins = counts.enumerated().map { index, count in
            Bin(lowerMilliseconds: rounded(Double(index) * width), upperMilliseconds: rounded(Double(index + 1) * width), count: count)
        }
    }
}
