import COpenSSL
import Foundation

/// The three files of the YOLOv3-tiny model in one directory, with their published sizes and SHA-256 (docs/detection.md).
public struct ModelFiles: Sendable {
    public struct File: Sendable {
        public var name: String
        public var bytes: Int
        public var sha256: String
    }

    public static let weights = File(
        name: "yolov3-tiny.weights", bytes: 35_434_956,
        sha256: "dccea06f59b781ec1234ddf8d1e94b9519a97f4245748a7d4db75d5b7080a42c")
    public static let config = File(
        name: "yolov3-tiny.cfg", bytes: 1914,
        sha256: "4349b56496c065b353d40d786a28ad6e7758780db8124a22342458f780f4ff00")
    public static let labels = File(
        name: "coco.names", bytes: 624,
        sha256: "33c77761e124cc74911346865e3bc1219b87c2db7d0f106e3376bf5ef3785933")

    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The directory named by `YOLO_MODEL_DIR`, else `$XDG_CACHE_HOME/yolo-offload/yolov3-tiny` with `~/.cache` for an
    /// unset or empty `XDG_CACHE_HOME`: where `make setup` puts it.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let directory = environment["YOLO_MODEL_DIR"], !directory.isEmpty { return directory }
        let cache = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.cache"
        return cache + "/yolo-offload/yolov3-tiny"
    }

    public func path(of file: File) -> String {
        directory + "/" + file.name
    }

    /// Throws `modelFileMissing` for an absent file and, when `checksums` is set, `modelChecksumMismatch`
    /// for a file whose size or SHA-256 differs from the published one.
    public func verify(checksums: Bool) throws {
        for file in [Self.config, Self.labels, Self.weights] {
            let path = path(of: file)
            guard FileManager.default.fileExists(atPath: path) else { throw YoloError.modelFileMissing(path: path) }
            guard checksums else { continue }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw YoloError.modelFileMissing(path: path)
            }
            let actual = Self.sha256Hex(data)
            if data.count != file.bytes || actual != file.sha256 {
                throw YoloError.modelChecksumMismatch(path: path, expected: file.sha256, actual: actual)
            }
        }
    }

    static func sha256Hex(_ data: Data) -> String {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        data.withUnsafeBytes { raw in
            _ = SHA256(raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count, &digest)
        }
        let hexDigits = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(digest.count * 2)
        for byte in digest {
            hex.append(hexDigits[Int(byte >> 4)])
            hex.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
