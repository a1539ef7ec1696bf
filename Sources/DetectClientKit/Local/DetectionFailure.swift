import AWSKitLite
import HTTPTransport

/// Why one detection request got no objects: no HTTP reply, an error status, or a reply that breaks the contract.
/// Descriptions are one line a person can act on; retry decisions use `isRetryable`.
public enum DetectionFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// No HTTP reply (refused, timed out, dropped).
    case transport(HTTPClientError)
    /// An HTTP status other than 200, with the server's `error` text (or the start of its body) and its
    /// `Retry-After` seconds, if any.
    case status(code: Int, message: String, retryAfterSeconds: Double?)
    /// A 200 whose body is not the contract's reply (or answers for another id).
    case badReply(reason: String)

    /// Refused, timed-out and dropped connections, 429 and 502/503/504 may succeed on another try; 4xx refusals
    /// of the image itself, other 5xx and contract violations will not.
    public var isRetryable: Bool {
        switch self {
        case .transport(let error):
            return error.isTransient
        case .status(let code, _, _):
            return code == 429 || code == 502 || code == 503 || code == 504
        case .badReply:
            return false
        }
    }

    /// Seconds the server asked to wait (503's `Retry-After`).
    public var retryAfterSeconds: Double? {
        if case .status(_, _, let seconds) = self { return seconds }
        return nil
    }

    public var description: String {
        switch self {
        case .transport(let error):
            let target = error.url
            switch error.kind {
            case .connectionRefused: return "connection refused by \(target) (is the server running?)"
            case .hostNotFound: return "host not found: \(target)"
            case .connectTimeout: return "could not connect to \(target) in time"
            case .timeout: return "no complete reply from \(target) in time"
            case .transferTooSlow: return "transfer to \(target) stalled: \(error.detail)"
            case .connectionDropped: return "connection to \(target) closed before the reply was complete"
            case .tls: return "TLS failure talking to \(target): \(error.detail)"
            case .cancelled: return "cancelled"
            case .shutdown: return "the HTTP client was shut down"
            case .invalidRequest, .other: return "request to \(target) failed: \(error.detail)"
            }
        case .status(let code, let message, _):
            return message.isEmpty ? "HTTP \(code)" : "HTTP \(code): \(message)"
        case .badReply(let reason):
            return reason
        }
    }
}
