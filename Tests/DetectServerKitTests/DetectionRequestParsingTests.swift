@testable import DetectServerKit
import Foundation
import Testing
import TestSupport

/// The request parser against Foundation's JSONSerialization and base64 decoding read directly as the reference:
/// same id, same image bytes, and each refusal a 400 naming the field at fault.
@Suite("Detection request parsing")
struct DetectionRequestParsingTests {
    /// The reference: what the body means to JSONSerialization and Data(base64Encoded:).
    static func reference(_ body: [UInt8]) -> (id: String, image: [UInt8])? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any],
            let id = object["id"] as? String, let image = object["image"] as? String,
            let bytes = Data(base64Encoded: image)
        else { return nil }
        return (id, Array(bytes))
    }

    static func parse(_ body: String) -> Result<DetectionRequest, APIError> {
        Result { () throws(APIError) in try DetectionRequest(body: Array(body.utf8)) }
    }

    @Test("Every fixture image, in a body written by JSONSerialization (slashes escaped) and by hand", arguments: Fixtures.imageNames)
    func fixtureBodies(name: String) throws {
        let image = try Fixtures.image(name)
        let base64 = image.base64EncodedString()
        let bodies: [[UInt8]] = [
            Array(try JSONSerialization.data(withJSONObject: ["id": name, "image": base64])),
            Array("{\"id\": \"\(name)\", \"image\": \"\(base64)\"}".utf8),
            Array(" \n{ \"image\" : \"\(base64)\" ,\t\"extra\": [1, {\"a\": null}], \"id\":\"\(name)\" } \r\n".utf8),
        ]
        for body in bodies {
            let parsed = try DetectionRequest(body: body)
            let expected = try #require(Self.reference(body))
            #expect(parsed.id == expected.id)
            #expect(parsed.imageData == expected.image)
            #expect(parsed.imageData == Array(image))
        }
    }

    @Test("Ids with escapes and non-ASCII text read as JSONSerialization reads them")
    func escapedIds() throws {
        let ids = [#"plain"#, #"caf\u00e9"#, #"caf\u00E9"#, "café", #"smile \ud83d\ude00"#, "smile 😀", #"q\"uote"#,
                   #"back\\slash"#, #"s\/lash"#, #"\b\f\n\r\t"#, ""]
        for id in ids {
            let body = Array("{\"id\": \"\(id)\", \"image\": \"aGVsbG8=\"}".utf8)
            let expected = try #require(Self.reference(body), "\(id)")
            let parsed = try DetectionRequest(body: body)
            #expect(parsed.id == expected.id, "\(id)")
            #expect(parsed.imageData == Array("hello".utf8))
        }
    }

    @Test("A key given twice counts with its last value, as in JSONSerialization")
    func duplicateKeys() throws {
        let body = Array(#"{"id": "first", "image": "aGVsbG8=", "id": "second", "image": "d29ybGQ="}"#.utf8)
        let expected = try #require(Self.reference(body))
        let parsed = try DetectionRequest(body: body)
        #expect(parsed.id == expected.id)
        #expect(parsed.imageData == expected.image)
    }

    @Test("Documents JSONSerialization refuses are 400 not valid JSON")
    func invalidJSON() throws {
        let documents = [
            "", " ", "{", "}", "{\"id\"}", "{\"id\": }", "{\"id\": \"a\" \"image\": \"b\"}", "{'id': 'a'}",
            "{\"id\": \"a\"} {}", "{\"id\": \"unterminated}", "{\"id\": \"bad \\x escape\"}", "{\"id\": \"\\u12\"}",
            "{\"id\": \"lone \\ud800\"}", "{\"id\": \"lone \\udc00\"}", "{\"id\": \"tab\tinside\"}", "{\"n\": 01}",
            "{\"n\": 1.}", "{\"n\": -}", "{\"n\": .5}", "{\"n\": 1e}", "{\"b\": tru}", "{\"b\": nul}",
            "{\"a\": [1, 2}", "{\"a\": {\"b\": 1]}", "12", "\"text\"", "null", "true",
            String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        ]
        for document in documents {
            #expect((try? JSONSerialization.jsonObject(with: Data(document.utf8))) == nil, "reference accepts \(document)")
            guard case .failure(let error) = Self.parse(document) else {
                Issue.record("accepted \(document)")
                continue
            }
            #expect(error.status == .badRequest)
            #expect(error.message.contains("not valid JSON"), "\(document): \(error.message)")
        }
        for bytes: [UInt8] in [[0x7B, 0x22, 0x69, 0x64, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D],  // {"id":"\xFF"}
                               [0x7B, 0x22, 0x69, 0x64, 0x22, 0x3A, 0x22, 0xC0, 0xAF, 0x22, 0x7D],  // overlong '/'
                               [0x7B, 0x22, 0x69, 0x64, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D]]  // UTF-8 surrogate
        {
            #expect((try? JSONSerialization.jsonObject(with: Data(bytes))) == nil)
            #expect(throws: APIError.self) { try DetectionRequest(body: bytes) }
        }
    }

    @Test("Valid JSON that is not an object, and objects with missing or mistyped fields, get the field's 400")
    func fieldErrors() {
        let cases: [(body: String, fragment: String, id: String?)] = [
            ("[1, 2]", "JSON object", nil),
            ("[]", "JSON object", nil),
            ("{}", "missing field \"id\"", nil),
            ("{\"image\": \"aGVsbG8=\"}", "missing field \"id\"", nil),
            ("{\"id\": 7, \"image\": \"aGVsbG8=\"}", "\"id\" must be a string", nil),
            ("{\"id\": null, \"image\": \"aGVsbG8=\"}", "\"id\" must be a string", nil),
            ("{\"id\": [\"a\"], \"image\": \"aGVsbG8=\"}", "\"id\" must be a string", nil),
            ("{\"id\": \"a\"}", "missing field \"image\"", "a"),
            ("{\"id\": \"b\", \"image\": 12}", "\"image\" must be a base64 string", "b"),
            ("{\"id\": \"b\", \"image\": {\"data\": \"aGVsbG8=\"}}", "\"image\" must be a base64 string", "b"),
            ("{\"id\": \"c\", \"image\": \"***not base64***\"}", "not valid base64", "c"),
            ("{\"id\": \"c\", \"image\": \"aGVsbG8\"}", "not valid base64", "c"),
            ("{\"id\": \"c\", \"image\": \"aGVs bG8=\"}", "not valid base64", "c"),
            ("{\"id\": \"c\", \"image\": \"aGVsbG8=\\n\"}", "not valid base64", "c"),
            ("{\"id\": \"c\", \"image\": \"aG=sbA==\"}", "not valid base64", "c"),
            ("{\"id\": \"c\", \"image\": \"aGVsbG8=aGVsbG8=\"}", "not valid base64", "c"),
            ("{\"id\": \"c\", \"image\": \"-_-_\"}", "not valid base64", "c"),
            ("{\"id\": \"c\", \"image\": \"caf\\u00e9\"}", "not valid base64", "c"),
            ("{\"id\": \"d\", \"image\": \"\"}", "is empty", "d"),
        ]
        for (body, fragment, id) in cases {
            guard case .failure(let error) = Self.parse(body) else {
                Issue.record("accepted \(body)")
                continue
            }
            #expect(error.status == .badRequest, "\(body)")
            #expect(error.message.contains(fragment), "\(body): \(error.message)")
            #expect(error.id == id, "\(body)")
        }
    }
}
