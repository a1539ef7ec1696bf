import Foundation

/// ISO 8601 timestamps with milliseconds in UTC (`2025-01-31T12:00:00.123Z`), as the result files record them.
enum Timestamp {
    /// `date` as ISO 8601 with fractional seconds, in UTC.
    static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
