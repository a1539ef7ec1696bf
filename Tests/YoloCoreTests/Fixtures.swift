import Foundation
import YoloCore

/// Paths and files the tests share: the project's Fixtures/ folder, the goldens, and the model cache.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static let imagesDirectory = root.appendingPathComponent("images")

    static let imageNames: [String] = (try? FileManager.default.contentsOfDirectory(atPath: imagesDirectory.path))?
        .filter { $0.hasSuffix(".jpg") || $0.hasSuffix(".png") }.sorted() ?? []

    static func image(_ name: String) throws -> Data {
        try Data(contentsOf: imagesDirectory.appendingPathComponent(name))
    }

    /// The model cache `make setup` fills (YOLO_MODEL_DIR or the default).
    static let modelDirectory = ModelFiles.defaultDirectory()

    static let goldenFiles = ["golden_conf0.5_nms0.4.json", "golden_conf0.25_nms0.45.json"]

    static func golden(_ name: String) throws -> Golden {
        try JSONDecoder().decode(Golden.self, from: Data(contentsOf: root.appendingPathComponent(name)))
    }
}

/// A golden file made with OpenCV 4.6's Python bindings (DETECTION.md).
struct Golden: Decodable {
    struct Object: Decodable {
        var label: String
        var class_id: Int
        var accuracy: Double
        var box: [Int]
    }

    struct Image: Decodable {
        var file: String
        var width: Int
        var height: Int
        var candidates: Int
        var objects: [Object]
    }

    var confidence_threshold: Float
    var nms_threshold: Float
    var images: [Image]
}
