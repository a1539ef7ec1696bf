/// An axis-aligned box in pixels of the original image: `x`, `y` of the top-left corner, then width and height.
///
/// Boxes are not clipped to the image, so `x` or `y` may be negative (as in OpenCV's reference output).
public struct BoundingBox: Hashable, Sendable, Codable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// `width * height`, negative when exactly one side is negative (cv::Rect::area).
    public var area: Int { width * height }

    /// True when either side is zero or negative (cv::Rect::empty).
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    /// The overlap of two boxes as a box, empty (all zero) when they do not overlap or either is empty
    /// (cv::Rect's `operator&`).
    public func intersection(_ other: BoundingBox) -> BoundingBox {
        if isEmpty || other.isEmpty { return BoundingBox(x: 0, y: 0, width: 0, height: 0) }
        let left = max(x, other.x)
        let top = max(y, other.y)
        let right = min(x + width, other.x + other.width)
        let bottom = min(y + height, other.y + other.height)
        if right <= left || bottom <= top { return BoundingBox(x: 0, y: 0, width: 0, height: 0) }
        return BoundingBox(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// Intersection over union on integer rectangles, half-open (no +1), computed in Double;
    /// 1 when the two areas sum to zero or less (cv::jaccardDistance).
    public func intersectionOverUnion(_ other: BoundingBox) -> Double {
        let areaSum = area + other.area
        if areaSum <= 0 { return 1 }
        let overlap = Double(intersection(other).area)
        return overlap / (Double(areaSum) - overlap)
    }

    /// The box as `[x, y, width, height]`, the REST contract's layout.
    public var array: [Int] { [x, y, width, height] }
}
