import Foundation

/// The two SigV4 renderings of one instant, in UTC: `x-amz-date` (`20150830T123600Z`) and the credential-scope
/// date (`20150830`). Fractions of a second are dropped. Built by integer arithmetic, not DateFormatter.
/// Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html (step 2, date and time)
public struct SigningTimestamp: Sendable, Equatable {
    /// `YYYYMMDD'T'HHMMSS'Z'`, ASCII.
    let amzDateBytes: [UInt8]

    public init(_ date: Date) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (dayIndex, second) = secondOfDay < 0 ? (days - 1, secondOfDay + 86_400) : (days, secondOfDay)
        let (year, month, day) = SigningTimestamp.civilDate(daysSinceEpoch: dayIndex)
        var out: [UInt8] = []
        out.reserveCapacity(16)
        SigningTimestamp.appendDigits(year, count: 4, to: &out)
        SigningTimestamp.appendDigits(month, count: 2, to: &out)
        SigningTimestamp.appendDigits(day, count: 2, to: &out)
        out.append(UInt8(ascii: "T"))
        SigningTimestamp.appendDigits(second / 3600, count: 2, to: &out)
        SigningTimestamp.appendDigits(second / 60 % 60, count: 2, to: &out)
        SigningTimestamp.appendDigits(second % 60, count: 2, to: &out)
        out.append(UInt8(ascii: "Z"))
        amzDateBytes = out
    }

    /// `20150830T123600Z`.
    public var amzDate: String { String(decoding: amzDateBytes, as: UTF8.self) }

    /// `20150830`.
    public var dateStamp: String { String(decoding: amzDateBytes[0..<8], as: UTF8.self) }

    /// The proleptic Gregorian (year, month, day) of a day count from 1970-01-01 (H. Hinnant's civil_from_days).
    static func civilDate(daysSinceEpoch: Int) -> (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func appendDigits(_ value: Int, count: Int, to buffer: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        var value = value
        while divisor > 0 {
            buffer.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            value %= divisor
            divisor /= 10
        }
    }
}
