import DetectionContract
import Foundation

extension DetectionReply {
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
