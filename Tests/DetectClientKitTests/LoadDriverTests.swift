import DetectClientKit
import Foundation
import TestSupport
import Testing

/// The closed-loop load driver against the real server, and against a port nothing listens on. No timing is
/// asserted: only counts, ordering of percentiles and the JSON layout.
@Suite struct LoadDriverTests {
    static func images(_ count: Int) throws -> [ImageFile] {
        try Fixtures.imageNames.prefix(count).map { ImageFile(name: $0, bytes: [UInt8](try Fixtures.image($0))) }
    }

    @Test func countsEveryMeasuredRequest() async throws {
        let result = try await LiveDetectServer.with { url in
            await LoadDriver(options: try LoadDriverOptions(endpoint: try DetectionEndpoint(url), concurrency: 3, limit: .requests(12), warmup: 3))
                .run(images: try Self.images(4))
        }
        #expect(result.requests == 12)
        #expect(result.failures == 0)
        #expect(result.concurrency == 3)
        #expect(result.firstFailure == nil)
        let p50 = try #require(result.p50Milliseconds), p95 = try #require(result.p95Milliseconds)
        let p99 = try #require(result.p99Milliseconds), mean = try #require(result.meanMilliseconds)
        #expect(0 < p50 && p50 <= p95 && p95 <= p99 && mean > 0)
        #expect(result.seconds > 0)
        #expect(abs(result.requestsPerSecond - 12 / result.seconds) < 0.01)
    }

    @Test func durationModeStopsByItself() async throws {
        let result = try await LiveDetectServer.with { url in
            await LoadDriver(options: try LoadDriverOptions(endpoint: try DetectionEndpoint(url), concurrency: 2, limit: .duration(.seconds(3))))
                .run(images: try Self.images(2))
        }
        #expect(result.requests >= 1)
        #expect(result.failures == 0)
    }

    @Test func failuresAreCountedNotRetried() async throws {
        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let port = refusing.port
        let result = await LoadDriver(options: try LoadDriverOptions(endpoint: try DetectionEndpoint("http://127.0.0.1:\(port)"), concurrency: 2, limit: .requests(5)))
            .run(images: try Self.images(1))
        #expect(result.requests == 5 && result.failures == 5)
        #expect(result.requestsPerSecond == 0)
        #expect(result.p50Milliseconds == nil && result.meanMilliseconds == nil)
        #expect(result.firstFailure?.hasPrefix("connection refused by http://127.0.0.1:\(port)/api/object_detection") == true)
    }

    @Test func jsonHasExactlyTheDocumentedKeys() throws {
        let result = BenchResult(endpoint: "http://h/api/object_detection", concurrency: 4, requests: 10, failures: 1, seconds: 2,
                                 requestsPerSecond: 4.5, p50Milliseconds: 1, p95Milliseconds: 2, p99Milliseconds: 3,
                                 meanMilliseconds: 1.5, firstFailure: "HTTP 503")
        let object = try #require(try JSONSerialization.jsonObject(with: ResultFile.encode(result)) as? [String: Any])
        #expect(Set(object.keys) == ["endpoint", "concurrency", "requests", "failures", "seconds", "requests_per_second",
                                     "p50_ms", "p95_ms", "p99_ms", "mean_ms"])
        #expect(object["requests_per_second"] as? Double == 4.5)
    }
}
