import ArgumentParser
import DetectClientKit
import Foundation

/// `detect-client report`: the local-against-cloud comparison from two result files.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare a local and a cloud run: Markdown on stdout, and an HTML page with latency plots.",
        discussion: """
            Reads DIR/detections_local.json and DIR/detections_aws.json and reports, for each path: images \
            processed, failures and missing images, total and average inference time, average transfer (upload) \
            time, round trip (local) and end-to-end (cloud) mean, p50 and p95, throughput, cold starts; and whether \
            both paths found the same objects in each image. The HTML page (self-contained, no scripts) adds \
            per-image bars and latency distributions.

            Examples:
              detect-client report out
              detect-client report out --html /tmp/report.html
              detect-client report out --json | jq .cloud.latency_p95_ms
            """)

    @Argument(help: "Folder holding detections_local.json and detections_aws.json.")
    var directory: String

    @Option(help: "Where to write the HTML page. (default: DIR/report.html)")
    var html: String?

    @Flag(help: "Print the comparison as one JSON object instead of Markdown.")
    var json = false

    func run() throws {
        let inputs: ReportInputs
        do {
            inputs = try ReportInputs.load(directory: directory)
        } catch {
            throw CommandFailure.report("report", "\(error)")
        }
        let comparison = Comparison(local: inputs.local, cloud: inputs.cloud)
        let htmlPath = html ?? (directory as NSString).appendingPathComponent("report.html")
        do {
            let page = HTMLReport.render(comparison, local: inputs.local, cloud: inputs.cloud)
            let url = URL(fileURLWithPath: htmlPath)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(page.utf8).write(to: url, options: .atomic)
        } catch {
            throw CommandFailure.report("report", "cannot write \(htmlPath): \(error.localizedDescription)")
        }
        if json {
            printOut(String(decoding: try ResultFile.encode(comparison), as: UTF8.self))
        } else {
            printOut(MarkdownReport.render(comparison, local: inputs.local, cloud: inputs.cloud))
        }
        CommandFailure.note("HTML report: \(htmlPath)")
    }
}
