import DetectServerKit
import Foundation
import Testing
import TestSupport

@Suite("Graceful shutdown")
struct ShutdownTests {
    @Test("Shutdown while requests are in flight loses none of them")
    func drainsInFlight() async throws {
        let image = try Fixtures.image("dog.jpg")
        try await LiveServer.with({ $0.workers = 1; $0.queueCapacity = 16 }) { server in
            let requests = (0..<8).map { index in
                Task { try await server.detect(id: "s\(index)", image: image) }
            }
            // Wait until all eight are inside the server (running or queued), then shut down.
            for _ in 0..<500 {
                let health = try await server.get("health").body
                let json = try JSONSerialization.jsonObject(with: Data(health.utf8)) as? [String: Any] ?? [:]
                if (json["running"] as? Int ?? 0) + (json["queued"] as? Int ?? 0) >= 8 { break }
                try await Task.sleep(for: .milliseconds(5))
            }
            await server.shutdown()
            for (index, request) in requests.enumerated() {
                let (status, json) = try await request.value.pair
                #expect(status == 200, "request \(index)")
                #expect((json["objects"] as? [[String: Any]])?.count == 3, "request \(index)")
            }
        }
    }
}
