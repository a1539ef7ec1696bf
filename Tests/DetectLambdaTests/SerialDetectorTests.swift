import DetectLambda
import Foundation
import Testing
import TestSupport
import YoloCore

/// The function's one detector: images from concurrent callers are detected one at a time with the same results as
/// alone, and callers beyond its queue are refused at once.
@Suite("Serial detector")
struct SerialDetectorTests {
    @Test("concurrent callers get the golden objects for their own image")
    func concurrentCallers() async throws {
        let golden = try Fixtures.golden("golden_conf0.5_nms0.4.json")
        let detector = try SerialDetector(
            modelDirectory: Fixtures.modelDirectory, configuration: YoloConfiguration(), capacity: 64, warmUp: false)
        let files = ["dog.jpg", "eagle.jpg", "horses.jpg", "person.jpg", "giraffe.jpg", "dog.jpg"]
        let results = try await withThrowingTaskGroup(of: (String, DetectionResult).self) { group in
            for file in files {
                let bytes = Array(try Fixtures.image(file))
                group.addTask { (file, try await detector.detect(imageData: bytes)) }
            }
            return try await group.reduce(into: [(String, DetectionResult)]()) { $0.append($1) }
        }
        #expect(results.count == files.count)
        for (file, result) in results {
            let expected = try #require(golden.images.first { $0.file == file })
            #expect(result.objects.map(\.label) == expected.objects.map(\.label), "\(file)")
            #expect(result.objects.map(\.box.array) == expected.objects.map(\.box), "\(file)")
            #expect(result.imageWidth == expected.width)
        }
    }

    @Test("with a queue of one, callers beyond it are refused with busy, and the admitted one still succeeds")
    func busy() async throws {
        let detector = try SerialDetector(
            modelDirectory: Fixtures.modelDirectory, configuration: YoloConfiguration(), capacity: 1, warmUp: true)
        let bytes = Array(try Fixtures.image("giraffe.jpg"))
        let outcomes = await withTaskGroup(of: Result<DetectionResult, any Error>.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    do { return .success(try await detector.detect(imageData: bytes)) } catch { return .failure(error) }
                }
            }
            return await group.reduce(into: [Result<DetectionResult, any Error>]()) { $0.append($1) }
        }
        let refused = outcomes.filter { if case .failure(let error) = $0 { error as? SerialDetectorError == .busy(waiting: 1) } else { false } }
        let succeeded = outcomes.filter { if case .success = $0 { true } else { false } }
        #expect(succeeded.count >= 1)
        #expect(refused.count >= 1, "six callers at once against a queue of one")
        #expect(succeeded.count + refused.count == 6)
        #expect(SerialDetectorError.busy(waiting: 1).description.contains("retry later"))
        detector.drain()
        #expect(try await detector.detect(imageData: bytes).objects.isEmpty == false, "it accepts work again once idle")
    }

    @Test("a missing model is a YoloError naming the file")
    func missingModel() {
        #expect(throws: YoloError.modelFileMissing(path: "/nonexistent/model/yolov3-tiny.cfg")) {
            _ = try SerialDetector(modelDirectory: "/nonexistent/model", configuration: YoloConfiguration(), capacity: 1, warmUp: false)
        }
    }
}
