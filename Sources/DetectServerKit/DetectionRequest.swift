/// A parsed `POST /api/object_detection` body: `{"id": "<client id>", "image": "<base64 of JPEG/PNG bytes>"}`.
public struct DetectionRequest: Sendable {
    public var id: String
    public var imageData: [UInt8]

    /// Parses and validates a request body. Throws `APIError` with status 400 naming the field at fault:
    /// not JSON, not an object, `id` or `image` missing or not a string, `image` not valid base64 or empty.
    ///
    /// The body is scanned in place (`JSONObjectScanner`) and the image decoded from base64 straight out of it
    /// (`decodeBase64`): no copy of the body, no JSON tree, no intermediate string (RFC 8259, RFC 4648 §4).
    public init(body: some Sequence<UInt8>) throws(APIError) {
        let parsed = body.withContiguousStorageIfAvailable { buffer in
            Result { () throws(APIError) in try Self(bytes: UnsafeRawBufferPointer(buffer)) }
        }
        let result = parsed ?? Array(body).withUnsafeBytes { bytes in Result { () throws(APIError) in try Self(bytes: bytes) } }
        self = try result.get()
    }

    private init(bytes: UnsafeRawBufferPointer) throws(APIError) {
        let members: [(key: [UInt8], value: JSONObjectScanner.Value)]
        do {
            members = try JSONObjectScanner.members(of: bytes)
        } catch .notAnObject {
            throw APIError(.badRequest, "body must be a JSON object with \"id\" and \"image\"")
        } catch {
            throw APIError(.badRequest, "body is not valid JSON; send {\"id\": \"...\", \"image\": \"<base64>\"}")
        }
        // A key given twice counts once, with its last value (as JSONSerialization reads it).
        let idValue = members.last { $0.key.elementsEqual("id".utf8) }?.value
        let imageValue = members.last { $0.key.elementsEqual("image".utf8) }?.value

        guard let idValue else { throw APIError(.badRequest, "missing field \"id\" (a string)") }
        guard case .string(let idHasEscapes) = idValue.kind else {
            throw APIError(.badRequest, "field \"id\" must be a string")
        }
        let idBytes = idHasEscapes ? JSONObjectScanner.unescaped(bytes, idValue.range) : Array(bytes[idValue.range])
        let id = String(decoding: idBytes, as: UTF8.self)  // the scan validated the UTF-8

        guard let imageValue else {
            throw APIError(.badRequest, "missing field \"image\" (base64 of a JPEG or PNG)", id: id)
        }
        guard case .string(let imageHasEscapes) = imageValue.kind else {
            throw APIError(.badRequest, "field \"image\" must be a base64 string", id: id)
        }
        let decoded =
            imageHasEscapes
            ? JSONObjectScanner.unescaped(bytes, imageValue.range).withUnsafeBytes { decodeBase64($0) }
            : decodeBase64(UnsafeRawBufferPointer(rebasing: bytes[imageValue.range]))
        guard let imageData = decoded else { throw APIError(.badRequest, "field \"image\" is not valid base64", id: id) }
        guard !imageData.isEmpty else { throw APIError(.badRequest, "field \"image\" is empty", id: id) }
        self.id = id
        self.imageData = imageData
    }
}
