import DetectServerKit
import Foundation
import Testing
import TestSupport

/// Every bad input gets a JSON error with the right status, and the server keeps serving.
@Suite("Bad input")
struct BadInputTests {
    static let base64Hello = Data("hello".utf8).base64EncodedString()

    @Test("400 for bodies that are not a valid request, naming the field at fault")
    func badRequests() async throws {
        let cases: [(body: String, fragment: String, id: String?)] = [
            ("this is not json", "not valid JSON", nil),
            ("[1, 2]", "JSON object", nil),
            ("{\"image\": \"\(Self.base64Hello)\"}", "missing field \"id\"", nil),
            ("{\"id\": 7, \"image\": \"\(Self.base64Hello)\"}", "\"id\" must be a string", nil),
            ("{\"id\": \"a\"}", "missing field \"image\"", "a"),
            ("{\"id\": \"b\", \"image\": 12}", "\"image\" must be a base64 string", "b"),
            ("{\"id\": \"c\", \"image\": \"***not base64***\"}", "not valid base64", "c"),
            ("{\"id\": \"d\", \"image\": \"\"}", "is empty", "d"),
        ]
        try await LiveServer.with { server in
            for (body, fragment, id) in cases {
                let (status, json) = try await server.post(Data(body.utf8)).pair
                #expect(status == 400, "\(body)")
                #expect((json["error"] as? String)?.contains(fragment) == true, "\(body): \(json)")
                #expect(json["id"] as? String == id, "\(body)")
                #expect(json["objects"] == nil)
            }
            #expect(try await server.detect(id: "after", image: try Fixtures.image("dog.jpg")).status == 200)
        }
    }

    @Test("422 for bytes that are not an image, a corrupt JPEG, and an image over the pixel limit")
    func unprocessable() async throws {
        let dog = try Fixtures.image("dog.jpg")
        let corrupt = dog.prefix(600) + Data(repeating: 0, count: 400)
        let huge = Data(Fixtures.pngHeader(width: 50_000, height: 50_000))
        try await LiveServer.with { server in
            for (name, bytes, fragment) in [
                ("text", Data("hello".utf8), "not a decodable image"),
                ("corrupt", corrupt, "not a decodable image"),
                ("huge", huge, "over the limit"),
            ] {
                let (status, json) = try await server.detect(id: name, image: bytes).pair
                #expect(status == 422, "\(name)")
                #expect(json["id"] as? String == name)
                #expect((json["error"] as? String)?.contains(fragment) == true, "\(name): \(json)")
            }
        }
    }

    @Test("413 for a body over --max-body-mb (giraffe.jpg is 510 KB as base64, grace_hopper.jpg 82 KB)")
    func tooLarge() async throws {
        try await LiveServer.with({ $0.maxBodyBytes = 128 * 1024 }) { server in
            let (status, json) = try await server.detect(id: "big", image: try Fixtures.image("giraffe.jpg")).pair
            #expect(status == 413)
            #expect((json["error"] as? String)?.contains("over the limit") == true)
            #expect(try await server.detect(id: "small", image: try Fixtures.image("grace_hopper.jpg")).status == 200)
        }
    }

    @Test("503 with Retry-After when every detector is busy and the queue is full")
    func queueFull() async throws {
        let image = try Fixtures.image("giraffe.jpg")
        try await LiveServer.with({ $0.workers = 1; $0.queueCapacity = 0 }) { server in
            let statuses = try await withThrowingTaskGroup(of: APIReply.self) { group in
                for index in 0..<8 { group.addTask { try await server.detect(id: "q\(index)", image: image) } }
                return try await group.reduce(into: [APIReply]()) { $0.append($1) }
            }
            let codes = statuses.map(\.status)
            #expect(codes.allSatisfy { $0 == 200 || $0 == 503 })
            #expect(codes.contains(200))
            #expect(codes.contains(503))
            for json in statuses.map(\.json) where json["error"] != nil {
                #expect((json["error"] as? String)?.contains("retry later") == true)
            }
        }
    }
}
