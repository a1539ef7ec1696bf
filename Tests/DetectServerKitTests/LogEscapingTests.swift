import Foundation
import LogEscaping
import Testing
import TestSupport

@Suite("Log escaping")
struct LogEscapingTests {
    @Test("Line breaks, NUL, other control characters and backslashes are escaped")
    func escapes() {
        #expect(escapedForLog("a\nb\rc\td\0e\\f") == #"a\nb\rc\td\0e\\f"#)
        #expect(escapedForLog("bell\u{07} esc\u{1B} del\u{7F} c1\u{85} ls\u{2028}") == #"bell\u{7} esc\u{1b} del\u{7f} c1\u{85} ls\u{2028}"#)
        #expect(escapedForLog("plain id-42 é 犬 🐕") == "plain id-42 é 犬 🐕")
    }

    @Test("Values over the limit are cut with a marker saying how much was left out")
    func truncates() {
        #expect(escapedForLog(String(repeating: "x", count: 200)) == String(repeating: "x", count: 200))
        #expect(escapedForLog(String(repeating: "x", count: 1_000_000)) == String(repeating: "x", count: 200) + "…[+999800 chars]")
        #expect(escapedForLog("abc\ndef", limit: 4) == #"abc\n…[+3 chars]"#)
    }

    @Test("A client id with a line break, a NUL and a megabyte of text writes one escaped, truncated log line")
    func forgedLineRefused() async throws {
        let server = try await ServedBinary.start([], logLevel: "info")
        let image = try Fixtures.image("grace_hopper.jpg").base64EncodedString()
        let ids = ["a\nforged: admin logged in\0", String(repeating: "m", count: 1_000_000)]
        for id in ids {
            let body = try JSONSerialization.data(withJSONObject: ["id": id, "image": image])
            let answer = try server.request("POST", "/api/object_detection", headers: ["Content-Type: application/json"], body: body)
            #expect(answer.hasPrefix("HTTP/1.1 200"))
        }
        #expect(await server.stop() == 0)
        let log = server.process.stderr
        let lines = log.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(!lines.contains { $0.hasPrefix("forged") })
        #expect(!log.contains("\0"))
        #expect(log.contains(#"a\nforged: admin logged in\0"#))
        #expect(lines.allSatisfy { $0.utf8.count < 1000 }, "longest log line: \(lines.map(\.utf8.count).max() ?? 0) bytes")
        #expect(log.contains("…[+999800 chars]"))
    }
}
