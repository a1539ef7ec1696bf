import Foundation
import Testing
import TestSupport
import YoloCore

/// The detector's acceptance test: every fixture image gives OpenCV's golden objects, from the goldens of the OpenCV
/// version the detector runs on (4.6's for Debian's library, 4.14's for the one scripts/build-opencv.sh builds).
@Suite("Parity with the goldens of the OpenCV it runs on")
struct ParityTests {
    @Test("The goldens were made with the OpenCV version the detector runs on", arguments: Fixtures.goldenFiles)
    func goldenMatchesRunningVersion(goldenFile: String) throws {
        let golden = try Fixtures.golden(goldenFile)
        #expect(golden.opencv.split(separator: ".").prefix(2).joined(separator: ".") == Fixtures.openCVMinorVersion)
    }

    @Test("Same labels, class ids and boxes exactly, accuracies within 1e-4", arguments: Fixtures.goldenFiles)
    func matchesGolden(goldenFile: String) throws {
        let golden = try Fixtures.golden(goldenFile)
        let configuration = YoloConfiguration(
            confidenceThreshold: golden.confidence_threshold, nmsThreshold: golden.nms_threshold)
        let detector = try YoloDetector(modelDirectory: Fixtures.modelDirectory, configuration: configuration)
        #expect(golden.images.map(\.file).sorted() == Fixtures.imageNames, "the golden covers every fixture image")

        for expected in golden.images {
            let result = try detector.detect(imageData: try Fixtures.image(expected.file))
            #expect(result.imageWidth == expected.width, "\(expected.file) width")
            #expect(result.imageHeight == expected.height, "\(expected.file) height")
            #expect(result.candidateCount == expected.candidates, "\(expected.file) candidates")
            #expect(result.objects.map(\.label) == expected.objects.map(\.label), "\(expected.file) labels")
            #expect(result.objects.map(\.classId) == expected.objects.map(\.class_id), "\(expected.file) class ids")
            #expect(result.objects.map(\.box.array) == expected.objects.map(\.box), "\(expected.file) boxes")
            for (object, reference) in zip(result.objects, expected.objects) {
                #expect(abs(Double(object.accuracy) - reference.accuracy) <= 1e-4, "\(expected.file) \(object.label) accuracy")
            }
        }
    }

    @Test("Every stage is timed")
    func stagesAreTimed() throws {
        let detector = try YoloDetector(modelDirectory: Fixtures.modelDirectory)
        let result = try detector.detect(imageData: try Fixtures.image("dog.jpg"))
        #expect(result.timings.decodeMilliseconds > 0)
        #expect(result.timings.preprocessMilliseconds > 0)
        #expect(result.timings.forwardMilliseconds > 0)
        #expect(result.timings.postprocessMilliseconds > 0)
        #expect(result.timings.totalMilliseconds > result.timings.forwardMilliseconds)
    }
}
