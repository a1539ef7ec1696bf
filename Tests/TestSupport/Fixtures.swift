import Foundation
import YoloCore

/// Paths and files the tests share: the project's Fixtures/ folder, the goldens, and the model cache.
public enum Fixtures {
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    public static let imagesDirectory = root.appendingPathComponent("images")

    public static let imageNames: [String] = (try? FileManager.default.contentsOfDirectory(atPath: imagesDirectory.path))?
        .filter { $0.hasSuffix(".jpg") || $0.hasSuffix(".png") }.sorted() ?? []

    public static func image(_ name: String) throws -> Data {
        try Data(contentsOf: imagesDirectory.appendingPathComponent(name))
    }

    /// The model cache `make setup` fills (YOLO_MODEL_DIR or the default).
    public static let modelDirectory = ModelFiles.defaultDirectory()

    /// A PNG signature and IHDR chunk declaring `width` x `height`, and no pixel data.
    public static func pngHeader(width: UInt32, height: UInt32) -> [UInt8] {
        func bigEndian(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]
            + bigEndian(width) + bigEndian(height) + [8, 2, 0, 0, 0, 0, 0, 0, 0]
    }

    public static let goldenFiles = ["golden_conf0.5_nms0.4.json", "golden_conf0.25_nms0.45.json"]

    public static func golden(_ name: String) throws -> Golden {
        try JSONDecoder().decode(Golden.self, from: Data(contentsOf: root.appendingPathComponent(name)))
    }
}

/// A golden file made with OpenCV 4.6's Python bindings (DETECTION.md).
public struct Golden: Decodable, Sendable {
    public struct Object: Decodable, Sendable {
        public var label: String
        public var class_id: Int
        public var accuracy: Double
        public var box: [Int]
    }

    public struct Image: Decodable, Sendable {
        public var file: String
        public var width: Int
        public var height: Int
        public var candidates: Int
        public var objects: [Object]
    }

    public var confidence_threshold: Float
    public var nms_threshold: Float
    public var images: [Image]
}
