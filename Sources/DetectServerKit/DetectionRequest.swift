import Foundation

/// A parsed `POST /api/object_detection` body: `{"id": "<client id>", "image": "<base64 of JPEG/PNG bytes>"}`.
public struct DetectionRequest: Sendable {
    public var id: String
    public var imageData: [UInt8]

    /// Parses and validates a request body. Throws `APIError` with status 400 naming the field at fault:
    /// not JSON, not an object, `id` or `image` missing or not a string, `image` not valid base64 or empty.
    public init(body: some Sequence<UInt8>) throws(APIError) {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(body))
        } catch {
            throw APIError(.badRequest, "body is not valid JSON; send {\"id\": \"...\", \"image\": \"<base64>\"}")
        }
        guard let object = json as? [String: Any] else {
            throw APIError(.badRequest, "body must be a JSON object with \"id\" and \"image\"")
        }
        let id = object["id"] as? String
        guard object["id"] != nil else { throw APIError(.badRequest, "missing field \"id\" (a string)") }
        guard let id else { throw APIError(.badRequest, "field \"id\" must be a string") }
        guard object["image"] != nil else { throw APIError(.badRequest, "missing field \"image\" (base64 of a JPEG or PNG)", id: id) }
        guard let image = object["image"] as? String else {
            throw APIError(.badRequest, "field \"image\" must be a base64 string", id: id)
        }
        guard let bytes = Data(base64Encoded: image) else {
            throw APIError(.badRequest, "field \"image\" is not valid base64", id: id)
        }
        guard !bytes.isEmpty else { throw APIError(.badRequest, "field \"image\" is empty", id: id) }
        self.id = id
        self.imageData = Array(bytes)
    }
}
