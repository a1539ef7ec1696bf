import AWSKitLite
import DetectionContract
import Foundation

/// The two halves of "an upload under images/ invokes the function": the function's resource-policy statement
/// letting S3 invoke it (only from this bucket, only for this account), and the bucket's notification rule.
/// Spec: https://docs.aws.amazon.com/lambda/latest/dg/with-s3.html
public enum PipelineTrigger {
    /// The event type the notification fires on.
    public static let event = "s3:ObjectCreated:*"
    /// The principal the permission names.
    public static let principal = "s3.amazonaws.com"

    /// The permission statement to add: `s3.amazonaws.com` may `lambda:InvokeFunction`, with SourceArn the bucket's
    /// ARN and SourceAccount the account (so no other account's bucket of the same name can invoke it).
    public static func permission(for names: PipelineNames) -> LambdaPermission {
        LambdaPermission(statementId: names.permissionStatementId, principal: principal,
                         sourceArn: names.bucketArn, sourceAccount: names.accountId)
    }

    /// The notification rule: ObjectCreated under `images/` invokes `functionArn`.
    public static func notification(for names: PipelineNames, functionArn: String) -> S3NotificationRule {
        S3NotificationRule(id: names.notificationId, destinationArn: functionArn, events: [event],
                           filterRules: [.prefix(UploadKey.prefix)])
    }

    /// Our rule in `configuration` (the Lambda rule with our Id), if any.
    static func ourRule(in configuration: S3NotificationConfiguration, names: PipelineNames) -> S3NotificationRule? {
        configuration.lambdaFunctions.first { $0.id == names.notificationId }
    }

    /// `configuration` with our rule written in place of any rule with our Id; every other rule (queues, topics,
    /// other functions) and the EventBridge setting are kept as they are.
    static func addingOurRule(to configuration: S3NotificationConfiguration, names: PipelineNames,
                              functionArn: String) -> S3NotificationConfiguration {
        var updated = configuration
        updated.lambdaFunctions.removeAll { $0.id == names.notificationId }
        updated.lambdaFunctions.append(notification(for: names, functionArn: functionArn))
        return updated
    }

    /// `configuration` without our rule, everything else kept; nil when it holds no rule of ours.
    static func removingOurRule(from configuration: S3NotificationConfiguration, names: PipelineNames) -> S3NotificationConfiguration? {
        guard ourRule(in: configuration, names: names) != nil else { return nil }
        var updated = configuration
        updated.lambdaFunctions.removeAll { $0.id == names.notificationId }
        return updated
    }

    /// Whether `rule` is exactly the notification `up` writes.
    static func notificationMatches(_ rule: S3NotificationRule, names: PipelineNames, functionArn: String) -> Bool {
        rule.id == names.notificationId && rule.destinationArn == functionArn && rule.events == [event]
            && rule.filterRules.count == 1 && rule.filterValue("prefix") == UploadKey.prefix
    }

    /// What the resource policy (GetPolicy's JSON) says about our statement: absent, as wanted, or different.
    static func permissionState(policy: String, names: PipelineNames) -> PermissionState {
        guard let root = try? JSONSerialization.jsonObject(with: Data(policy.utf8)) as? [String: Any] else {
            return .absent
        }
        let statements = (root["Statement"] as? [[String: Any]]) ?? ((root["Statement"] as? [String: Any]).map { [$0] } ?? [])
        guard let statement = statements.first(where: { $0["Sid"] as? String == names.permissionStatementId }) else {
            return .absent
        }
        let wanted = permission(for: names)
        let principal = (statement["Principal"] as? [String: Any])?["Service"] as? String ?? statement["Principal"] as? String
        let action = statement["Action"] as? String ?? (statement["Action"] as? [String])?.first
        let condition = statement["Condition"] as? [String: [String: Any]] ?? [:]
        let sourceArn = condition["ArnLike"]?["AWS:SourceArn"] as? String ?? condition["ArnEquals"]?["AWS:SourceArn"] as? String
        let sourceAccount = condition["StringEquals"]?["AWS:SourceAccount"] as? String
        var differences: [String] = []
        if principal != wanted.principal { differences.append("principal \(principal ?? "none")") }
        if action != wanted.action { differences.append("action \(action ?? "none")") }
        if sourceArn != wanted.sourceArn { differences.append("source ARN \(sourceArn ?? "none")") }
        if sourceAccount != wanted.sourceAccount { differences.append("source account \(sourceAccount ?? "none")") }
        return differences.isEmpty ? .matches : .differs(differences.joined(separator: ", "))
    }

    enum PermissionState: Equatable {
        case absent, matches
        /// Present with other values; the text names them.
        case differs(String)
    }
}
