import Foundation

/// The comparison as rows of text, `(what, local, cloud)`, shared by the Markdown and the HTML report so both say
/// the same thing. Times are in ms with one decimal; `–` marks a figure that does not apply or is unknown.
struct ComparisonTable {
    struct Row: Equatable {
        var label: String
        var local: String
        var cloud: String
    }

    static let notApplicable = "–"

    let rows: [Row]

    /// With `sequential` (the local run at concurrency 1), a row compares its inference time with the function's.
    init(_ comparison: Comparison, sequential: Comparison.Side? = nil) {
        let local = comparison.local
        let cloud = comparison.cloud
        func ms(_ value: Double?) -> String { value.map { String(format: "%.1f ms", $0) } ?? Self.notApplicable }
        func rate(_ value: Double?) -> String { value.map { String(format: "%.2f images/s", $0) } ?? Self.notApplicable }
        func count(_ value: Int?) -> String { value.map(String.init) ?? Self.notApplicable }
        var rows = [
            Row(label: "images processed", local: "\(local.ok) of \(local.images)", cloud: "\(cloud.ok) of \(cloud.images)"),
            Row(label: "failed", local: count(local.failed), cloud: count(cloud.failed)),
            Row(label: "missing", local: Self.notApplicable, cloud: count(cloud.missing)),
            Row(label: "total inference time", local: ms(local.totalInferenceMilliseconds), cloud: ms(cloud.totalInferenceMilliseconds)),
            Row(label: "average inference time", local: ms(local.averageInferenceMilliseconds), cloud: ms(cloud.averageInferenceMilliseconds)),
        ]
        if let sequential {
            rows.append(Row(label: "average inference time, local one at a time (like for like)",
                            local: ms(sequential.averageInferenceMilliseconds), cloud: ms(cloud.averageInferenceMilliseconds)))
        }
        rows += [
            Row(label: "average transfer time (S3 upload)", local: Self.notApplicable, cloud: ms(cloud.averageTransferMilliseconds)),
            Row(label: "average round trip / end-to-end", local: ms(local.averageLatencyMilliseconds), cloud: ms(cloud.averageLatencyMilliseconds)),
            Row(label: "round trip / end-to-end p50", local: ms(local.latencyP50Milliseconds), cloud: ms(cloud.latencyP50Milliseconds)),
            Row(label: "round trip / end-to-end p95", local: ms(local.latencyP95Milliseconds), cloud: ms(cloud.latencyP95Milliseconds)),
            Row(label: "throughput", local: rate(local.throughputPerSecond), cloud: rate(cloud.throughputPerSecond)),
            Row(label: "cold starts", local: Self.notApplicable, cloud: count(cloud.coldStarts)),
        ]
        self.rows = rows
    }

    /// One sentence on object agreement: `13 of 13 images: same objects on both paths.`
    static func agreementSentence(_ comparison: Comparison) -> String {
        let total = comparison.agreement.count
        let compared = comparison.agreement.filter { $0.verdict != .notCompared }.count
        var sentence = "\(comparison.sameObjects) of \(total) images: same objects on both paths"
        if comparison.differentObjects > 0 { sentence += "; \(comparison.differentObjects) differ" }
        if compared < total { sentence += "; \(total - compared) not compared (failed or missing on a path)" }
        return sentence + "."
    }

    /// What the two latency figures measure.
    static let latencyNote = "Local round trip: the client's POST to the parsed reply. Cloud end-to-end: the start of the "
        + "S3 upload to the first BatchGetItem poll that saw the item (polled every 50 ms to 1 s). Inference times are "
        + "the server's and the function's own; same objects means the same labels, class ids and boxes, and accuracies "
        + "within 1e-4."
}
