import Foundation
import Hummingbird

/// Encodes a reply with Foundation's `JSONEncoder` defaults (keys in declaration order) as a 200 with
/// `Content-Type: application/json`. A value it cannot encode (a non-finite number) is answered as a 500
/// `APIError` naming the encoder's error, with the request's detection id when the handler had read one.
public struct JSONReplyEncoder: ResponseEncoder {
    /// The request's detection id, for the 500.
    let detectionID: DetectionIDSlot

    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        let data: Data
        do {
            data = try JSONEncoder().encode(value)
        } catch {
            throw APIError(.internalServerError, "internal error: \(error)", id: detectionID.id)
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
