import Foundation
import Testing
import TestSupport
import YoloCore

/// Batches (one forward pass over several images) give every image the golden objects, exactly as alone.
@Suite("Batch detection")
struct BatchDetectionTests {
    /// Expects the golden size, candidates and objects (accuracies within 1e-4) of `expected`.
    static func expectGolden(_ result: DetectionResult, _ expected: Golden.Image) {
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

    @Test("Every fixture image in batches of 2, 3 and all at once gives the golden objects", arguments: [2, 3, 13])
    func batchesMatchGolden(batchSize: Int) throws {
        let golden = try Fixtures.golden(Fixtures.goldenFiles[0])
        let detector = try YoloDetector(modelDirectory: Fixtures.modelDirectory)
        let images = try golden.images.map { (expected: $0, bytes: Array(try Fixtures.image($0.file))) }
        for start in stride(from: 0, to: images.count, by: batchSize) {
            let slice = Array(images[start..<min(start + batchSize, images.count)])
            let results = detector.detect(batch: slice.map(\.bytes))
            #expect(results.count == slice.count)
            for (result, image) in zip(results, slice) {
                Self.expectGolden(try result.get(), image.expected)
            }
        }
    }

    @Test("A batch gives each image the same accuracies, bit for bit, as a detection alone")
    func batchEqualsAlone() throws {
        let detector = try YoloDetector(modelDirectory: Fixtures.modelDirectory)
        let images = try ["dog.jpg", "giraffe.jpg", "chelsea.png", "horses.jpg"].map { Array(try Fixtures.image($0)) }
        let alone = try images.map { try detector.detect(imageData: $0) }
        let together = try detector.detect(batch: images).map { try $0.get() }
        for (single, batched) in zip(alone, together) {
            #expect(single.objects == batched.objects)
            #expect(single.candidateCount == batched.candidateCount)
        }
    }

    @Test("In a batch, bytes that are not an image and an image over the pixel limit fail alone")
    func badImagesFailAlone() throws {
        let golden = try Fixtures.golden(Fixtures.goldenFiles[0])
        let detector = try YoloDetector(modelDirectory: Fixtures.modelDirectory)
        let dog = Array(try Fixtures.image("dog.jpg"))
        let eagle = Array(try Fixtures.image("eagle.jpg"))
        let results = detector.detect(batch: [Array("hello".utf8), dog, Fixtures.pngHeader(width: 50_000, height: 50_000), eagle])
        #expect(results.count == 4)
        guard case .failure(.notAnImage) = results[0] else { Issue.record("text: \(results[0])"); return }
        guard case .failure(.imageTooLarge(50_000, 50_000, _)) = results[2] else { Issue.record("huge: \(results[2])"); return }
        Self.expectGolden(try results[1].get(), try #require(golden.images.first { $0.file == "dog.jpg" }))
        Self.expectGolden(try results[3].get(), try #require(golden.images.first { $0.file == "eagle.jpg" }))
    }

    @Test("A pool that batches answers 39 concurrent requests with the golden objects, in batches of at most 4")
    func poolBatches() async throws {
        let golden = try Fixtures.golden(Fixtures.goldenFiles[0])
        let pool = try DetectorPool(modelDirectory: Fixtures.modelDirectory, workers: 1, queueCapacity: 64, maxBatchSize: 4)
        defer { pool.shutdown() }
        let images = try golden.images.map { ($0, Array(try Fixtures.image($0.file))) }
        let results = try await withThrowingTaskGroup(of: (Golden.Image, DetectionResult).self) { group in
            for (expected, bytes) in images + images + images {
                group.addTask { (expected, try await pool.detect(imageData: bytes)) }
            }
            return try await group.reduce(into: [(Golden.Image, DetectionResult)]()) { $0.append($1) }
        }
        #expect(results.count == 39)
        for (expected, result) in results { Self.expectGolden(result, expected) }
        // The members of a batch share its forward time to the nanosecond; separate passes do not.
        let passes = Dictionary(grouping: results.map(\.1.timings.forwardMilliseconds), by: { $0 })
        #expect(passes.count < 39, "the queued requests were batched")
        #expect(passes.values.allSatisfy { $0.count <= 4 }, "no batch is larger than maxBatchSize")
    }
}
