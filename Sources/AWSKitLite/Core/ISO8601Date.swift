import Foundation

/// Dates as AWS writes them in credential answers (`2030-01-02T03:04:05Z`, with or without fractional seconds, any
/// UTC offset): STS `Expiration`, the container endpoint's and a credential process's `Expiration`.
/// Spec: https://smithy.io/2.0/spec/protocol-traits.html#timestampformat-trait (date-time, RFC 3339)
enum ISO8601Date {
    /// The date `text` names, or nil when it is not an RFC 3339 date-time.
    static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: trimmed) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: trimmed)
    }
}
