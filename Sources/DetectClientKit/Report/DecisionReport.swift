import Foundation

/// Everything the report shows, in one value: the HTML page and the Markdown are drawn from it and `report --json`
/// prints it whole, so every figure on the page is in the JSON.
///
/// It holds where and how each path ran (`setting`), the comparison at the chosen concurrency, the local
/// sequential run when there is one (the inference comparison uses it), what each figure includes, the original
/// study's table beside this run's, the billed durations, the cost and break-even load, and the distributions.
public struct DecisionReport: Encodable, Sendable {
    /// The inference figures compared like for like.
    public struct Inference: Encodable, Sendable, Equatable {
        /// Local, one request at a time (nil when no sequential run was made).
        public var localSequentialMilliseconds: Double?
        /// Local at the chosen concurrency.
        public var localConcurrentMilliseconds: Double?
        public var localConcurrency: Int
        public var cloudMilliseconds: Double?
        /// Which local figure the comparison uses, in words.
        public var basis: String

        enum CodingKeys: String, CodingKey {
            case localSequentialMilliseconds = "local_sequential_ms", localConcurrentMilliseconds = "local_concurrent_ms"
            case localConcurrency = "local_concurrency", cloudMilliseconds = "cloud_ms", basis
        }
    }

    /// The function's billed durations and where they come from.
    public struct Billing: Encodable, Sendable, Equatable {
        /// `REPORT lines` or `the function's own timings`.
        public var source: String
        public var images: Int
        public var meanBilledMilliseconds: Double?
        public var meanDurationMilliseconds: Double?
        public var initDurations: Int
        public var note: String

        enum CodingKeys: String, CodingKey {
            case source, images, meanBilledMilliseconds = "mean_billed_ms", meanDurationMilliseconds = "mean_duration_ms"
            case initDurations = "init_durations", note
        }
    }

    public var setting: RunSetting
    public var comparison: Comparison
    public var sequential: Comparison.Side?
    public var inference: Inference
    public var figureNotes: [FigureNote]
    public var seedTable: SeedTable
    public var billing: Billing
    /// nil without a pricing file.
    public var cost: CostEstimate?
    public var pricing: Pricing?
    /// Why there is no cost, when there is none.
    public var costNote: String?
    /// What the cost assumes where the run did not record a figure, and what the server's capacity stands for.
    public var costAssumptions: [String]
    /// Local round trip, cloud end-to-end, upload, local and cloud inference.
    public var distributions: [Distribution]
    /// Images at or below which the page draws one bar per image; above it, histograms and percentiles.
    public var perImageLimit: Int
    /// Duration and cost per Lambda memory size, when the run tried several.
    public var memorySizes: MemorySizeComparison?

    enum CodingKeys: String, CodingKey {
        case setting, sequential, inference, figureNotes = "figure_notes", seedTable = "seed_table"
        case billing, cost, pricing, costNote = "cost_note", distributions, perImageLimit = "per_image_limit"
        case memorySizes = "memory_sizes", costAssumptions = "cost_assumptions"
    }

    /// The comparison's keys at the top (`local`, `cloud`, `same_objects`, `different_objects`, `agreement`), then
    /// the rest.
    public func encode(to encoder: any Encoder) throws {
        try comparison.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(setting, forKey: .setting)
        try container.encode(sequential, forKey: .sequential)
        try container.encode(inference, forKey: .inference)
        try container.encode(figureNotes, forKey: .figureNotes)
        try container.encode(seedTable, forKey: .seedTable)
        try container.encode(billing, forKey: .billing)
        try container.encode(cost, forKey: .cost)
        try container.encode(pricing, forKey: .pricing)
        try container.encode(costNote, forKey: .costNote)
        try container.encode(costAssumptions, forKey: .costAssumptions)
        try container.encode(distributions, forKey: .distributions)
        try container.encode(perImageLimit, forKey: .perImageLimit)
        try container.encode(memorySizes, forKey: .memorySizes)
    }

    /// Beyond this many images the per-image bars give way to histograms and percentile plots.
    public static let defaultPerImageLimit = 50

    public init(inputs: ReportInputs, pricing: Pricing?, pricingProblem: String? = nil,
                perImageLimit: Int = DecisionReport.defaultPerImageLimit) {
        let local = inputs.local, cloud = inputs.cloud
        comparison = Comparison(local: local, cloud: cloud)
        sequential = inputs.localSequential.map { Comparison(local: $0, cloud: cloud).local }
        setting = RunSetting(local: local, sequential: inputs.localSequential, cloud: cloud)
        let cloudBasis = setting.emulated ? "the function's own figure, on the emulator (this machine)" : "the function's own figure"
        inference = Inference(
            localSequentialMilliseconds: sequential?.averageInferenceMilliseconds,
            localConcurrentMilliseconds: comparison.local.averageInferenceMilliseconds,
            localConcurrency: local.summary.concurrency,
            cloudMilliseconds: comparison.cloud.averageInferenceMilliseconds,
            basis: sequential != nil
                ? "local at concurrency 1 (one image at a time, as each function instance runs) against the function"
                : "local at concurrency \(local.summary.concurrency) (no sequential run: concurrent images share the cores, so this favours the cloud)")
        figureNotes = FigureNote.all(localConcurrency: local.summary.concurrency, workers: local.summary.workers,
                                     hasSequential: sequential != nil, uploadConcurrency: cloud.summary.concurrency)
        seedTable = SeedTable(
            localInference: inference.localSequentialMilliseconds ?? inference.localConcurrentMilliseconds,
            localBasis: sequential != nil ? "detect-server, one request at a time" : "detect-server at concurrency \(local.summary.concurrency)",
            cloudInference: inference.cloudMilliseconds, cloudBasis: cloudBasis,
            upload: comparison.cloud.averageTransferMilliseconds)
        billing = Self.billing(cloud: cloud, emulated: setting.emulated)
        distributions = Self.distributions(local: local, cloud: cloud)
        self.perImageLimit = perImageLimit
        self.pricing = pricing
        let emulated = setting.emulated
        memorySizes = inputs.memorySweep.map {
            MemorySizeComparison(sweep: $0, local: local, pricing: pricing, emulated: emulated)
        }
        costAssumptions = Self.costAssumptions(local: local, cloud: cloud, pricing: pricing)
        if let pricing, let inputs = Self.costInputs(local: local, cloud: cloud, billing: billing) {
            cost = CostEstimate(inputs: inputs, pricing: pricing)
            costNote = nil
        } else {
            cost = nil
            costNote = pricing == nil
                ? (pricingProblem ?? "no pricing file: give --pricing FILE")
                : "no billed durations: no image was processed by the function"
        }
    }

    /// Mean billed duration: the `REPORT` lines' Billed Duration where the images have them, else the function's
    /// own total time rounded up to the next ms (what Lambda would bill for that much handler time).
    static func billing(cloud: AWSRunResults, emulated: Bool) -> Billing {
        let ok = cloud.images.filter { $0.status == .ok }
        let reported = ok.compactMap(\.invocation)
        if !reported.isEmpty {
            let emulatorNote = emulated
                ? " On the emulator, Max Memory Used repeats the memory size and Init Duration is not the runtime's init time; durations are this machine's."
                : ""
            return Billing(source: "REPORT lines", images: reported.count,
                           meanBilledMilliseconds: mean(reported.map(\.billedDurationMilliseconds)),
                           meanDurationMilliseconds: mean(reported.map(\.durationMilliseconds)),
                           initDurations: reported.filter { $0.initDurationMilliseconds != nil }.count,
                           note: "Billed Duration of each invocation's REPORT line in the function's log group." + emulatorNote)
        }
        let own = ok.compactMap(\.lambdaTotalMilliseconds)
        let why = switch (cloud.summary.reportLines, cloud.summary.reportLinesError) {
        case (nil, _): "The function's log group was not read"
        case (_, let error?): "The function's log group could not be read (\(error))"
        default: "No REPORT lines were found for these invocations"
        }
        return Billing(source: "the function's own timings", images: own.count,
                       meanBilledMilliseconds: mean(own.map { $0.rounded(.up) }), meanDurationMilliseconds: mean(own),
                       initDurations: 0,
                       note: why + ": the items' total_ms (record start to before PutItem), rounded up to the ms, stands in for the billed duration; it leaves out the runtime's overhead and init.")
    }

    static func costInputs(local: LocalRunResults, cloud: AWSRunResults, billing: Billing) -> CostInputs? {
        guard let billed = billing.meanBilledMilliseconds else { return nil }
        let function = cloud.summary.function
        let images = max(1, cloud.images.count)
        return CostInputs(
            billedMillisecondsPerImage: billed,
            billedDurationSource: billing.source,
            memoryMB: function?.memoryMB ?? 1024, architecture: function?.architecture ?? "x86_64",
            dynamoDBReadUnitsPerImage: cloud.summary.pollKeysRead.map { Double($0) / Double(images) } ?? 1,
            serverImagesPerHour: local.summary.throughputPerSecond > 0 ? local.summary.throughputPerSecond * 3600 : nil)
    }

    static func costAssumptions(local: LocalRunResults, cloud: AWSRunResults, pricing: Pricing?) -> [String] {
        var assumptions: [String] = []
        if cloud.summary.function == nil {
            assumptions.append("The function's memory size and architecture were not recorded: 1,024 MB x86_64 (infractl's default) assumed.")
        }
        if cloud.summary.pollKeysRead == nil {
            assumptions.append("The client's polling reads were not recorded: one read unit per image assumed.")
        }
        if let pricing {
            assumptions.append("The always-on server is priced as one \(pricing.instance.type) (\(pricing.instance.description ?? "on demand")); its capacity is the local run's measured throughput on \(local.summary.machine?.summary ?? "this machine").")
        }
        assumptions.append("No free tier, savings plans or data transfer; items up to 1 KB (one write unit each).")
        return assumptions
    }

    static func distributions(local: LocalRunResults, cloud: AWSRunResults) -> [Distribution] {
        let localOK = local.images.filter { $0.status == .ok }
        let cloudOK = cloud.images.filter { $0.status == .ok }
        let latency = localOK.compactMap(\.roundTripMilliseconds) + cloudOK.compactMap(\.endToEndMilliseconds)
        let latencyTop = SVGChart.niceAxis(maximum: latency.max() ?? 0).maximum
        let inference = localOK.compactMap(\.inferenceMilliseconds) + cloudOK.compactMap(\.inferenceMilliseconds)
        let inferenceTop = SVGChart.niceAxis(maximum: inference.max() ?? 0).maximum
        return [
            Distribution(name: "local round trip", values: localOK.compactMap(\.roundTripMilliseconds), upperBound: latencyTop),
            Distribution(name: "cloud end-to-end", values: cloudOK.compactMap(\.endToEndMilliseconds), upperBound: latencyTop),
            Distribution(name: "cloud upload", values: cloud.images.compactMap(\.uploadMilliseconds), upperBound: latencyTop),
            Distribution(name: "local inference", values: localOK.compactMap(\.inferenceMilliseconds), upperBound: inferenceTop),
            Distribution(name: "cloud inference", values: cloudOK.compactMap(\.inferenceMilliseconds), upperBound: inferenceTop),
        ]
    }

    private static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : rounded(values.reduce(0, +) / Double(values.count))
    }
}
