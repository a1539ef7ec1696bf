/// One object found in an image, with the detection contract's field names: `label`, `class_id` (absent when a
/// server does not report it), `accuracy` (the confidence, 0...1) and `box` `[x, y, width, height]` in pixels.
public struct DetectedObject: Codable, Sendable, Equatable {
    public var label: String
    public var classId: Int?
    public var accuracy: Double
    public var box: [Int]

    enum CodingKeys: String, CodingKey {
        case label, classId = "class_id", accuracy, box
    }

    public init(label: String, classId: Int?, accuracy: Double, box: [Int]) {
        self.label = label
        self.classId = classId
        self.accuracy = accuracy
        self.box = box
    }

    /// Whether `other` is the same detection: same label, class id (when both have one) and box, and accuracies
    /// within `tolerance` (different builds of the same OpenCV differ by ~3e-6; DETECTION.md allows 1e-4).
    public func matches(_ other: DetectedObject, tolerance: Double = 1e-4) -> Bool {
        guard label == other.label, box == other.box, abs(accuracy - other.accuracy) <= tolerance else { return false }
        if let classId, let otherClassId = other.classId, classId != otherClassId { return false }
        return true
    }
}
