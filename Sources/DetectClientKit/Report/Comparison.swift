import DetectionContract

/// The figures of the local-against-cloud comparison, computed from the two result files alone (never from
/// their summaries' latency figures, so a hand-edited file reports what it holds).
///
/// Inference times are the server's and the function's own; the local round trip and the cloud end-to-end time
/// are measured by the client; averages and percentiles cover successful images only (type 7 percentiles).
/// Throughput is successful images over the run's `wall_seconds`.
public struct Comparison: Encodable, Sendable, Equatable {
    /// One path's figures.
    public struct Side: Codable, Sendable, Equatable {
        /// Requests (local) or images (cloud) in the file.
        public var images: Int
        public var ok: Int
        public var failed: Int
        /// Cloud only: never seen in the table.
        public var missing: Int?
        public var totalInferenceMilliseconds: Double?
        public var averageInferenceMilliseconds: Double?
        /// Cloud only: mean S3 upload time.
        public var averageTransferMilliseconds: Double?
        /// Local: round trip; cloud: upload start to item visible.
        public var latencyP50Milliseconds: Double?
        public var latencyP95Milliseconds: Double?
        public var averageLatencyMilliseconds: Double?
        public var throughputPerSecond: Double?
        /// Cloud only: items whose function instance was new.
        public var coldStarts: Int?

        enum CodingKeys: String, CodingKey {
            case images, ok, failed, missing
            case totalInferenceMilliseconds = "total_inference_ms", averageInferenceMilliseconds = "average_inference_ms"
            case averageTransferMilliseconds = "average_transfer_ms"
            case latencyP50Milliseconds = "latency_p50_ms", latencyP95Milliseconds = "latency_p95_ms"
            case averageLatencyMilliseconds = "average_latency_ms"
            case throughputPerSecond = "throughput_per_second", coldStarts = "cold_starts"
        }
    }

    public var local: Side
    public var cloud: Side
    /// One entry per file in either result, in file order.
    public var agreement: [ObjectAgreement]

    /// Files where both paths found the same objects.
    public var sameObjects: Int { agreement.filter { $0.verdict == .same }.count }
    /// Files where both succeeded and the objects differ.
    public var differentObjects: Int { agreement.filter { $0.verdict == .different }.count }

    enum CodingKeys: String, CodingKey {
        case local, cloud, sameObjects = "same_objects", differentObjects = "different_objects", agreement
    }

    /// `{"local": {...}, "cloud": {...}, "same_objects", "different_objects", "agreement": [...]}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(local, forKey: .local)
        try container.encode(cloud, forKey: .cloud)
        try container.encode(sameObjects, forKey: .sameObjects)
        try container.encode(differentObjects, forKey: .differentObjects)
        try container.encode(agreement, forKey: .agreement)
    }

    /// The comparison of a local run and a cloud run.
    public init(local: LocalRunResults, cloud: AWSRunResults) {
        let localOK = local.images.filter { $0.status == .ok }
        let localInference = localOK.compactMap(\.inferenceMilliseconds)
        let localRoundTrips = localOK.compactMap(\.roundTripMilliseconds).sorted()
        self.local = Side(
            images: local.images.count, ok: localOK.count, failed: local.images.count - localOK.count, missing: nil,
            totalInferenceMilliseconds: localInference.isEmpty ? nil : rounded(localInference.reduce(0, +)),
            averageInferenceMilliseconds: Self.mean(localInference),
            averageTransferMilliseconds: nil,
            latencyP50Milliseconds: percentile(ofSorted: localRoundTrips, 0.5).map { rounded($0) },
            latencyP95Milliseconds: percentile(ofSorted: localRoundTrips, 0.95).map { rounded($0) },
            averageLatencyMilliseconds: Self.mean(localRoundTrips),
            throughputPerSecond: Self.throughput(localOK.count, local.summary.wallSeconds),
            coldStarts: nil)

        let cloudOK = cloud.images.filter { $0.status == .ok }
        let cloudInference = cloudOK.compactMap(\.inferenceMilliseconds)
        let endToEnd = cloudOK.compactMap(\.endToEndMilliseconds).sorted()
        self.cloud = Side(
            images: cloud.images.count, ok: cloudOK.count,
            failed: cloud.images.filter { $0.status == .failed }.count,
            missing: cloud.images.filter { $0.status == .missing }.count,
            totalInferenceMilliseconds: cloudInference.isEmpty ? nil : rounded(cloudInference.reduce(0, +)),
            averageInferenceMilliseconds: Self.mean(cloudInference),
            averageTransferMilliseconds: Self.mean(cloud.images.compactMap(\.uploadMilliseconds)),
            latencyP50Milliseconds: percentile(ofSorted: endToEnd, 0.5).map { rounded($0) },
            latencyP95Milliseconds: percentile(ofSorted: endToEnd, 0.95).map { rounded($0) },
            averageLatencyMilliseconds: Self.mean(endToEnd),
            throughputPerSecond: Self.throughput(cloudOK.count, cloud.summary.wallSeconds),
            coldStarts: cloud.images.filter { $0.coldStart == true }.count)

        // Per file: the first successful local request (pass order) against the cloud result.
        var localByFile: [String: [DetectedObject]] = [:]
        for image in localOK where localByFile[image.file] == nil { localByFile[image.file] = image.objects }
        var cloudByFile: [String: [DetectedObject]] = [:]
        for image in cloudOK where cloudByFile[image.file] == nil { cloudByFile[image.file] = image.objects }
        let files = Set(local.images.map(\.file)).union(cloud.images.map(\.file))
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        agreement = files.map { ObjectAgreement.compare(file: $0, local: localByFile[$0], cloud: cloudByFile[$0]) }
    }

    private static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : rounded(values.reduce(0, +) / Double(values.count))
    }

    private static func throughput(_ count: Int, _ seconds: Double) -> Double? {
        seconds > 0 ? rounded(Double(count) / seconds) : nil
    }
}
