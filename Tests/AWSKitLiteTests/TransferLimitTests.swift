import AWSKitLite
import Foundation
import Testing

/// Transfer limits for large bodies on slow links: the total limit grows with the body, and a transfer that
/// stalls is cut by the low-speed limit, whatever its total limit. Against scripts/fault_server.py, which reads
/// bodies at a set pace (`slow-read`) or stops reading (`stall`). Outcomes only, never durations.
@Suite struct TransferLimitTests {
    @Test func theTotalLimitGrowsWithTheBody() {
        let configuration = HTTPClient.Configuration(requestTimeout: .seconds(60), slowestUploadRate: 64 * 1024)
        #expect(configuration.totalTimeout(bodyBytes: 0) == .seconds(60))
        #expect(configuration.totalTimeout(bodyBytes: 100 * 64 * 1024) == .seconds(160))
        #expect(HTTPClient.Configuration(requestTimeout: .seconds(60), slowestUploadRate: nil).totalTimeout(bodyBytes: 1 << 30) == .seconds(60))
        #expect(HTTPClient.Configuration(requestTimeout: nil).totalTimeout(bodyBytes: 1 << 30) == nil)
        #expect(HTTPClient.Configuration().lowSpeedLimit == HTTPClient.LowSpeedLimit(bytesPerSecond: 1024, duration: .seconds(30)))
    }

    @Test func aLargeBodyReadSlowlyButSteadilyOutlastsRequestTimeoutAndArrivesWhole() async throws {
        // 16 MiB read at 4 MiB/s takes about 4 s: longer than the 1 s requestTimeout alone would allow.
        let server = try FaultServer(mode: .slowRead, readRate: 4 << 20)
        defer { server.stop() }
        let http = HTTPClient(configuration: .init(
            connectTimeout: .seconds(5), requestTimeout: .seconds(1), slowestUploadRate: 1 << 20,
            lowSpeedLimit: .init(bytesPerSecond: 64 * 1024, duration: .seconds(5))))
        defer { http.shutdown() }
        let body = (0..<(16 << 20)).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }
        let response = try await http.execute(HTTPRequest(method: "PUT", scheme: "http", host: "127.0.0.1", port: server.port,
                                                          path: "/upload", body: body))
        #expect(response.status == 200)
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        #expect(answer["received"] as? Int == body.count)
        #expect((answer["crc32"] as? NSNumber)?.uint32Value == Self.crc32(body))
    }

    @Test func aStalledUploadIsCutByTheLowSpeedLimit() async throws {
        let server = try FaultServer(mode: .stall)
        defer { server.stop() }
        let http = HTTPClient(configuration: .init(
            connectTimeout: .seconds(5), requestTimeout: .seconds(120), slowestUploadRate: 64 * 1024,
            lowSpeedLimit: .init(bytesPerSecond: 16 * 1024, duration: .seconds(2))))
        defer { http.shutdown() }
        let body = [UInt8](repeating: 7, count: 32 << 20)
        let error = try await #require(throws: HTTPClientError.self) {
            try await http.execute(HTTPRequest(method: "PUT", scheme: "http", host: "127.0.0.1", port: server.port, path: "/upload", body: body))
        }
        #expect(error.kind == .transferTooSlow && error.method == "PUT")
        #expect(error.url == "http://127.0.0.1:\(server.port)/upload")
        #expect(error.detail.hasPrefix("Operation too slow"))
        #expect(error.isTransient)
    }

    /// CRC-32 (IEEE 802.3, zlib's), to compare with what the server read.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var table = [UInt32](repeating: 0, count: 256)
        for index in 0..<256 {
            var value = UInt32(index)
            for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
            table[index] = value
        }
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
