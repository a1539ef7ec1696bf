@testable import InfraKit
import AWSKitLite
import Testing

/// Reading the trigger back: resource policies exactly as MiniStack 1.5.33 and moto 5.2.1 returned them for
/// `AddPermission(Principal s3.amazonaws.com, SourceArn, SourceAccount)`, and notification rules.
@Suite struct PipelineTriggerTests {
    let names = try! PipelineNames(prefix: "p1", accountId: "123456789012", region: "us-east-1")

    static let ministackPolicy = """
        {"Version": "2012-10-17", "Id": "default", "Statement": [{"Sid": "p1-s3-invoke", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:p1-detect", "Condition": {"ArnLike": {"AWS:SourceArn": "arn:aws:s3:::p1-images-123456789012-us-east-1"}, "StringEquals": {"AWS:SourceAccount": "123456789012"}}}]}
        """
    static let motoPolicy = """
        {"Version": "2012-10-17", "Id": "default", "Statement": [{"Action": "lambda:InvokeFunction", "Principal": {"Service": "s3.amazonaws.com"}, "Effect": "Allow", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:p1-detect", "Sid": "p1-s3-invoke", "Condition": {"ArnLike": {"AWS:SourceArn": "arn:aws:s3:::p1-images-123456789012-us-east-1"}, "StringEquals": {"AWS:SourceAccount": "123456789012"}}}]}
        """

    @Test(arguments: [ministackPolicy, motoPolicy])
    func policyWithOurStatementMatches(policy: String) {
        #expect(PipelineTrigger.permissionState(policy: policy, names: names) == .matches)
    }

    @Test func statementForAnotherBucketDiffers() {
        let other = Self.ministackPolicy.replacingOccurrences(of: "arn:aws:s3:::p1-images", with: "arn:aws:s3:::someone-else")
        guard case .differs(let detail) = PipelineTrigger.permissionState(policy: other, names: names) else {
            Issue.record("expected .differs")
            return
        }
        #expect(detail.contains("someone-else"))
    }

    @Test func policyWithoutOurStatementIsAbsent() {
        let other = Self.motoPolicy.replacingOccurrences(of: "p1-s3-invoke", with: "unrelated")
        #expect(PipelineTrigger.permissionState(policy: other, names: names) == .absent)
    }

    @Test func permissionLimitsTheCallerToTheBucketAndAccount() {
        let permission = PipelineTrigger.permission(for: names)
        #expect(permission.statementId == "p1-s3-invoke")
        #expect(permission.action == "lambda:InvokeFunction")
        #expect(permission.principal == "s3.amazonaws.com")
        #expect(permission.sourceArn == "arn:aws:s3:::p1-images-123456789012-us-east-1")
        #expect(permission.sourceAccount == "123456789012")
    }

    @Test func notificationFiresOnObjectCreatedUnderImages() {
        let rule = PipelineTrigger.notification(for: names, functionArn: names.functionArn)
        #expect(rule == S3NotificationRule(id: "p1-detect", destinationArn: "arn:aws:lambda:us-east-1:123456789012:function:p1-detect",
                                           events: ["s3:ObjectCreated:*"], filterRules: [.prefix("images/")]))
        #expect(PipelineTrigger.notificationMatches(rule, names: names, functionArn: names.functionArn))
        var wrongPrefix = rule
        wrongPrefix.filterRules = [.prefix("uploads/")]
        #expect(!PipelineTrigger.notificationMatches(wrongPrefix, names: names, functionArn: names.functionArn))
        var withSuffix = rule
        withSuffix.filterRules.append(.suffix(".jpg"))
        #expect(!PipelineTrigger.notificationMatches(withSuffix, names: names, functionArn: names.functionArn))
        // S3 may answer the filter name capitalised.
        var capitalised = rule
        capitalised.filterRules = [S3NotificationFilterRule(name: "Prefix", value: "images/")]
        #expect(PipelineTrigger.notificationMatches(capitalised, names: names, functionArn: names.functionArn))
        #expect(!PipelineTrigger.notificationMatches(rule, names: names, functionArn: names.functionArn + "-other"))
    }

    /// A configuration holding a rule of every kind besides ours, and EventBridge.
    static let othersConfiguration = S3NotificationConfiguration(
        lambdaFunctions: [S3NotificationRule(id: "audit", destinationArn: "arn:aws:lambda:us-east-1:123456789012:function:audit",
                                             events: ["s3:ObjectRemoved:*"])],
        queues: [S3NotificationRule(id: "q", destinationArn: "arn:aws:sqs:us-east-1:123456789012:uploads",
                                    events: ["s3:ObjectCreated:Put"], filterRules: [.suffix(".png")])],
        topics: [S3NotificationRule(id: "t", destinationArn: "arn:aws:sns:us-east-1:123456789012:alerts", events: ["s3:ObjectRemoved:*"])],
        eventBridge: true)

    @Test func addingOurRuleKeepsEveryOtherRuleAndEventBridge() {
        let added = PipelineTrigger.addingOurRule(to: Self.othersConfiguration, names: names, functionArn: names.functionArn)
        var expected = Self.othersConfiguration
        expected.lambdaFunctions.append(PipelineTrigger.notification(for: names, functionArn: names.functionArn))
        #expect(added == expected)

        // A stale rule of ours is replaced, not duplicated.
        var stale = Self.othersConfiguration
        stale.lambdaFunctions.insert(S3NotificationRule(id: "p1-detect", destinationArn: "arn:aws:lambda:us-east-1:123456789012:function:old",
                                                        events: ["s3:ObjectCreated:*"]), at: 0)
        #expect(PipelineTrigger.addingOurRule(to: stale, names: names, functionArn: names.functionArn) == expected)
    }

    @Test func removingOurRuleKeepsEveryOtherRuleAndEventBridge() {
        let withOurs = PipelineTrigger.addingOurRule(to: Self.othersConfiguration, names: names, functionArn: names.functionArn)
        #expect(PipelineTrigger.removingOurRule(from: withOurs, names: names) == Self.othersConfiguration)
        #expect(PipelineTrigger.removingOurRule(from: Self.othersConfiguration, names: names) == nil)
    }
}
