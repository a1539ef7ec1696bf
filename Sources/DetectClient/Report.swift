import ArgumentParser
import CommandLineSupport
import DetectClientKit
import Foundation

/// `detect-client report`: the local-against-cloud comparison from the result files.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare a local and a cloud run in time and money: Markdown on stdout, and an HTML page with plots.",
        discussion: """
            Reads DIR/detections_local.json, DIR/detections_aws.json and, when present, \
            DIR/detections_local_sequential.json (detect-client local --concurrency 1), and reports where and how \
            each path ran (an emulator is marked), for each path: images processed, failures and missing images, \
            total and average inference time (like for like: the local figure one request at a time), average \
            transfer (upload) time, round trip (local) and end-to-end (cloud) mean, p50 and p95, throughput, cold \
            starts; what each figure includes; the original study's three figures beside this run's; the cost of \
            1,000 images on each path and the load above which an always-on server is cheaper; and whether both \
            paths found the same objects. The HTML page (self-contained, no scripts) adds per-image bars, or beyond \
            50 images histograms and percentiles, latency distributions and the cost plot. --json prints every \
            figure the page shows.

            Prices come from Pricing/aws-us-east-1.json (in the current folder, or the project the executable was \
            built in); --pricing FILE gives another file of the same form.

            Examples:
              detect-client report out
              detect-client report out --html /tmp/report.html
              detect-client report out --pricing my-prices.json
              detect-client report out --json | jq .cost.break_even_images_per_hour
            """)

    @Argument(help: "Folder holding detections_local.json and detections_aws.json.")
    var directory: String

    @Option(help: "Where to write the HTML page. (default: DIR/report.html)")
    var html: String?

    @Option(help: "Pricing file (JSON, as Pricing/aws-us-east-1.json). (default: Pricing/aws-us-east-1.json)")
    var pricing: String?

    @Flag(help: "Print every figure as one JSON object instead of Markdown.")
    var json = false

    func run() throws {
        let inputs: ReportInputs
        do {
            inputs = try ReportInputs.load(directory: directory)
        } catch {
            throw CommandFailure.report("detect-client report", "\(error)")
        }
        var prices: Pricing?
        var pricingProblem: String?
        if let path = pricing ?? Pricing.defaultFile() {
            do {
                prices = try Pricing.read(from: path)
            } catch {
                // An explicit file must be usable; the default one missing only leaves out the cost.
                if pricing != nil { throw CommandFailure.report("detect-client report", "\(error)") }
                pricingProblem = "\(error)"
            }
        } else {
            pricingProblem = "no pricing file found (\(Pricing.defaultPath)): give --pricing FILE"
        }
        let report = DecisionReport(inputs: inputs, pricing: prices, pricingProblem: pricingProblem)
        let htmlPath = html ?? (directory as NSString).appendingPathComponent("report.html")
        do {
            let page = HTMLReport.render(report, inputs: inputs)
            let url = URL(fileURLWithPath: htmlPath)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(page.utf8).write(to: url, options: .atomic)
        } catch {
            throw CommandFailure.report("detect-client report", "cannot write \(htmlPath): \(error.localizedDescription)")
        }
        if json {
            printOut(String(decoding: try ResultFile.encode(report), as: UTF8.self))
        } else {
            printOut(MarkdownReport.render(report, inputs: inputs))
        }
        CommandFailure.note("HTML report: \(htmlPath)")
    }
}
