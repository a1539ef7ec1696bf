import AWSKitLite
import DetectClientKit
import DetectionContract
import Foundation
import TestSupport
import Testing

/// `detect-client local` against the real detect-server on port 0: OpenCV's goldens for every fixture image,
/// a corrupt image among good ones, 503s retried, and a server that is not there.
@Suite struct LocalRunnerTests {
    /// A retry policy that waits at most 1 ms between attempts.
    static func quickRetries(attempts: Int) -> RetryPolicy {
        RetryPolicy(maxAttempts: attempts, baseDelay: .milliseconds(1), maxDelay: .milliseconds(1))
    }

    @Test func everyFixtureImageGivesTheGoldenObjects() async throws {
        let golden = try Fixtures.golden("golden_conf0.5_nms0.4.json")
        let images = try ImageFolder.load(from: Fixtures.imagesDirectory.path)
        #expect(images.map(\.name) == Fixtures.imageNames)
        let results = try await LiveDetectServer.with { url in
            await LocalRunner(options: try LocalRunOptions(endpoint: try DetectionEndpoint(url), concurrency: 4)).run(images: images)
        }
        #expect(results.kind == "local")
        #expect(results.allSucceeded)
        #expect(results.images.map(\.file) == Fixtures.imageNames)
        #expect(Set(results.images.map(\.id)).count == images.count)
        for image in golden.images {
            let result = try #require(results.images.first { $0.file == image.file })
            #expect(UUID(uuidString: result.id) != nil)
            #expect(result.status == .ok)
            #expect(result.objects.map(\.label) == image.objects.map(\.label), "\(image.file)")
            #expect(result.objects.map(\.classId) == image.objects.map(\.class_id), "\(image.file)")
            #expect(result.objects.map(\.box) == image.objects.map(\.box), "\(image.file)")
            for (found, expected) in zip(result.objects, image.objects) {
                #expect(abs(found.accuracy - expected.accuracy) <= 1e-4, "\(image.file) \(expected.label)")
            }
            #expect(result.width == image.width && result.height == image.height)
            #expect((result.roundTripMilliseconds ?? 0) > 0)
            #expect((result.inferenceMilliseconds ?? 0) > 0)
            #expect(result.attempts == 1)
        }
        let summary = results.summary
        #expect(summary.images == images.count && summary.requests == images.count)
        #expect(summary.ok == images.count && summary.failed == 0)
        #expect(summary.roundTripMilliseconds?.count == images.count)
        #expect(summary.throughputPerSecond > 0)
    }

    @Test func aCorruptImageFailsWhileTheOthersSucceed() async throws {
        let good = Array(Fixtures.imageNames.prefix(3))
        var images = try good.map { ImageFile(name: $0, bytes: [UInt8](try Fixtures.image($0))) }
        // A JPEG signature followed by garbage: the server's decoder refuses it (422).
        images.insert(ImageFile(name: "corrupt.jpg", bytes: [0xFF, 0xD8, 0xFF, 0xE0] + Array("not really a JPEG".utf8)), at: 1)
        let results = try await LiveDetectServer.with { url in
            await LocalRunner(options: try LocalRunOptions(endpoint: try DetectionEndpoint(url), concurrency: 2)).run(images: images)
        }
        #expect(!results.allSucceeded)
        let corrupt = try #require(results.images.first { $0.file == "corrupt.jpg" })
        #expect(corrupt.status == .failed)
        #expect(corrupt.error?.hasPrefix("HTTP 422: ") == true, "\(corrupt.error ?? "")")
        #expect(corrupt.attempts == 1)
        #expect(corrupt.objects.isEmpty && corrupt.roundTripMilliseconds == nil)
        for name in good {
            #expect(results.images.first { $0.file == name }?.status == .ok, "\(name)")
        }
        #expect(results.summary.ok == 3 && results.summary.failed == 1 && results.summary.requests == 4)
    }

    @Test func busyServerAnswers503AndTheClientRetries() async throws {
        let images = try Fixtures.imageNames.prefix(6).map { ImageFile(name: $0, bytes: [UInt8](try Fixtures.image($0))) }
        let policy = RetryPolicy(maxAttempts: 50, baseDelay: .milliseconds(20), maxDelay: .milliseconds(200))
        let results = try await LiveDetectServer.with({ $0.workers = 1; $0.queueCapacity = 0 }) { url in
            await LocalRunner(options: try LocalRunOptions(endpoint: try DetectionEndpoint(url), concurrency: 4, retryPolicy: policy))
                .run(images: images)
        }
        #expect(results.allSucceeded, "\(results.images.compactMap(\.error))")
        // Four requests at once against one detector and no queue: some were refused with 503 and tried again.
        #expect(results.images.reduce(0) { $0 + $1.attempts } > images.count)
    }

    @Test func repeatAndWarmupGiveOneEntryPerMeasuredRequest() async throws {
        let images = try Fixtures.imageNames.prefix(3).map { ImageFile(name: $0, bytes: [UInt8](try Fixtures.image($0))) }
        let results = try await LiveDetectServer.with { url in
            await LocalRunner(options: try LocalRunOptions(endpoint: try DetectionEndpoint(url), concurrency: 2, repeatCount: 2, warmup: 2))
                .run(images: images)
        }
        #expect(results.allSucceeded)
        #expect(results.images.map(\.pass) == [1, 1, 1, 2, 2, 2])
        #expect(results.images.map(\.file) == images.map(\.name) + images.map(\.name))
        #expect(Set(results.images.map(\.id)).count == 6)
        #expect(results.images[0].objects == results.images[3].objects)
        #expect(results.summary.requests == 6 && results.summary.images == 3)
        #expect(results.summary.repeatCount == 2 && results.summary.warmup == 2)
    }

    @Test func aStoppedServerFailsEveryImageAfterRetries() async throws {
        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let port = refusing.port
        let images = try Fixtures.imageNames.prefix(3).map { ImageFile(name: $0, bytes: [UInt8](try Fixtures.image($0))) }
        let options = try LocalRunOptions(endpoint: try DetectionEndpoint("http://127.0.0.1:\(port)"), concurrency: 2,
                                      retryPolicy: Self.quickRetries(attempts: 3))
        let results = await LocalRunner(options: options).run(images: images)
        #expect(results.images.count == 3)
        for result in results.images {
            #expect(result.status == .failed)
            #expect(result.attempts == 3)
            #expect(result.error == "connection refused by http://127.0.0.1:\(port)/api/object_detection (is the server running?) (after 3 attempts)")
        }
        #expect(results.summary.ok == 0 && results.summary.failed == 3)
        #expect(results.summary.roundTripMilliseconds == nil)
    }

    @Test func resultsFileRoundTripsWithNullsAndWithoutErrorForSuccesses() throws {
        let ok = LocalImageResult(id: "a", file: "a.jpg", pass: 1, status: .ok,
                                  objects: [DetectedObject(label: "dog", classId: 16, accuracy: 0.5, box: [1, 2, 3, 4])],
                                  roundTripMilliseconds: 12.5, inferenceMilliseconds: 10, attempts: 1)
        let failed = LocalImageResult(id: "b", file: "b.jpg", pass: 1, status: .failed, objects: [],
                                      roundTripMilliseconds: nil, inferenceMilliseconds: nil, attempts: 5, error: "HTTP 503")
        let json = try JSONSerialization.jsonObject(with: ResultFile.encode([ok, failed])) as! [[String: Any]]
        #expect(Set(json[0].keys) == ["id", "file", "pass", "status", "objects", "round_trip_ms", "inference_ms", "width", "height", "attempts"])
        #expect(json[1]["error"] as? String == "HTTP 503")
        #expect(json[1]["round_trip_ms"] is NSNull)
        let decoded = try JSONDecoder().decode([LocalImageResult].self, from: ResultFile.encode([ok, failed]))
        #expect(decoded == [ok, failed])
    }
}
