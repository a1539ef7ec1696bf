import DetectionContract

/// Whether the local server and the cloud function found the same objects in one image file.
public struct ObjectAgreement: Codable, Sendable, Equatable {
    public enum Verdict: String, Codable, Sendable {
        /// Same objects, in the same order (labels, class ids and boxes exactly; accuracies within 1e-4).
        case same
        /// Both succeeded but the objects differ; `detail` says how.
        case different
        /// One side has no successful result for the file (failed or missing), so nothing to compare.
        case notCompared = "not_compared"
    }

    public var file: String
    public var verdict: Verdict
    public var localObjects: Int?
    public var cloudObjects: Int?
    public var detail: String?

    enum CodingKeys: String, CodingKey {
        case file, verdict, localObjects = "local_objects", cloudObjects = "cloud_objects", detail
    }

    public init(file: String, verdict: Verdict, localObjects: Int?, cloudObjects: Int?, detail: String?) {
        self.file = file
        self.verdict = verdict
        self.localObjects = localObjects
        self.cloudObjects = cloudObjects
        self.detail = detail
    }

    /// Compares the two lists (either nil when that side has no successful result).
    public static func compare(file: String, local: [DetectedObject]?, cloud: [DetectedObject]?) -> ObjectAgreement {
        guard let local, let cloud else {
            let missingSide = local == nil ? (cloud == nil ? "either path" : "the local path") : "the cloud path"
            return ObjectAgreement(file: file, verdict: .notCompared, localObjects: local?.count, cloudObjects: cloud?.count,
                                   detail: "no successful result on \(missingSide)")
        }
        if local.count != cloud.count {
            return ObjectAgreement(file: file, verdict: .different, localObjects: local.count, cloudObjects: cloud.count,
                                   detail: "local found \(local.count) objects, cloud \(cloud.count)")
        }
        for (index, (a, b)) in zip(local, cloud).enumerated() where !a.matches(b) {
            return ObjectAgreement(
                file: file, verdict: .different, localObjects: local.count, cloudObjects: cloud.count,
                detail: "object \(index + 1): local \(describe(a)), cloud \(describe(b))")
        }
        return ObjectAgreement(file: file, verdict: .same, localObjects: local.count, cloudObjects: cloud.count, detail: nil)
    }

    private static func describe(_ object: DetectedObject) -> String {
        let accuracy = (object.accuracy * 10000).rounded() / 10000
        return "\(object.label) \(accuracy) [\(object.box.map(String.init).joined(separator: ", "))]"
    }
}
