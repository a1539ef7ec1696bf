import DetectServerKit
import Foundation
import Testing
import TestSupport

/// The REST API on a real server (port 0), against the OpenCV goldens.
@Suite("Detection API")
struct DetectionAPITests {
    @Test("Every fixture image is answered with the golden objects, its size and timings")
    func fixturesMatchGolden() async throws {
        let golden = try Fixtures.golden("golden_conf0.5_nms0.4.json")
        try await LiveServer.with { server in
            for expected in golden.images {
                let (status, json) = try await server.detect(id: "id-\(expected.file)", image: try Fixtures.image(expected.file)).pair
                #expect(status == 200, "\(expected.file)")
                #expect(json["id"] as? String == "id-\(expected.file)")
                #expect(json["width"] as? Int == expected.width)
                #expect(json["height"] as? Int == expected.height)
                #expect((json["inference_ms"] as? Double ?? 0) > 0)
                let objects = json["objects"] as? [[String: Any]] ?? []
                #expect(objects.map { $0["label"] as? String } == expected.objects.map(\.label), "\(expected.file)")
                #expect(objects.map { $0["box"] as? [Int] } == expected.objects.map(\.box), "\(expected.file)")
                for (object, reference) in zip(objects, expected.objects) {
                    #expect(abs((object["accuracy"] as? Double ?? -1) - reference.accuracy) <= 1e-4)
                }
            }
        }
    }

    @Test("Thresholds from the configuration reach the detector (conf 0.25, NMS 0.45 golden)")
    func thresholdsApply() async throws {
        let golden = try Fixtures.golden("golden_conf0.25_nms0.45.json")
        try await LiveServer.with({ $0.detection.confidenceThreshold = 0.25; $0.detection.nmsThreshold = 0.45 }) { server in
            for expected in golden.images {
                let json = try await server.detect(id: expected.file, image: try Fixtures.image(expected.file)).json
                let objects = json["objects"] as? [[String: Any]] ?? []
                #expect(objects.map { $0["box"] as? [Int] } == expected.objects.map(\.box), "\(expected.file)")
            }
        }
    }

    @Test("50 requests from 8 concurrent clients are all answered correctly")
    func concurrentClients() async throws {
        let golden = try Fixtures.golden("golden_conf0.5_nms0.4.json")
        let images = try golden.images.map { ($0, try Fixtures.image($0.file)) }
        try await LiveServer.with { server in
            let correct = try await withThrowingTaskGroup(of: Int.self) { group in
                for client in 0..<8 {
                    group.addTask {
                        var correct = 0
                        for request in stride(from: client, to: 50, by: 8) {
                            let (expected, bytes) = images[request % images.count]
                            let (status, json) = try await server.detect(id: "r\(request)", image: bytes).pair
                            let boxes = (json["objects"] as? [[String: Any]] ?? []).map { $0["box"] as? [Int] }
                            if status == 200, json["id"] as? String == "r\(request)", boxes == expected.objects.map(\.box) {
                                correct += 1
                            }
                        }
                        return correct
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(correct == 50)
        }
    }

    @Test("Health answers 200 with the pool's size once the model is loaded; metrics are Prometheus text")
    func healthAndMetrics() async throws {
        try await LiveServer.with { server in
            let health = try await server.get("health")
            #expect(health.status == 200)
            #expect(health.body.contains("\"workers\":2"))
            _ = try await server.detect(id: "m1", image: try Fixtures.image("dog.jpg"))
            _ = try await server.post(Data("nope".utf8))
            let metrics = try await server.get("metrics")
            #expect(metrics.status == 200)
            #expect(metrics.body.contains("detect_requests_total{status=\"200\"} 1"))
            #expect(metrics.body.contains("detect_requests_total{status=\"400\"} 1"))
            #expect(metrics.body.contains("detect_request_errors_total{status=\"400\"} 1"))
            #expect(metrics.body.contains("detect_inference_duration_seconds_count 1"))
            #expect(metrics.body.contains("detect_request_duration_seconds_count 2"))
        }
    }
}
