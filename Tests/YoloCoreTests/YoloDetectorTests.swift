import Foundation
import Testing
import TestSupport
import YoloCore

@Suite("Detector errors")
struct YoloDetectorTests {
    @Test("A missing model directory names the missing file")
    func missingModel() {
        #expect(throws: YoloError.modelFileMissing(path: "/nonexistent/yolov3-tiny.cfg")) {
            try YoloDetector(modelDirectory: "/nonexistent")
        }
    }

    @Test("A truncated weights file fails the checksum, naming the file")
    func truncatedWeights() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("yolo-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["yolov3-tiny.cfg", "coco.names"] {
            try FileManager.default.copyItem(atPath: Fixtures.modelDirectory + "/" + name, toPath: directory.path + "/" + name)
        }
        let weights = try Data(contentsOf: URL(fileURLWithPath: Fixtures.modelDirectory + "/yolov3-tiny.weights"))
        try weights.prefix(1000).write(to: directory.appendingPathComponent("yolov3-tiny.weights"))
        do {
            _ = try YoloDetector(modelDirectory: directory.path)
            Issue.record("a truncated model loaded")
        } catch YoloError.modelChecksumMismatch(let path, _, _) {
            #expect(path.hasSuffix("yolov3-tiny.weights"))
        }
    }

    @Test("Bytes that are not an image, a corrupt JPEG and an oversized PNG are refused")
    func badImages() throws {
        let detector = try YoloDetector(modelDirectory: Fixtures.modelDirectory,
                                        configuration: YoloConfiguration(maxImagePixels: 1_000_000))
        #expect(throws: YoloError.self) { try detector.detect(imageData: Array("not an image".utf8)) }
        // A real JPEG header followed by garbage: the header passes, OpenCV's decoder refuses it.
        let dog = try Fixtures.image("dog.jpg")
        var corrupt = Array(dog.prefix(600))
        corrupt += [UInt8](repeating: 0x00, count: 400)
        do {
            let result = try detector.detect(imageData: corrupt)
            Issue.record("a corrupt JPEG gave \(result.objects.count) objects")
        } catch YoloError.notAnImage {
        } catch {
            Issue.record("unexpected error \(error)")
        }
        let huge = Fixtures.pngHeader(width: 50_000, height: 50_000)
        #expect(throws: YoloError.imageTooLarge(width: 50_000, height: 50_000, limit: 1_000_000)) {
            try detector.detect(imageData: huge)
        }
        // dog.jpg is 768x576 = 442,368 pixels: under the limit.
        #expect(try detector.detect(imageData: dog).objects.count == 3)
    }
}
