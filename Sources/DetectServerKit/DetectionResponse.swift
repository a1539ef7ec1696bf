import Foundation
import YoloCore

/// The 200 body of `POST /api/object_detection`: the contract's `id` and `objects`, plus the image size,
/// class ids and the server-side timings in milliseconds.
public struct DetectionResponse: Codable, Sendable {
    public struct Object: Codable, Sendable, Equatable {
        public var label: String
        public var class_id: Int
        public var accuracy: Float
        /// `[x, y, width, height]` in pixels.
        public var box: [Int]
    }

    public struct Timings: Codable, Sendable {
        public var decode_ms: Double
        public var preprocess_ms: Double
        public var forward_ms: Double
        public var postprocess_ms: Double
    }

    public var id: String
    public var objects: [Object]
    public var width: Int
    public var height: Int
    /// Decode through postprocess, measured in the server.
    public var inference_ms: Double
    public var timings: Timings
    /// What the decoder reported about a damaged image it decoded anyway (e.g. "image data ends early; the lower
    /// part was not decoded"); absent for an intact image.
    public var warnings: [String]?

    public init(id: String, result: DetectionResult) {
        self.id = id
        objects = result.objects.map {
            Object(label: $0.label, class_id: $0.classId, accuracy: $0.accuracy, box: $0.box.array)
        }
        width = result.imageWidth
        height = result.imageHeight
        inference_ms = result.timings.totalMilliseconds
        timings = Timings(
            decode_ms: result.timings.decodeMilliseconds,
            preprocess_ms: result.timings.preprocessMilliseconds,
            forward_ms: result.timings.forwardMilliseconds,
            postprocess_ms: result.timings.postprocessMilliseconds)
        warnings = result.warnings.isEmpty ? nil : result.warnings
    }
}
