/// One detected object: its COCO label and class id, the class score as `accuracy` (0...1), and its box.
public struct Detection: Hashable, Sendable {
    public var label: String
    public var classId: Int
    public var accuracy: Float
    public var box: BoundingBox

    public init(label: String, classId: Int, accuracy: Float, box: BoundingBox) {
        self.label = label
        self.classId = classId
        self.accuracy = accuracy
        self.box = box
    }
}
