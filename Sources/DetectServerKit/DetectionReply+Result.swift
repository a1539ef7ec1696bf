import DetectionContract
import Hummingbird
import YoloCore

/// Answered through the context's `responseEncoder` (`JSONReplyEncoder`).
extension DetectionReply: ResponseEncodable {}

extension DetectionReply {
    /// The 200 body for `result`, detected in the image the request `id` sent.
    init(id: String, result: DetectionResult) {
        self.init(
            id: id,
            objects: result.objects.map {
                DetectedObject(label: $0.label, classId: $0.classId, accuracy: $0.accuracy, box: $0.box.array)
            },
            width: result.imageWidth,
            height: result.imageHeight,
            inferenceMilliseconds: result.timings.totalMilliseconds,
            timings: Timings(
                decodeMilliseconds: result.timings.decodeMilliseconds,
                preprocessMilliseconds: result.timings.preprocessMilliseconds,
                forwardMilliseconds: result.timings.forwardMilliseconds,
                postprocessMilliseconds: result.timings.postprocessMilliseconds),
            warnings: result.warnings.isEmpty ? nil : result.warnings)
    }
}
