import Foundation
import Testing
import TestSupport

/// A JPEG cut short is decoded as far as it goes (as OpenCV does), and the answer says so.
@Suite("Damaged images")
struct DamagedImageTests {
    @Test("A truncated JPEG is answered 200 with a warning; an intact one has no warnings")
    func truncatedJPEG() async throws {
        let server = try await ServedBinary.start([])
        let dog = try Fixtures.image("dog.jpg")
        for (id, image, expected) in [
            ("half", dog.prefix(dog.count / 2), ["image data ends early; the lower part was not decoded"]),
            ("whole", dog, nil),
        ] {
            let body = try JSONSerialization.data(withJSONObject: ["id": id, "image": image.base64EncodedString()])
            let answer = try server.request("POST", "/api/object_detection", headers: ["Content-Type: application/json"], body: body)
            #expect(answer.hasPrefix("HTTP/1.1 200"), "\(id): \(answer)")
            let json = answer.range(of: "\r\n\r\n").flatMap {
                try? JSONSerialization.jsonObject(with: Data(answer[$0.upperBound...].utf8)) as? [String: Any]
            }
            #expect(json?["warnings"] as? [String] == expected, "\(id): \(answer)")
            #expect(json?["objects"] != nil)
        }
        #expect(await server.stop() == 0)
    }
}
