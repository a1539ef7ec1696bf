import CommandLineSupport
import Foundation

/// One printed line: a body's decode times, the detection's CPU, each decoder's share of the request's CPU and
/// each standard decoder's time over the server parser's.
struct Row {
    var name: String
    var bodyKilobytes: Double
    var timings: DecoderTiming
    var detectionMilliseconds: Double

    static let header = [
        "body".padding(toLength: 22, withPad: " ", startingAt: 0),
        "KB", "server µs", "JSONSer µs", "JSONDec µs", "detect ms", "server %", "JSONSer %", "JSONDec %",
        "JSONSer/server", "JSONDec/server",
    ].enumerated().map { $0.offset == 0 ? $0.element : pad($0.element) }.joined()

    var text: String {
        let share = { (microseconds: Double) in 100 * microseconds / (microseconds + detectionMilliseconds * 1000) }
        let columns = [
            String(format: "%.0f", bodyKilobytes),
            String(format: "%.0f", timings.serverParser), String(format: "%.0f", timings.jsonSerialization),
            String(format: "%.0f", timings.jsonDecoder), String(format: "%.1f", detectionMilliseconds),
            String(format: "%.2f", share(timings.serverParser)), String(format: "%.2f", share(timings.jsonSerialization)),
            String(format: "%.2f", share(timings.jsonDecoder)),
            String(format: "%.2f", timings.jsonSerialization / timings.serverParser),
            String(format: "%.2f", timings.jsonDecoder / timings.serverParser),
        ]
        return name.padding(toLength: 22, withPad: " ", startingAt: 0) + columns.map(Self.pad).joined()
    }

    /// The column-wise median of `rows`.
    static func median(of rows: [Row], name: String) -> Row {
        Row(
            name: name, bodyKilobytes: Median.of(rows.map(\.bodyKilobytes)),
            timings: DecoderTiming(
                serverParser: Median.of(rows.map(\.timings.serverParser)),
                jsonSerialization: Median.of(rows.map(\.timings.jsonSerialization)),
                jsonDecoder: Median.of(rows.map(\.timings.jsonDecoder))),
            detectionMilliseconds: Median.of(rows.map(\.detectionMilliseconds)))
    }

    private static func pad(_ text: String) -> String {
        String(repeating: " ", count: max(1, 15 - text.count)) + text
    }
}
