/// A request that got no HTTP response: the connection failed, timed out or was dropped.
///
/// `url` is the request URL without its query string, so presigned signatures and security tokens never appear
/// in a log or message; `detail` is libcurl's own explanation (https://curl.se/libcurl/c/libcurl-errors.html).
public struct HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in the terms a retry decision needs.
    public enum Kind: String, Sendable, Equatable {
        /// Nothing listens on the port (ECONNREFUSED).
        case connectionRefused
        /// The host name did not resolve.
        case hostNotFound
        /// No connection within the connect timeout.
        case connectTimeout
        /// Connected, but the whole exchange did not finish within the total timeout.
        case timeout
        /// The transfer went slower than `HTTPClient.Configuration.lowSpeedLimit` for the limit's duration
        /// (a stalled connection or a link too slow for the body).
        case transferTooSlow
        /// The connection closed or reset before the response was complete.
        case connectionDropped
        /// The TLS handshake or certificate check failed.
        case tls
        /// The calling task was cancelled.
        case cancelled
        /// The client was shut down before the request finished.
        case shutdown
        /// libcurl refused the request itself (bad URL, unsupported option).
        case invalidRequest
        /// Any other libcurl failure; `curlCode` says which.
        case other
    }

    public var kind: Kind
    public var method: String
    /// The request URL without its query string.
    public var url: String
    /// libcurl's CURLcode (0 when the failure did not come from libcurl).
    public var curlCode: Int
    public var detail: String

    public init(kind: Kind, method: String, url: String, curlCode: Int = 0, detail: String = "") {
        self.kind = kind
        self.method = method
        self.url = url
        self.curlCode = curlCode
        self.detail = detail
    }

    /// Whether another attempt may succeed (everything but cancellation, shutdown and a malformed request).
    public var isTransient: Bool {
        switch kind {
        case .connectionRefused, .hostNotFound, .connectTimeout, .timeout, .transferTooSlow, .connectionDropped, .tls, .other:
            return true
        case .cancelled, .shutdown, .invalidRequest:
            return false
        }
    }

    public var description: String {
        let suffix = detail.isEmpty ? "" : ": \(detail)"
        return "\(kind.rawValue) for \(method) \(url)\(suffix)"
    }
}
