/// A row of the network's output that passed the confidence threshold, before NMS (docs/detection.md steps 4–5).
public struct Candidate: Hashable, Sendable {
    public var classId: Int
    public var confidence: Float
    public var box: BoundingBox

    public init(classId: Int, confidence: Float, box: BoundingBox) {
        self.classId = classId
        self.confidence = confidence
        self.box = box
    }
}
