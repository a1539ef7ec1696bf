import Foundation
import Testing
import TestSupport

/// Requests no route takes, and bodies that are not JSON, get JSON errors with the status that says why.
@Suite("Methods, paths and media types")
struct MethodAndMediaTypeTests {
    @Test("405 with Allow for a method a path does not take, 404 for an unknown path, both with JSON bodies")
    func methodsAndPaths() async throws {
        let server = try await ServedBinary.start([])
        for (method, path, allow) in [("GET", "/api/object_detection", "POST"), ("DELETE", "/health", "GET"), ("PUT", "/metrics", "GET")] {
            let answer = try server.request(method, path)
            #expect(answer.hasPrefix("HTTP/1.1 405"), "\(method) \(path): \(answer)")
            #expect(answer.lowercased().contains("\r\nallow: \(allow.lowercased())\r\n"), "\(method) \(path): \(answer)")
            #expect(Self.jsonError(answer)?.contains("takes \(allow)") == true, "\(method) \(path): \(answer)")
        }
        #expect(try server.request("GET", "/health/").hasPrefix("HTTP/1.1 200"))
        let missing = try server.request("GET", "/nope")
        #expect(missing.hasPrefix("HTTP/1.1 404"))
        #expect(Self.jsonError(missing)?.contains("no such path") == true, "\(missing)")
        #expect(await server.stop() == 0)
    }

    @Test("415 for a Content-Type that is not JSON; application/json with a charset, and no Content-Type, are read")
    func mediaTypes() async throws {
        let server = try await ServedBinary.start([])
        let body = try JSONSerialization.data(
            withJSONObject: ["id": "m", "image": try Fixtures.image("grace_hopper.jpg").base64EncodedString()])
        let form = try server.request("POST", "/api/object_detection", headers: ["Content-Type: application/x-www-form-urlencoded"], body: body)
        #expect(form.hasPrefix("HTTP/1.1 415"), "\(form)")
        #expect(Self.jsonError(form)?.contains("not JSON") == true, "\(form)")
        for headers in [["Content-Type: application/json; charset=utf-8"], []] {
            let answer = try server.request("POST", "/api/object_detection", headers: headers, body: body)
            #expect(answer.hasPrefix("HTTP/1.1 200"), "\(headers): \(answer)")
        }
        #expect(await server.stop() == 0)
    }

    /// The `error` of a JSON error answer.
    static func jsonError(_ answer: String) -> String? {
        guard let start = answer.range(of: "\r\n\r\n") else { return nil }
        let json = try? JSONSerialization.jsonObject(with: Data(answer[start.upperBound...].utf8)) as? [String: Any]
        return json?["error"] as? String
    }
}
