import Foundation

/// The JSON body of one detection request, `{"id": "<id>", "image": "<base64 of the image bytes>"}`, built from an
/// image whose base64 text was encoded once (`EncodedImage`), so repeated requests only copy bytes.
public struct EncodedImage: Sendable {
    /// The file name the image came from.
    public let name: String
    /// The base64 text of the image bytes (standard alphabet, padded, no line breaks), as UTF-8.
    public let base64: [UInt8]

    /// Encodes `image`'s bytes once.
    public init(_ image: ImageFile) {
        name = image.name
        base64 = [UInt8](Data(image.bytes).base64EncodedData())
    }

    /// The request body for `id` (escaped as a JSON string).
    public func requestBody(id: String) -> [UInt8] {
        let quotedID = (try? JSONEncoder().encode(id)).map { [UInt8]($0) } ?? Array("\"\"".utf8)
        var body: [UInt8] = []
        body.reserveCapacity(base64.count + quotedID.count + 24)
        body += Array("{\"id\":".utf8)
        body += quotedID
        body += Array(",\"image\":\"".utf8)
        body += base64
        body += Array("\"}".utf8)
        return body
    }
}
