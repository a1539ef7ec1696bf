import Foundation

/// What a server speaking the REST contract answered with 200: the id it was sent, the objects, and the extras
/// detect-server adds (image size, `inference_ms`) when present.
public struct DetectionReply: Decodable, Sendable, Equatable {
    public var id: String?
    public var objects: [DetectedObject]
    public var inferenceMilliseconds: Double?
    public var width: Int?
    public var height: Int?

    enum CodingKeys: String, CodingKey {
        case id, objects, inferenceMilliseconds = "inference_ms", width, height
    }

    /// Parses a 200 body, or says (`DetectionFailure.badReply`) what is wrong with it.
    static func parse(_ body: [UInt8]) -> Result<DetectionReply, DetectionFailure> {
        do {
            return .success(try JSONDecoder().decode(DetectionReply.self, from: Data(body)))
        } catch {
            let excerpt = String(decoding: body.prefix(120), as: UTF8.self)
            return .failure(.badReply(reason: "the 200 reply is not the contract's {id, objects}: \(excerpt)"))
        }
    }
}

/// The error body of the REST contract, `{"error": "<what to fix>"}`.
struct DetectionErrorReply: Decodable {
    var error: String
}
