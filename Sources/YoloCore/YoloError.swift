/// Everything YoloCore can fail with, each case carrying what a person needs to act.
public enum YoloError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A model file is not where it should be.
    case modelFileMissing(path: String)
    /// A model file's SHA-256 is not the published one (a truncated or wrong download).
    case modelChecksumMismatch(path: String, expected: String, actual: String)
    /// OpenCV could not load the network.
    case modelLoadFailed(String)
    /// The bytes are not a decodable JPEG or PNG image.
    case notAnImage(String)
    /// The image declares more pixels than the configured limit.
    case imageTooLarge(width: Int, height: Int, limit: Int)
    /// An OpenCV stage failed on a valid image.
    case inferenceFailed(stage: String, message: String)

    public var description: String {
        switch self {
        case .modelFileMissing(let path):
            "model file missing: \(path) (run `make setup` or set YOLO_MODEL_DIR)"
        case .modelChecksumMismatch(let path, let expected, let actual):
            "model file \(path) has sha256 \(actual), expected \(expected): delete it and run `make setup` again"
        case .modelLoadFailed(let message):
            "could not load the model: \(message)"
        case .notAnImage(let reason):
            "not a decodable image: \(reason)"
        case .imageTooLarge(let width, let height, let limit):
            "image is \(width)×\(height) = \(width * height) pixels, over the limit of \(limit)"
        case .inferenceFailed(let stage, let message):
            "inference failed in \(stage): \(message)"
        }
    }
}
