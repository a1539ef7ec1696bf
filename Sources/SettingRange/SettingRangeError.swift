/// A setting outside the range it accepts, named by the command-line option that sets it, so that a command can show
/// it as is: the one range error of every configuration type (the server's, the client's, local-lambda's, the
/// ceiling's).
public struct SettingRangeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The option, e.g. `--workers`.
    public var option: String
    /// What its value must satisfy, e.g. `be between 1 and 64`.
    public var requirement: String

    public init(option: String, requirement: String) {
        self.option = option
        self.requirement = requirement
    }

    /// `--workers must be between 1 and 64`.
    public var description: String { "\(option) must \(requirement)" }

    /// Throws unless `value` is at least `minimum` ("not be negative" for 0, "be at least N" otherwise).
    public static func check(_ value: Int, atLeast minimum: Int, option: String) throws(SettingRangeError) {
        guard value >= minimum else {
            throw SettingRangeError(option: option, requirement: minimum == 0 ? "not be negative" : "be at least \(minimum)")
        }
    }

    /// Throws unless `range` contains `value`.
    public static func check<T: Comparable>(_ value: T, in range: ClosedRange<T>, option: String) throws(SettingRangeError) {
        guard range.contains(value) else {
            throw SettingRangeError(option: option, requirement: "be between \(range.lowerBound) and \(range.upperBound)")
        }
    }

    /// Throws unless `value` is within 0...1.
    public static func checkFraction(_ value: Float, option: String) throws(SettingRangeError) {
        guard (0...1).contains(value) else { throw SettingRangeError(option: option, requirement: "be between 0 and 1") }
    }

    /// Throws unless `value` is above 0 (and finite).
    public static func checkPositive(_ value: Double, option: String) throws(SettingRangeError) {
        guard value > 0, value.isFinite else { throw SettingRangeError(option: option, requirement: "be positive") }
    }

    /// Throws unless `value` is 0 or more.
    public static func checkNotNegative(_ value: Double, option: String) throws(SettingRangeError) {
        guard value >= 0 else { throw SettingRangeError(option: option, requirement: "be 0 or more") }
    }

    /// The longest time an option may give: a year, in seconds. Longer than any run of these tools, and far inside
    /// what a checked time is converted to (`Duration`, NIO's and libcurl's 64-bit nanoseconds and milliseconds), so
    /// that no conversion of one can overflow.
    public static let maximumSeconds: Double = 365 * 24 * 3600

    /// Throws unless `value` is a number of seconds above `minimum` and at most `maximumSeconds`.
    public static func checkSeconds(_ value: Double, above minimum: Double, option: String) throws(SettingRangeError) {
        guard value > minimum else { throw SettingRangeError(option: option, requirement: "be a number of seconds > \(seconds(minimum))") }
        try checkAtMostMaximum(value, option: option)
    }

    /// Throws unless `value` is a number of seconds from `minimum` to `maximumSeconds`.
    public static func checkSeconds(_ value: Double, atLeast minimum: Double, option: String) throws(SettingRangeError) {
        guard value >= minimum else { throw SettingRangeError(option: option, requirement: "be a number of seconds >= \(seconds(minimum))") }
        try checkAtMostMaximum(value, option: option)
    }

    private static func checkAtMostMaximum(_ value: Double, option: String) throws(SettingRangeError) {
        guard value <= maximumSeconds else {
            throw SettingRangeError(option: option, requirement: "be at most \(seconds(maximumSeconds)) seconds (a year)")
        }
    }

    /// `1` for 1.0, `0.5` for 0.5.
    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
