/// One object found in an image, as every path reports it (the REST reply's `objects`, the DynamoDB item's
/// `objects`, the client's result files): `label`, `class_id` (absent when a server does not report it),
/// `accuracy` (the confidence, 0...1) and `box` `[x, y, width, height]` in pixels.
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

    /// An object the detector found, whose confidence is a Float: `accuracy` becomes the Double with the Float's
    /// shortest digits, so the reply and the item carry exactly the detector's digits (`0.8837134`, not
    /// `0.883713424205780`) and `Float(accuracy)` is the detector's value again.
    public init(label: String, classId: Int, accuracy: Float, box: [Int]) {
        self.init(label: label, classId: classId, accuracy: Double("\(accuracy)") ?? Double(accuracy), box: box)
    }

    /// Whether `other` is the same detection: same label, class id (when both have one) and box, and accuracies
    /// within `tolerance` (different builds of the same OpenCV differ by ~3e-6; docs/detection.md allows 1e-4).
    public func matches(_ other: DetectedObject, tolerance: Double = 1e-4) -> Bool {
        guard label == other.label, box == other.box, abs(accuracy - other.accuracy) <= tolerance else { return false }
        if let classId, let otherClassId = other.classId, classId != otherClassId { return false }
        return true
    }
}
