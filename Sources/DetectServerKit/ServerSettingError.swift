/// A server setting outside its range, named by the `detect-server serve` option that sets it.
public struct ServerSettingError: Error, Sendable, Equatable, CustomStringConvertible {
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

    /// Throws unless `range` contains `value`.
    static func check<T: Comparable>(_ value: T, in range: ClosedRange<T>, option: String) throws(ServerSettingError) {
        guard range.contains(value) else {
            throw ServerSettingError(option: option, requirement: "be between \(range.lowerBound) and \(range.upperBound)")
        }
    }

    /// Throws unless `value` is within 0...1.
    static func checkFraction(_ value: Float, option: String) throws(ServerSettingError) {
        guard (0...1).contains(value) else { throw ServerSettingError(option: option, requirement: "be between 0 and 1") }
    }

    /// Throws unless `value` is above 0 (and finite, for a `Double`).
    static func checkPositive(_ value: Double, option: String) throws(ServerSettingError) {
        guard value > 0, value.isFinite else { throw ServerSettingError(option: option, requirement: "be positive") }
    }

    /// Throws unless `value` is 0 or more.
    static func checkNotNegative(_ value: Double, option: String) throws(ServerSettingError) {
        guard value >= 0 else { throw ServerSettingError(option: option, requirement: "be 0 or more") }
    }
}
