/// The comparison as Markdown: the table, what the figures measure, object agreement per image, and every
/// failed or missing image with its reason.
public enum MarkdownReport {
    /// At most this many agreement rows are listed when all files agree (differences are always listed).
    static let agreementRowLimit = 50

    /// The Markdown text for two result files alone (no sequential run, no prices; ends with a newline).
    public static func render(_ comparison: Comparison, local: LocalRunResults, cloud: AWSRunResults) -> String {
        let inputs = ReportInputs(local: local, cloud: cloud)
        return render(DecisionReport(inputs: inputs, pricing: nil), inputs: inputs)
    }

    /// The Markdown text (ends with a newline).
    public static func render(_ report: DecisionReport, inputs: ReportInputs) -> String {
        let comparison = report.comparison
        let local = inputs.local, cloud = inputs.cloud
        var lines: [String] = []
        lines.append("# Local vs cloud: \(comparison.agreement.count) images")
        lines.append("")
        lines.append("**\(ReportSentences.whereItRan(report))**")
        lines.append("")
        lines.append("| run | in flight | served by | machine | endpoint |")
        lines.append("|---|---:|---|---|---|")
        for run in report.setting.runs {
            let servers = run.servers.map { "\($0) \(run.serversDescription)" } ?? run.serversDescription
            lines.append("| \(escape(run.name)) | \(run.concurrency) | \(escape(servers)) | \(escape(run.machine)) | \(escape(run.endpoint)) |")
        }
        lines.append("")
        lines.append("| | local (detect-server) | cloud (S3 → Lambda → DynamoDB) |")
        lines.append("|---|---:|---:|")
        for row in ComparisonTable(comparison, sequential: report.sequential).rows {
            lines.append("| \(escape(row.label)) | \(row.local) | \(row.cloud) |")
        }
        lines.append("")
        lines.append(ReportSentences.inference(report))
        lines.append("")
        lines.append(ComparisonTable.latencyNote)
        lines.append("")
        for note in report.figureNotes { lines.append("- \(note.figure): \(note.includes)") }
        lines.append("")
        lines.append("## The original study's figures")
        lines.append("")
        lines.append("| figure | original study | this run | this run's figure |")
        lines.append("|---|---:|---:|---|")
        for row in report.seedTable.rows {
            lines.append("| \(row.figure) | \(row.seedMilliseconds.map { ReportSentences.ms($0) } ?? "not recorded") | \(ReportSentences.ms(row.thisRunMilliseconds)) | \(escape(row.basis)) |")
        }
        lines.append("")
        lines.append(report.seedTable.seedNote)
        lines.append("")
        lines.append("## Cost")
        lines.append("")
        if let cost = report.cost, let pricing = report.pricing {
            lines.append("Per 1,000 images, \(pricing.region) prices of \(pricing.date); billed duration from \(report.billing.source).")
            lines.append("")
            lines.append("| item | per 1,000 images |")
            lines.append("|---|---:|")
            for (item, value) in ReportSentences.costRows(cost) { lines.append("| \(escape(item)) | \(value) |") }
            lines.append("")
            lines.append(ReportSentences.breakEven(cost))
            lines.append("")
            for assumption in report.costAssumptions { lines.append("- \(assumption)") }
        } else {
            lines.append(report.costNote ?? "no cost computed")
        }
        lines.append("")
        if let memory = report.memorySizes {
            lines.append("## Which Lambda memory size")
            lines.append("")
            lines.append("| " + ReportSentences.memoryHeader.joined(separator: " | ") + " |")
            lines.append("|---|---:|---:|---:|---:|---:|---|")
            for row in ReportSentences.memoryRows(memory) { lines.append("| " + row.joined(separator: " | ") + " |") }
            lines.append("")
            lines.append(ReportSentences.memoryVerdict(memory))
            lines.append("")
        }
        lines.append("## Same objects on both paths")
        lines.append("")
        lines.append(ComparisonTable.agreementSentence(comparison))
        let listed = comparison.agreement.count <= agreementRowLimit
            ? comparison.agreement : comparison.agreement.filter { $0.verdict != .same }
        if !listed.isEmpty {
            lines.append("")
            lines.append("| file | objects (local / cloud) | verdict |")
            lines.append("|---|---:|---|")
            for entry in listed {
                let counts = "\(entry.localObjects.map(String.init) ?? "–") / \(entry.cloudObjects.map(String.init) ?? "–")"
                let verdict = entry.verdict == .same ? "same" : "\(entry.verdict == .different ? "different" : "not compared"): \(entry.detail ?? "")"
                lines.append("| \(escape(entry.file)) | \(counts) | \(escape(verdict)) |")
            }
        }
        let failures = Self.failures(local: local, cloud: cloud)
        lines.append("")
        lines.append("## Failures and missing images")
        lines.append("")
        if failures.isEmpty {
            lines.append("None: every image was processed on both paths.")
        } else {
            for failure in failures { lines.append("- \(escape(failure))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `local dog.jpg (id …): reason` for every failed local request, then the cloud's failed and missing images.
    static func failures(local: LocalRunResults, cloud: AWSRunResults) -> [String] {
        local.images.filter { $0.status != .ok }.map { "local \($0.file) (id \($0.id)): \($0.error ?? "failed")" }
            + cloud.images.filter { $0.status != .ok }.map {
                "cloud \($0.file) (id \($0.id)) \($0.status.rawValue): \($0.error ?? $0.status.rawValue)"
            }
    }

    /// Keeps table cells in one piece: `|` escaped, line breaks flattened.
    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
