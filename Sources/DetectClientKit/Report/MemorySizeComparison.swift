/// Which Lambda memory size: per size of a `MemorySweepResults`, the function's mean duration, billed duration
/// and inference time, and the serverless cost per image at that size, with the cheapest and the fastest marked.
/// On an emulator every size runs on the same machine's cores, so durations do not depend on memory there and the
/// comparison says so.
public struct MemorySizeComparison: Encodable, Sendable, Equatable {
    public struct Row: Encodable, Sendable, Equatable {
        public var memoryMB: Int
        public var ok: Int
        public var meanDurationMilliseconds: Double?
        public var meanBilledMilliseconds: Double?
        public var meanInferenceMilliseconds: Double?
        public var billedDurationSource: String
        /// The whole serverless path per image (nil without prices).
        public var costPerImage: Double?
        public var costPerThousand: Double?

        enum CodingKeys: String, CodingKey {
            case memoryMB = "memory_mb", ok, meanDurationMilliseconds = "mean_duration_ms", meanBilledMilliseconds = "mean_billed_ms"
            case meanInferenceMilliseconds = "mean_inference_ms", billedDurationSource = "billed_duration_source"
            case costPerImage = "cost_per_image", costPerThousand = "cost_per_1000"
        }
    }

    public var rows: [Row]
    /// The size with the lowest cost per image.
    public var cheapestMemoryMB: Int?
    /// The size with the shortest mean duration.
    public var fastestMemoryMB: Int?
    public var note: String?

    enum CodingKeys: String, CodingKey {
        case rows, cheapestMemoryMB = "cheapest_memory_mb", fastestMemoryMB = "fastest_memory_mb", note
    }

    public init(sweep: MemorySweepResults, local: LocalRunResults, pricing: Pricing?, emulated: Bool) {
        rows = sweep.passes.map { pass in
            let billing = DecisionReport.billing(cloud: pass.results, emulated: emulated)
            var cost: CostEstimate?
            if let pricing, var inputs = DecisionReport.costInputs(local: local, cloud: pass.results, billing: billing) {
                inputs.memoryMB = pass.memoryMB
                cost = CostEstimate(inputs: inputs, pricing: pricing)
            }
            let ok = pass.results.images.filter { $0.status == .ok }
            let inference = ok.compactMap(\.inferenceMilliseconds)
            return Row(memoryMB: pass.memoryMB, ok: ok.count, meanDurationMilliseconds: billing.meanDurationMilliseconds,
                       meanBilledMilliseconds: billing.meanBilledMilliseconds,
                       meanInferenceMilliseconds: inference.isEmpty ? nil : rounded(inference.reduce(0, +) / Double(inference.count)),
                       billedDurationSource: billing.source, costPerImage: cost?.serverlessPerImage,
                       costPerThousand: cost?.perThousand.serverless)
        }
        cheapestMemoryMB = rows.filter { $0.costPerImage != nil }.min { $0.costPerImage! < $1.costPerImage! }?.memoryMB
        fastestMemoryMB = rows.filter { $0.meanDurationMilliseconds != nil }
            .min { $0.meanDurationMilliseconds! < $1.meanDurationMilliseconds! }?.memoryMB
        note = emulated
            ? "On the emulator every memory size runs on this machine's cores, so durations do not depend on memory here: differences between the sizes are this machine's load and cold starts, and only the mechanics (update, wait, new environments) and the price per GB-second are real. On AWS, CPU grows with memory (one full vCPU at 1,769 MB)."
            : nil
    }
}
