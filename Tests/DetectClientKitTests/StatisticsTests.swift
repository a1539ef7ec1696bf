import DetectClientKit
import Testing

/// Percentiles and latency summaries on data whose answers are worked out by hand with the type 7 rule
/// (numpy.percentile's default): h = (n - 1) p, x[⌊h⌋] + (h - ⌊h⌋)(x[⌊h⌋+1] - x[⌊h⌋]).
@Suite struct StatisticsTests {
    @Test func percentilesOfOneToTen() {
        let values = (1...10).map(Double.init)
        #expect(percentile(ofSorted: values, 0.50) == 5.5)  // h = 4.5
        #expect(abs(percentile(ofSorted: values, 0.95)! - 9.55) < 1e-12)  // h = 8.55
        #expect(abs(percentile(ofSorted: values, 0.99)! - 9.91) < 1e-12)  // h = 8.91
        #expect(percentile(ofSorted: values, 0) == 1)
        #expect(percentile(ofSorted: values, 1) == 10)
    }

    @Test func percentilesOfFiveValues() {
        let sorted = [15.0, 20, 35, 40, 50]
        #expect(percentile(ofSorted: sorted, 0.25) == 20)  // h = 1
        #expect(percentile(ofSorted: sorted, 0.50) == 35)  // h = 2
        #expect(abs(percentile(ofSorted: sorted, 0.95)! - 48) < 1e-12)  // h = 3.8: 40 + 0.8 × 10
        #expect(abs(percentile(ofSorted: sorted, 0.99)! - 49.6) < 1e-12)  // h = 3.96
    }

    @Test func degenerateInputs() {
        #expect(percentile(ofSorted: [], 0.5) == nil)
        #expect(percentile(ofSorted: [7], 0.99) == 7)
        #expect(LatencySummary([]) == nil)
    }

    @Test func summarySortsAndRounds() throws {
        let summary = try #require(LatencySummary([40, 15, 50, 35, 20.0004]))
        #expect(summary.count == 5)
        #expect(summary.totalMilliseconds == 160)  // 160.0004 rounded to the microsecond
        #expect(summary.meanMilliseconds == 32)
        #expect(summary.minMilliseconds == 15)
        #expect(summary.p50Milliseconds == 35)
        #expect(summary.p95Milliseconds == 48)
        #expect(summary.p99Milliseconds == 49.6)
        #expect(summary.maxMilliseconds == 50)
    }
}
