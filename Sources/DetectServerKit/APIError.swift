import Foundation
import Hummingbird

/// An error answered as JSON `{"error": "<what to fix>", "id": <the request's id or null>}` with its HTTP status.
public struct APIError: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var message: String
    public var id: String?
    /// Seconds a client should wait before retrying (sent as `Retry-After`), for 503.
    public var retryAfterSeconds: Int?

    public init(_ status: HTTPResponse.Status, _ message: String, id: String? = nil, retryAfterSeconds: Int? = nil) {
        self.status = status
        self.message = message
        self.id = id
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// The JSON response.
    public func response() -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        let body: [String: Any] = ["error": message, "id": id ?? NSNull()]
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
