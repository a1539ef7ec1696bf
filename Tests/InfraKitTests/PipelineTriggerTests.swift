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
        #expect(rule == S3LambdaNotification(id: "p1-detect", functionArn: "arn:aws:lambda:us-east-1:123456789012:function:p1-detect",
                                             events: ["s3:ObjectCreated:*"], prefix: "images/"))
        #expect(PipelineTrigger.notificationMatches(rule, names: names, functionArn: names.functionArn))
        var wrongPrefix = rule
        wrongPrefix.prefix = "uploads/"
        #expect(!PipelineTrigger.notificationMatches(wrongPrefix, names: names, functionArn: names.functionArn))
        #expect(!PipelineTrigger.notificationMatches(rule, names: names, functionArn: names.functionArn + "-other"))
    }
}
