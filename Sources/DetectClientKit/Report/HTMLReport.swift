/// The comparison as one self-contained page: the table, per-image latency and inference bars (local against
/// cloud), the latency distributions, object agreement and failures. The markup is XHTML-compatible (it parses as
/// XML), with inline SVG and CSS, no scripts and nothing fetched.
public enum HTMLReport {
    static let localColor = "#1f77b4"
    static let cloudColor = "#ff7f0e"
    static let uploadColor = "#9467bd"

    /// The page's text.
    public static func render(_ comparison: Comparison, local: LocalRunResults, cloud: AWSRunResults) -> String {
        let files = comparison.agreement.map(\.file)
        let e = SVGChart.escape
        var body = ""
        body += "<h1>Local vs cloud: \(files.count) images</h1>\n"
        body += "<p class=\"meta\">Local: \(e(local.summary.endpoint)), concurrency \(local.summary.concurrency), "
            + "\(local.summary.requests) requests, started \(e(local.summary.startedAt)). Cloud: bucket \(e(cloud.summary.bucket)), "
            + "table \(e(cloud.summary.table)) in \(e(cloud.summary.region)), concurrency \(cloud.summary.concurrency), "
            + "started \(e(cloud.summary.startedAt)).</p>\n"

        body += "<table>\n<thead><tr><th></th><th>local (detect-server)</th><th>cloud (S3 → Lambda → DynamoDB)</th></tr></thead>\n<tbody>\n"
        for row in ComparisonTable(comparison).rows {
            body += "<tr><th scope=\"row\">\(e(row.label))</th><td>\(e(row.local))</td><td>\(e(row.cloud))</td></tr>\n"
        }
        body += "</tbody>\n</table>\n"
        body += "<p class=\"note\">\(e(ComparisonTable.latencyNote))</p>\n"

        let localOK = local.images.filter { $0.status == .ok }
        let cloudOK = cloud.images.filter { $0.status == .ok }
        func perFile(_ values: [(String, Double?)]) -> [Double?] {
            files.map { file in
                let matching = values.filter { $0.0 == file }.compactMap(\.1)
                return matching.isEmpty ? nil : matching.reduce(0, +) / Double(matching.count)
            }
        }
        body += "<h2>Per image</h2>\n<figure>\n"
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
        body += "</figure>\n"
        body += "<h2>Distribution</h2>\n<figure>\n"
        body += SVGChart.distribution(
            title: "Share of images answered within a time",
            series: [
                .init(name: "local round trip", color: localColor, values: localOK.map(\.roundTripMilliseconds)),
                .init(name: "cloud end-to-end", color: cloudColor, values: cloudOK.map(\.endToEndMilliseconds)),
            ], unit: "ms")
        body += "</figure>\n"

        body += "<h2>Same objects on both paths</h2>\n<p>\(e(ComparisonTable.agreementSentence(comparison)))</p>\n"
        body += "<table class=\"agreement\">\n<thead><tr><th>file</th><th>objects (local / cloud)</th><th>verdict</th></tr></thead>\n<tbody>\n"
        for entry in comparison.agreement {
            let counts = "\(entry.localObjects.map(String.init) ?? "–") / \(entry.cloudObjects.map(String.init) ?? "–")"
            let verdict = switch entry.verdict {
            case .same: "same"
            case .different: "different: \(entry.detail ?? "")"
            case .notCompared: "not compared: \(entry.detail ?? "")"
            }
            body += "<tr class=\"\(entry.verdict.rawValue)\"><td>\(e(entry.file))</td><td>\(counts)</td><td>\(e(verdict))</td></tr>\n"
        }
        body += "</tbody>\n</table>\n"

        body += "<h2>Failures and missing images</h2>\n"
        let failures = MarkdownReport.failures(local: local, cloud: cloud)
        if failures.isEmpty {
            body += "<p>None: every image was processed on both paths.</p>\n"
        } else {
            body += "<ul>\n" + failures.map { "<li>\(e($0))</li>\n" }.joined() + "</ul>\n"
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
            table.agreement th, table.agreement td { text-align: left; }
            tr.different td { background: #fde8e8; }
            tr.not_compared td { color: #888888; }
            .meta, .note { color: #555555; font-size: 0.9em; }
            figure { margin: 1.5em 0; }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }
}
