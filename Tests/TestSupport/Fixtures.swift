import Foundation
import ImageInput
import YoloCore

/// Paths and files the tests share: the project's Fixtures/ folder, the goldens, and the model cache.
public enum Fixtures {
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    public static let imagesDirectory = root.appendingPathComponent("images")

    public static let imageNames: [String] = (try? ImageFolder.imageNames(in: imagesDirectory.path)) ?? []

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

    /// The major.minor version of the OpenCV the tests run on, e.g. "4.6" or "4.14".
    public static let openCVMinorVersion = YoloDetector.openCVVersion.split(separator: ".").prefix(2).joined(separator: ".")

    /// The file holding golden `name` (one of `goldenFiles`) for the OpenCV the tests run on: `name` itself for
    /// OpenCV 4.6 (Debian bookworm's), else `name` with the version before `.json`, e.g.
    /// golden_conf0.5_nms0.4.opencv-4.14.json (scripts/make-goldens.py writes both).
    public static func goldenPath(_ name: String) -> URL {
        guard openCVMinorVersion != "4.6" else { return root.appendingPathComponent(name) }
        let base = name.hasSuffix(".json") ? String(name.dropLast(".json".count)) : name
        return root.appendingPathComponent("\(base).opencv-\(openCVMinorVersion).json")
    }

    /// Golden `name` (one of `goldenFiles`) made with the OpenCV version the tests run on.
    public static func golden(_ name: String) throws -> Golden {
        try JSONDecoder().decode(Golden.self, from: Data(contentsOf: goldenPath(name)))
    }
}

/// A golden file made with OpenCV's Python bindings (docs/detection.md; scripts/make-goldens.py).
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

    /// The OpenCV version that made the file, e.g. "4.6.0".
    public var opencv: String
    public var confidence_threshold: Float
    public var nms_threshold: Float
    public var images: [Image]
}
