import DetectionContract
import Foundation

/// The human-readable text the CLI prints on standard output after a run: one line per image (first pass), then
/// the summary figures. Times in ms with one decimal.
public enum SummaryText {
    /// Per-image lines and the summary of a local run.
    public static func local(_ results: LocalRunResults) -> String {
        var lines: [String] = []
        let width = max(12, results.images.map(\.file.count).max() ?? 0)
        for image in results.images where image.pass == 1 {
            let name = image.file.padding(toLength: width, withPad: " ", startingAt: 0)
            if image.status == .ok {
                lines.append("\(name)  \(ms(image.roundTripMilliseconds)) round trip  \(ms(image.inferenceMilliseconds)) inference  \(objects(image.objects))")
            } else {
                lines.append("\(name)  FAILED: \(image.error ?? "unknown reason")")
            }
        }
        let summary = results.summary
        lines.append("")
        lines.append("\(summary.requests) requests (\(summary.images) images × \(summary.repeatCount)) to \(summary.endpoint), concurrency \(summary.concurrency): \(summary.ok) ok, \(summary.failed) failed")
        lines.append(String(format: "wall time %.3f s, throughput %.2f images/s", summary.wallSeconds, summary.throughputPerSecond))
        if let roundTrip = summary.roundTripMilliseconds { lines.append("round trip: " + latency(roundTrip)) }
        if let inference = summary.inferenceMilliseconds { lines.append("inference:  " + latency(inference)) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Per-image lines and the summary of a cloud run.
    public static func aws(_ results: AWSRunResults) -> String {
        var lines: [String] = []
        let width = max(12, results.images.map(\.file.count).max() ?? 0)
        for image in results.images {
            let name = image.file.padding(toLength: width, withPad: " ", startingAt: 0)
            switch image.status {
            case .ok:
                let cold = image.coldStart == true ? "  cold start" : ""
                lines.append("\(name)  \(ms(image.endToEndMilliseconds)) end-to-end  \(ms(image.uploadMilliseconds)) upload  \(ms(image.inferenceMilliseconds)) inference\(cold)  \(objects(image.objects))")
            case .failed:
                lines.append("\(name)  FAILED: \(image.error ?? "unknown reason")")
            case .missing:
                lines.append("\(name)  MISSING: \(image.error ?? "never appeared")")
            }
        }
        let summary = results.summary
        lines.append("")
        lines.append("\(summary.images) images to s3://\(summary.bucket) (table \(summary.table), \(summary.region)), concurrency \(summary.concurrency): \(summary.ok) ok, \(summary.failed) failed, \(summary.missing) missing, \(summary.coldStarts) cold starts")
        lines.append(String(format: "wall time %.3f s, throughput %.2f images/s", summary.wallSeconds, summary.throughputPerSecond))
        if let upload = summary.uploadMilliseconds { lines.append("upload:     " + latency(upload)) }
        if let endToEnd = summary.endToEndMilliseconds { lines.append("end-to-end: " + latency(endToEnd)) }
        if let inference = summary.inferenceMilliseconds { lines.append("inference:  " + latency(inference)) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line per failed upload, then the figures of an upload-only cloud run.
    public static func upload(_ results: UploadOnlyResults) -> String {
        var lines: [String] = []
        for upload in results.transfers.uploads where upload.status != .ok {
            lines.append("\(upload.file)  FAILED: \(upload.error ?? "unknown reason")")
        }
        let summary = results.summary
        if !lines.isEmpty { lines.append("") }
        lines.append("\(summary.images) images to s3://\(summary.bucket) (\(summary.region)), concurrency \(summary.concurrency), upload only: \(summary.uploaded) uploaded, \(summary.failed) failed")
        lines.append(String(format: "wall time %.3f s, %.2f images/s, %.2f MB/s (%d bytes)", summary.wallSeconds,
                            summary.imagesPerSecond, summary.megabytesPerSecond, summary.bytes))
        if let p50 = summary.uploadP50Milliseconds, let p95 = summary.uploadP95Milliseconds {
            lines.append(String(format: "upload: p50 %.1f ms, p95 %.1f ms", p50, p95))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The figures of a benchmark.
    public static func bench(_ result: BenchResult) -> String {
        var lines = ["\(result.requests) requests to \(result.endpoint), concurrency \(result.concurrency): \(result.failures) failed"]
        lines.append(String(format: "%.2f requests/s over %.3f s", result.requestsPerSecond, result.seconds))
        if let p50 = result.p50Milliseconds, let p95 = result.p95Milliseconds, let p99 = result.p99Milliseconds,
           let mean = result.meanMilliseconds {
            lines.append(String(format: "latency: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, mean %.1f ms", p50, p95, p99, mean))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func latency(_ summary: LatencySummary) -> String {
        String(format: "mean %.1f ms, p50 %.1f, p95 %.1f, p99 %.1f, max %.1f (total %.1f ms over %d)",
               summary.meanMilliseconds, summary.p50Milliseconds, summary.p95Milliseconds, summary.p99Milliseconds,
               summary.maxMilliseconds, summary.totalMilliseconds, summary.count)
    }

    private static func ms(_ value: Double?) -> String {
        value.map { String(format: "%7.1f ms", $0) } ?? "      – ms"
    }

    private static func objects(_ objects: [DetectedObject]) -> String {
        objects.isEmpty ? "(nothing)" : objects.map { "\($0.label) \(String(format: "%.2f", $0.accuracy))" }.joined(separator: ", ")
    }
}
