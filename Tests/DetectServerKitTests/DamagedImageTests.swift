import Foundation
import Testing
import TestSupport

/// A JPEG cut short: OpenCV 4.6 decodes it as far as it goes, and the answer says so; OpenCV 4.14 refuses it, and the
/// 422 says why. An intact JPEG has no warnings on either.
@Suite("Damaged images")
struct DamagedImageTests {
    @Test("A truncated JPEG is answered 200 with a warning on OpenCV 4.6, 422 naming the cause on 4.14")
    func truncatedJPEG() async throws {
        let server = try await ServedBinary.start([])
        let dog = try Fixtures.image("dog.jpg")
        for (id, image) in [("half", dog.prefix(dog.count / 2)), ("whole", dog)] {
            let body = try JSONSerialization.data(withJSONObject: ["id": id, "image": image.base64EncodedString()])
            let answer = try server.request("POST", "/api/object_detection", headers: ["Content-Type: application/json"], body: body)
            let json = answer.range(of: "\r\n\r\n").flatMap {
                try? JSONSerialization.jsonObject(with: Data(answer[$0.upperBound...].utf8)) as? [String: Any]
            }
            switch (id, Fixtures.openCVMinorVersion) {
            case ("whole", _):
                #expect(answer.hasPrefix("HTTP/1.1 200"), "\(id): \(answer)")
                #expect(json?["warnings"] == nil, "\(id): \(answer)")
                #expect(json?["objects"] != nil)
            case (_, "4.6"):
                #expect(answer.hasPrefix("HTTP/1.1 200"), "\(id): \(answer)")
                #expect(json?["warnings"] as? [String] == ["image data ends early; the lower part was not decoded"])
                #expect(json?["objects"] != nil)
            case (_, "4.14"):
                #expect(answer.hasPrefix("HTTP/1.1 422"), "\(id): \(answer)")
                #expect(json?["error"] as? String == "not a decodable image: image data ends early; OpenCV 4.14.0 does not decode a JPEG cut short")
                #expect(json?["id"] as? String == id)
            default:
                Issue.record("no expectation for a truncated JPEG on OpenCV \(Fixtures.openCVMinorVersion)")
            }
        }
        #expect(await server.stop() == 0)
    }
}
