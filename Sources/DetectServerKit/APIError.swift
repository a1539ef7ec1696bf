import Foundation
import Hummingbird

/// An error answered as JSON `{"error": "<what to fix>", "id": <the request's id or null>}` with its HTTP status:
/// thrown by a handler or middleware, it becomes that response wherever the router catches it.
public struct APIError: HTTPResponseError, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var message: String
    public var id: String?
    /// Seconds a client should wait before retrying (sent as `Retry-After`), for 503.
    public var retryAfterSeconds: Int?
    /// The methods the path takes (sent as `Allow`), for 405.
    public var allowedMethods: [HTTPRequest.Method]?

    public init(
        _ status: HTTPResponse.Status, _ message: String, id: String? = nil, retryAfterSeconds: Int? = nil,
        allowedMethods: [HTTPRequest.Method]? = nil
    ) {
        self.status = status
        self.message = message
        self.id = id
        self.retryAfterSeconds = retryAfterSeconds
        self.allowedMethods = allowedMethods
    }

    /// The JSON response, with `Retry-After` and `Allow` when set.
    public func response(from request: Request, context: some RequestContext) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        if let allowedMethods { headers[.allow] = allowedMethods.map(\.rawValue).joined(separator: ", ") }
        let body: [String: Any] = ["error": message, "id": id ?? NSNull()]
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
