/// How long the function's log group `/aws/lambda/<function>` keeps events. `up` creates the group itself (Lambda
/// would create it on first use, keeping events forever) so that logs expire, and so that they outlive the
/// function until `down` deletes them.
/// Spec: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
public enum LogRetention {
    /// Two weeks.
    public static let defaultDays = 14

    /// The values PutRetentionPolicy accepts, in days.
    public static let allowedDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192,
                                     2557, 2922, 3288, 3653]

    /// - Throws: `InfraError.invalidSetting` naming the accepted values when `days` is not one of them.
    public static func validate(_ days: Int) throws {
        guard allowedDays.contains(days) else {
            throw InfraError.invalidSetting(name: "log retention", value: "\(days) days",
                                            allowed: "CloudWatch Logs allows " + allowedDays.map(String.init).joined(separator: ", ") + " days")
        }
    }
}
