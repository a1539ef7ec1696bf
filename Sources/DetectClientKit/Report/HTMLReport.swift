/// The report as one self-contained page: where each path ran (an emulator marked as such), the comparison table
/// with what each figure includes, the original study's table beside this run's, cost and break-even with a plot,
/// per-image bars (up to `perImageLimit` images; beyond, histograms and percentile plots), the latency
/// distributions, object agreement and failures. The markup is XHTML-compatible (it parses as XML), with inline
/// SVG and CSS, no scripts and nothing fetched.
public enum HTMLReport {
    static let localColor = "#1f77b4"
    static let cloudColor = "#ff7f0e"
    static let uploadColor = "#9467bd"
    static let serverColor = "#d62728"
    /// Failures listed before the rest are only counted.
    static let failureListLimit = 50

    /// The page for the comparison of two result files alone (no sequential run, no prices).
    public static func render(_ comparison: Comparison, local: LocalRunResults, cloud: AWSRunResults) -> String {
        render(DecisionReport(inputs: ReportInputs(local: local, cloud: cloud), pricing: nil),
               inputs: ReportInputs(local: local, cloud: cloud))
    }

    /// The page's text.
    public static func render(_ report: DecisionReport, inputs: ReportInputs) -> String {
        let comparison = report.comparison
        let local = inputs.local, cloud = inputs.cloud
        let files = comparison.agreement.map(\.file)
        let e = SVGChart.escape
        var body = ""
        body += "<h1>Local vs cloud: \(files.count) images</h1>\n"
        let markClass = report.setting.emulated ? "marking emulated" : "marking"
        body += "<p class=\"\(markClass)\">\(e(ReportSentences.whereItRan(report)))</p>\n"

        body += "<h2>Where and how each path ran</h2>\n"
        body += "<table class=\"setting\">\n<thead><tr><th>run</th><th>in flight</th><th>served by</th><th>machine</th><th>endpoint</th></tr></thead>\n<tbody>\n"
        for run in report.setting.runs {
            let servers = run.servers.map { "\($0) \(run.serversDescription)" } ?? run.serversDescription
            body += "<tr><td>\(e(run.name))</td><td>\(run.concurrency)</td><td>\(e(servers))</td><td>\(e(run.machine))</td><td>\(e(run.endpoint))</td></tr>\n"
        }
        body += "</tbody>\n</table>\n"

        body += "<h2>Comparison</h2>\n"
        body += "<table>\n<thead><tr><th></th><th>local (detect-server, concurrency \(local.summary.concurrency))</th><th>cloud (S3 → Lambda → DynamoDB)</th></tr></thead>\n<tbody>\n"
        for row in ComparisonTable(comparison, sequential: report.sequential).rows {
            body += "<tr><th scope=\"row\">\(e(row.label))</th><td>\(e(row.local))</td><td>\(e(row.cloud))</td></tr>\n"
        }
        body += "</tbody>\n</table>\n"
        body += "<p class=\"verdict\">\(e(ReportSentences.inference(report)))</p>\n"
        body += "<p class=\"note\">\(e(ComparisonTable.latencyNote))</p>\n"
        body += "<h3>What each figure includes</h3>\n<ul class=\"notes\">\n"
        for note in report.figureNotes {
            body += "<li><b>\(e(note.figure))</b>: \(e(note.includes))</li>\n"
        }
        body += "</ul>\n"

        body += "<h2>The original study's figures</h2>\n"
        body += "<table class=\"seed\">\n<thead><tr><th>figure</th><th>original study</th><th>this run</th><th>this run's figure</th></tr></thead>\n<tbody>\n"
        for row in report.seedTable.rows {
            body += "<tr><th scope=\"row\">\(e(row.figure))</th><td>\(e(row.seedMilliseconds.map { ReportSentences.ms($0) } ?? "not recorded"))</td><td>\(e(ReportSentences.ms(row.thisRunMilliseconds)))</td><td>\(e(row.basis))</td></tr>\n"
        }
        body += "</tbody>\n</table>\n<p class=\"note\">\(e(report.seedTable.seedNote))</p>\n"

        body += costSection(report)
        if let memory = report.memorySizes {
            body += "<h2>Which Lambda memory size</h2>\n<table class=\"memory\">\n<thead><tr>"
                + ReportSentences.memoryHeader.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            for row in ReportSentences.memoryRows(memory) {
                body += "<tr>" + row.map { "<td>\(e($0))</td>" }.joined() + "</tr>\n"
            }
            body += "</tbody>\n</table>\n<p class=\"verdict\">\(e(ReportSentences.memoryVerdict(memory)))</p>\n"
        }

        if files.count <= report.perImageLimit {
            body += perImageSection(files: files, local: local, cloud: cloud)
        } else {
            body += scaleSection(report)
        }
        body += "<h2>Distribution</h2>\n<figure>\n"
        body += SVGChart.distribution(
            title: "Share of images answered within a time",
            series: [
                .init(name: "local round trip", color: localColor, values: local.images.filter { $0.status == .ok }.map(\.roundTripMilliseconds)),
                .init(name: "cloud end-to-end", color: cloudColor, values: cloud.images.filter { $0.status == .ok }.map(\.endToEndMilliseconds)),
            ], unit: "ms")
        body += "</figure>\n"

        body += "<h2>Same objects on both paths</h2>\n<p>\(e(ComparisonTable.agreementSentence(comparison)))</p>\n"
        let listed = files.count <= report.perImageLimit ? comparison.agreement : comparison.agreement.filter { $0.verdict != .same }
        if !listed.isEmpty {
            body += "<table class=\"agreement\">\n<thead><tr><th>file</th><th>objects (local / cloud)</th><th>verdict</th></tr></thead>\n<tbody>\n"
            for entry in listed.prefix(failureListLimit) {
                let counts = "\(entry.localObjects.map(String.init) ?? "–") / \(entry.cloudObjects.map(String.init) ?? "–")"
                let verdict = switch entry.verdict {
                case .same: "same"
                case .different: "different: \(entry.detail ?? "")"
                case .notCompared: "not compared: \(entry.detail ?? "")"
                }
                body += "<tr class=\"\(entry.verdict.rawValue)\"><td>\(e(entry.file))</td><td>\(counts)</td><td>\(e(verdict))</td></tr>\n"
            }
            body += "</tbody>\n</table>\n"
            if listed.count > failureListLimit {
                body += "<p class=\"note\">and \(listed.count - failureListLimit) more (all in report --json).</p>\n"
            }
        }

        body += "<h2>Failures and missing images</h2>\n"
        let failures = MarkdownReport.failures(local: local, cloud: cloud)
        if failures.isEmpty {
            body += "<p>None: every image was processed on both paths.</p>\n"
        } else {
            body += "<ul>\n" + failures.prefix(failureListLimit).map { "<li>\(e($0))</li>\n" }.joined() + "</ul>\n"
            if failures.count > failureListLimit {
                body += "<p class=\"note\">and \(failures.count - failureListLimit) more (in the result files).</p>\n"
            }
        }

        return """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>yolo-offload: local vs cloud</title>
            <style>
            body { font-family: sans-serif; margin: 2em auto; max-width: 920px; color: #222222; }
            table { border-collapse: collapse; margin: 1em 0; }
            th, td { border-bottom: 1px solid #dddddd; padding: 4px 10px; text-align: right; }
            th[scope=row], td:first-child { text-align: left; }
            thead th { background: #f4f4f4; }
            table.agreement th, table.agreement td, table.setting th, table.setting td { text-align: left; }
            tr.different td { background: #fde8e8; }
            tr.not_compared td { color: #888888; }
            tr.total td, tr.total th { font-weight: bold; }
            .meta, .note { color: #555555; font-size: 0.9em; }
            .marking { padding: 8px 12px; border-left: 4px solid #2ca02c; background: #eef7ee; }
            .marking.emulated { border-left-color: #d62728; background: #fdecea; font-weight: bold; }
            .verdict { font-weight: bold; }
            ul.notes li { margin: 0.2em 0; font-size: 0.95em; }
            figure { margin: 1.5em 0; }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    /// The cost table, the break-even sentence and plot, and the pricing file's sources.
    static func costSection(_ report: DecisionReport) -> String {
        let e = SVGChart.escape
        var body = "<h2>Cost</h2>\n"
        guard let cost = report.cost, let pricing = report.pricing else {
            return body + "<p>\(e(report.costNote ?? "no cost computed"))</p>\n"
        }
        body += "<p>Per 1,000 images at the measured durations, \(e(pricing.region)) prices of \(e(pricing.date)). "
            + "Billed duration from \(e(report.billing.source)): \(e(report.billing.note))</p>\n"
        body += "<table class=\"cost\">\n<thead><tr><th>item</th><th>per 1,000 images</th></tr></thead>\n<tbody>\n"
        for (item, value) in ReportSentences.costRows(cost) {
            let total = item == "serverless total" ? " class=\"total\"" : ""
            body += "<tr\(total)><th scope=\"row\">\(e(item))</th><td>\(e(value))</td></tr>\n"
        }
        body += "</tbody>\n</table>\n"
        body += "<p class=\"verdict\">\(e(ReportSentences.breakEven(cost)))</p>\n"
        body += "<ul class=\"notes\">\n" + report.costAssumptions.map { "<li>\(e($0))</li>\n" }.joined() + "</ul>\n"
        let curves = ReportSentences.costCurves(cost)
        body += "<figure>\n" + SVGChart.lines(
            title: "Cost per hour against load",
            xLabel: "images per hour", yLabel: "USD per hour",
            series: [
                (name: "serverless (S3 → Lambda → DynamoDB)", color: cloudColor, points: curves.serverless),
                (name: "always-on \(cost.instanceType)", color: serverColor, points: curves.server),
            ],
            marker: cost.breakEvenImagesPerHour.map { (x: $0, label: "break-even \(ReportSentences.count($0))/h") }) + "</figure>\n"
        body += "<p class=\"note\">Prices: \(e(pricing.note ?? "")) Sources:</p>\n<ul class=\"notes\">\n"
        body += ReportSentences.pricingSources(pricing).map { "<li>\(e($0))</li>\n" }.joined() + "</ul>\n"
        return body
    }

    /// Per-image latency and inference bars.
    static func perImageSection(files: [String], local: LocalRunResults, cloud: AWSRunResults) -> String {
        let localOK = local.images.filter { $0.status == .ok }
        let cloudOK = cloud.images.filter { $0.status == .ok }
        func perFile(_ values: [(String, Double?)]) -> [Double?] {
            var sums: [String: (Double, Int)] = [:]
            for (file, value) in values {
                guard let value else { continue }
                let sum = sums[file] ?? (0, 0)
                sums[file] = (sum.0 + value, sum.1 + 1)
            }
            return files.map { file in sums[file].map { $0.0 / Double($0.1) } }
        }
        var body = "<h2>Per image</h2>\n<figure>\n"
        body += SVGChart.groupedBars(
            title: "Latency per image (local: mean round trip over passes)", categories: files,
            series: [
                .init(name: "local round trip", color: localColor, values: perFile(localOK.map { ($0.file, $0.roundTripMilliseconds) })),
                .init(name: "cloud end-to-end", color: cloudColor, values: perFile(cloudOK.map { ($0.file, $0.endToEndMilliseconds) })),
                .init(name: "cloud upload", color: uploadColor, values: perFile(cloud.images.map { ($0.file, $0.uploadMilliseconds) })),
            ], unit: "ms")
        body += "</figure>\n<figure>\n"
        body += SVGChart.groupedBars(
            title: "Inference time per image", categories: files,
            series: [
                .init(name: "local (detect-server)", color: localColor, values: perFile(localOK.map { ($0.file, $0.inferenceMilliseconds) })),
                .init(name: "cloud (Lambda)", color: cloudColor, values: perFile(cloudOK.map { ($0.file, $0.inferenceMilliseconds) })),
            ], unit: "ms")
        return body + "</figure>\n"
    }

    /// Histograms and percentile bars, for runs too large for a bar per image.
    static func scaleSection(_ report: DecisionReport) -> String {
        let byName = Dictionary(report.distributions.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let colors = ["local round trip": localColor, "cloud end-to-end": cloudColor, "cloud upload": uploadColor,
                      "local inference": localColor, "cloud inference": cloudColor]
        func series(_ names: [String]) -> [(name: String, color: String, bins: [Distribution.Bin])] {
            names.compactMap { name in byName[name].map { (name: "\(name) (\($0.count))", color: colors[name] ?? "#888888", bins: $0.bins) } }
        }
        let keys = ["p50", "p90", "p95", "p99", "max"]
        func percentileSeries(_ names: [String]) -> [SVGChart.Series] {
            names.compactMap { name in
                byName[name].map { distribution in
                    SVGChart.Series(name: name, color: colors[name] ?? "#888888", values: keys.map { distribution.percentiles[$0] })
                }
            }
        }
        var body = "<h2>Latency and inference at scale</h2>\n"
        body += "<p class=\"note\">\(report.comparison.agreement.count) images: more than \(report.perImageLimit), so histograms and percentiles stand in for a bar per image.</p>\n"
        body += "<figure>\n" + SVGChart.histogram(title: "Latency histogram (share of images per bin)",
                                                  series: series(["local round trip", "cloud end-to-end", "cloud upload"]), unit: "ms") + "</figure>\n"
        body += "<figure>\n" + SVGChart.groupedBars(title: "Latency percentiles", categories: keys,
                                                    series: percentileSeries(["local round trip", "cloud end-to-end", "cloud upload"]), unit: "ms") + "</figure>\n"
        body += "<figure>\n" + SVGChart.histogram(title: "Inference time histogram (share of images per bin)",
                                                  series: series(["local inference", "cloud inference"]), unit: "ms") + "</figure>\n"
        body += "<figure>\n" + SVGChart.groupedBars(title: "Inference time percentiles", categories: keys,
                                                    series: percentileSeries(["local inference", "cloud inference"]), unit: "ms") + "</figure>\n"
        return body
    }
}
