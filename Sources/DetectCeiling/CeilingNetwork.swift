import COpenCV
import YoloCore

/// One network doing only what OpenCV must do for an image, per docs/detection.md steps 1–3: `cv::imdecode`,
/// `cv::dnn::blobFromImage(1/255, 416×416, swapRB)` and a forward pass to the unconnected output layers.
/// No header check, no candidate decoding, no NMS: the ceiling any server over the same OpenCV stays under.
///
/// Like `cv::dnn::Net`, not thread-safe: one thread at a time.
final class CeilingNetwork: @unchecked Sendable {
    private let net: OpaquePointer
    private let inputSize: Int32 = 416

    /// Loads the Darknet model from `model` (whose checksums the caller verified).
    /// Throws `CeilingError.modelLoadFailed`.
    init(model: ModelFiles) throws(CeilingError) {
        var message = [CChar](repeating: 0, count: 512)
        let loaded = cocv_net_load_darknet(
            model.path(of: ModelFiles.config), model.path(of: ModelFiles.weights), &message, message.count)
        guard let loaded else { throw CeilingError.modelLoadFailed(Self.text(message)) }
        net = loaded
    }

    deinit { cocv_net_free(net) }

    /// The NUL-terminated message COpenCV left in `buffer`.
    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Decodes `image`, sets it as the input blob and runs one forward pass.
    /// Throws `CeilingError.stageFailed` naming the stage and `name`.
    func process(_ image: [UInt8], name: String) throws(CeilingError) {
        var message = [CChar](repeating: 0, count: 512)
        let decoded = image.withUnsafeBufferPointer { cocv_image_decode($0.baseAddress, $0.count, &message, message.count) }
        guard let decoded else { throw CeilingError.stageFailed(stage: "decode", image: name, message: Self.text(message)) }
        defer { cocv_image_free(decoded) }
        guard cocv_net_set_input(net, decoded, 1.0 / 255.0, inputSize, inputSize, true, &message, message.count) else {
            throw CeilingError.stageFailed(stage: "blob", image: name, message: Self.text(message))
        }
        guard cocv_net_forward(net, &message, message.count) else {
            throw CeilingError.stageFailed(stage: "forward", image: name, message: Self.text(message))
        }
    }
}

/// Why the ceiling could not measure.
enum CeilingError: Error, CustomStringConvertible {
    case modelLoadFailed(String)
    case stageFailed(stage: String, image: String, message: String)

    var description: String {
        switch self {
        case .modelLoadFailed(let message): "could not load the model: \(message)"
        case .stageFailed(let stage, let image, let message): "\(stage) failed on \(image): \(message)"
        }
    }
}
