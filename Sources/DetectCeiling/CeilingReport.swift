import Foundation

/// The ceiling's answer: every layout measured, and the two figures a server is compared with.
struct CeilingReport: Sendable, Encodable {
    var opencv: String
    var cores: Int
    var imageCount: Int
    var passes: Int
    var layouts: [LayoutMeasurement]
    /// The layout with the most images per second: the throughput ceiling.
    var bestThroughput: LayoutMeasurement
    /// The single-net layout with the lowest median per-image time: the latency floor for one request at a time.
    var bestLatency: LayoutMeasurement

    enum CodingKeys: String, CodingKey {
        case opencv, cores, passes, layouts
        case imageCount = "image_count"
        case bestThroughput = "best_throughput"
        case bestLatency = "best_latency"
    }

    init(opencv: String, cores: Int, imageCount: Int, passes: Int, layouts: [LayoutMeasurement]) {
        precondition(!layouts.isEmpty, "a report needs at least one layout")
        self.opencv = opencv
        self.cores = cores
        self.imageCount = imageCount
        self.passes = passes
        self.layouts = layouts
        bestThroughput = layouts.max { $0.imagesPerSecond < $1.imagesPerSecond }!
        let singleStream = layouts.filter { $0.nets == 1 }
        bestLatency = (singleStream.isEmpty ? layouts : singleStream).min { $0.p50Milliseconds < $1.p50Milliseconds }!
    }

    /// One JSON object, keys sorted.
    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// A table a person reads: one line per layout, then the two best.
    func text() -> String {
        var lines = [
            "detect-ceiling: OpenCV \(opencv), \(cores) cores, \(imageCount) images × \(passes) passes per layout",
            "layout (nets x threads)   images/s   p50 ms   mean ms   CPU ms/image",
        ]
        for layout in layouts {
            let name = layout.layout.padding(toLength: 25, withPad: " ", startingAt: 0)
            lines.append(
                name + String(
                    format: " %8.2f %8.2f %9.2f %14.2f", layout.imagesPerSecond, layout.p50Milliseconds, layout.meanMilliseconds,
                    layout.cpuMillisecondsPerImage))
        }
        lines.append(
            String(format: "ceiling throughput: %.2f images/s (%@)", bestThroughput.imagesPerSecond, bestThroughput.layout))
        lines.append(
            String(format: "ceiling per-image time: %.2f ms p50 (%@)", bestLatency.p50Milliseconds, bestLatency.layout))
        return lines.joined(separator: "\n")
    }
}
