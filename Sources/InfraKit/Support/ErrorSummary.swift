import AWSKitLite

/// The one line `infractl` prints for a failure: for an AWS refusal its service, operation, HTTP status, AWS code,
/// message and request id; for anything else its own description. Never more than one line, never a secret
/// (AWSKitLite's errors carry none).
public enum ErrorSummary {
    public static func line(for error: any Error) -> String {
        let text: String
        switch error {
        case let error as AWSError: text = error.description
        case let error as CustomStringConvertible: text = error.description
        default: text = String(describing: error)
        }
        return "error: " + text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
