import Foundation

/// The sentences and small tables the HTML page and the Markdown share, drawn from a `DecisionReport`, so both
/// say the same thing.
enum ReportSentences {
    /// `$0.01493`, `$0.0002`, `$1.20`, `$0.0000149`: four significant digits below a dollar.
    static func dollars(_ value: Double) -> String {
        if value == 0 { return "$0" }
        if value >= 1 { return String(format: "$%.2f", value) }
        let decimals = max(2, 3 - Int(log10(value).rounded(.down)))
        var text = String(format: "%.\(decimals)f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return "$" + text
    }

    /// `12,345` images per hour.
    static func count(_ value: Double) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.maximumFractionDigits = 0
        formatter.locale = Locale(identifier: "en_US")
        return formatter.string(from: NSNumber(value: value.rounded())) ?? String(format: "%.0f", value)
    }

    static func ms(_ value: Double?) -> String { value.map { String(format: "%.1f ms", $0) } ?? "–" }

    /// The one-line statement of where the cloud half ran.
    static func whereItRan(_ report: DecisionReport) -> String {
        report.setting.emulated
            ? "Cloud half on an emulator — \(report.setting.cloudMarking)."
            : "Cloud half on \(report.setting.cloudMarking)."
    }

    /// The like-for-like inference sentence.
    static func inference(_ report: DecisionReport) -> String {
        let inference = report.inference
        var sentence = "Inference, like for like: local \(ms(inference.localSequentialMilliseconds ?? inference.localConcurrentMilliseconds)) "
            + "against the function's \(ms(inference.cloudMilliseconds)); basis: \(inference.basis)."
        if inference.localSequentialMilliseconds != nil {
            sentence += " At concurrency \(inference.localConcurrency) the local figure is \(ms(inference.localConcurrentMilliseconds)), because concurrent images share the cores."
        }
        return sentence
    }

    /// Rows `(item, dollars for 1,000 images)` of the cost table.
    static func costRows(_ cost: CostEstimate) -> [(String, String)] {
        let p = cost.perThousand
        let gbSeconds = String(format: "%.2f", cost.gbSecondsPerThousand)
        var rows = [
            ("Lambda compute (\(gbSeconds) GB-s: \(String(format: "%.1f", cost.inputs.billedMillisecondsPerImage)) ms billed × \(cost.inputs.memoryMB) MB, \(cost.inputs.architecture))", dollars(p.lambdaCompute)),
            ("Lambda requests (\(formatUnits(cost.inputs.lambdaRequestsPerImage)) per image)", dollars(p.lambdaRequests)),
            ("S3 PUT (\(formatUnits(cost.inputs.s3PutsPerImage)) per image)", dollars(p.s3Put)),
            ("S3 GET (\(formatUnits(cost.inputs.s3GetsPerImage)) per image)", dollars(p.s3Get)),
            ("DynamoDB writes (\(formatUnits(cost.inputs.dynamoDBWriteUnitsPerImage)) write unit per image)", dollars(p.dynamoDBWrites)),
            ("DynamoDB reads, the client's polling (\(formatUnits(cost.inputs.dynamoDBReadUnitsPerImage)) read units per image)", dollars(p.dynamoDBReads)),
            ("serverless total", dollars(p.serverless)),
        ]
        if let server = p.serverAtCapacity, let capacity = cost.inputs.serverImagesPerHour {
            rows.append(("local server, fully loaded (\(cost.instanceType) at \(dollars(cost.instancePerHour))/h, \(count(capacity)) images/h)", dollars(server)))
        } else {
            rows.append(("local server (\(cost.instanceType) at \(dollars(cost.instancePerHour))/h)", "– (throughput unknown)"))
        }
        return rows
    }

    private static func formatUnits(_ value: Double) -> String {
        value == value.rounded() ? String(format: "%.0f", value) : String(format: "%.2f", value)
    }

    /// The break-even sentence.
    static func breakEven(_ cost: CostEstimate) -> String {
        guard let breakEven = cost.breakEvenImagesPerHour else {
            return "An image costs nothing on the pipeline at these prices: the always-on server is never cheaper."
        }
        var sentence = "Break-even: \(count(breakEven)) images per hour (\(dollars(cost.instancePerHour)) per hour ÷ \(dollars(cost.serverlessPerImage)) per image). "
            + "Above that load one always-on \(cost.instanceType) costs less per hour than the pipeline; below it the pipeline is cheaper."
        switch cost.breakEvenWithinCapacity {
        case true?:
            sentence += " One server carries up to \(count(cost.inputs.serverImagesPerHour ?? 0)) images per hour at the measured throughput."
        case false?:
            sentence += " But one server carries only \(count(cost.inputs.serverImagesPerHour ?? 0)) images per hour at the measured throughput, so at the break-even load it needs more instances: the pipeline stays cheaper per image."
        case nil:
            break
        }
        return sentence
    }

    /// Points of the cost-per-hour plot: the pipeline's line and the always-on servers' steps, from 0 to a load
    /// past the break-even (or past one server's capacity).
    static func costCurves(_ cost: CostEstimate) -> (serverless: [(Double, Double)], server: [(Double, Double)], maximumLoad: Double) {
        let capacity = cost.inputs.serverImagesPerHour
        var top = (cost.breakEvenImagesPerHour ?? capacity ?? 1000) * 2
        if let capacity { top = min(max(top, capacity * 1.5), capacity * 40) }
        let steps = 400
        var server: [(Double, Double)] = []
        var previous: Double?
        for index in 0...steps {
            let load = top * Double(index) / Double(steps)
            let price = cost.serverPerHour(at: load)
            if let previous, previous != price { server.append((load, previous)) }
            server.append((load, price))
            previous = price
        }
        return ([(0, 0), (top, cost.serverlessPerHour(at: top))], server, top)
    }

    /// Rows of the memory-size table: size, images, mean duration, mean billed, mean inference, cost per 1,000,
    /// and a mark for the cheapest and the fastest.
    static func memoryRows(_ comparison: MemorySizeComparison) -> [[String]] {
        comparison.rows.map { row in
            var marks: [String] = []
            if row.memoryMB == comparison.cheapestMemoryMB { marks.append("cheapest") }
            if row.memoryMB == comparison.fastestMemoryMB { marks.append("fastest") }
            return ["\(row.memoryMB) MB", "\(row.ok)", ms(row.meanDurationMilliseconds), ms(row.meanBilledMilliseconds),
                    ms(row.meanInferenceMilliseconds), row.costPerThousand.map(dollars) ?? "–", marks.joined(separator: ", ")]
        }
    }

    static let memoryHeader = ["memory", "images", "mean duration", "mean billed", "mean inference", "serverless per 1,000", ""]

    /// `Cheapest: 512 MB; fastest: 3008 MB.`
    static func memoryVerdict(_ comparison: MemorySizeComparison) -> String {
        "Cheapest: \(comparison.cheapestMemoryMB.map { "\($0) MB" } ?? "unknown (no prices)"); fastest: \(comparison.fastestMemoryMB.map { "\($0) MB" } ?? "unknown")."
            + (comparison.note.map { " " + $0 } ?? "")
    }

    /// `region, date; each figure's source` lines for the pricing file.
    static func pricingSources(_ pricing: Pricing) -> [String] {
        Pricing.Name.allCases.map { name in
            let figure = pricing[name]
            return "\(name.rawValue): \(String(format: "%g", figure.usd)) USD — \(figure.source)"
        } + ["\(pricing.instance.type) on-demand: \(String(format: "%g", pricing.instance.usdPerHour)) USD per hour — \(pricing.instance.source)"]
    }
}
