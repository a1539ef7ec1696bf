/// A run setting outside the range it accepts, named by the command-line option that sets it, so a command can
/// show it as is.
public struct SettingRangeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The option, e.g. `--concurrency`.
    public var option: String
    /// What its value must satisfy, e.g. `be at least 1`.
    public var requirement: String

    public init(option: String, requirement: String) {
        self.option = option
        self.requirement = requirement
    }

    /// `--concurrency must be at least 1`.
    public var description: String { "\(option) must \(requirement)" }

    /// Throws unless `value` is at least `minimum`.
    static func check(_ value: Int, atLeast minimum: Int, option: String) throws(SettingRangeError) {
        guard value >= minimum else {
            throw SettingRangeError(option: option, requirement: minimum == 0 ? "not be negative" : "be at least \(minimum)")
        }
    }
}
