import AWSKitLite
import Foundation
import TestSupport
import Testing

/// `.notificationValidationDelay`: right after AddPermission, S3 cannot yet validate that it may invoke the
/// function and refuses the notification configuration with 400 InvalidArgument "Unable to validate the following
/// destination configurations", naming the function in ArgumentName1/ArgumentValue1.
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html
@Suite struct NotificationValidationDelayTests {
    static let message = "Unable to validate the following destination configurations"

    @Test func aPermissionGrantedSecondsAgoCannotBeValidatedYet() async throws {
        let name = Emulator.uniqueName("notified")
        let bucket = Emulator.uniqueName("notifying")
        try await withProxyAndPrerequisites(deleting: [name]) { proxy, prerequisites in
            let direct = try Emulator.ministack.configuration()
            let functionArn = try await LambdaClient(configuration: direct)
                .createFunction(name: name, imageUri: prerequisites.imageUri, settings: LambdaFunctionSettings(role: prerequisites.roleArn))
                .functionArn ?? ""
            try await S3Client(configuration: direct).createBucket(bucket)
            proxy.switchOn(.notificationValidationDelay(.seconds(30)))  // long enough for both refusals below on a busy machine
            let configuration = try proxy.configuration()
            try await LambdaClient(configuration: configuration).addPermission(functionName: name, permission: LambdaPermission(
                statementId: "s3-invoke", principal: "s3.amazonaws.com", sourceArn: "arn:aws:s3:::\(bucket)"))
            let s3 = try S3Client(configuration: configuration, retryPolicy: .never)
            let rule = S3NotificationRule(id: "detect", destinationArn: functionArn, events: ["s3:ObjectCreated:*"],
                                          filterRules: [S3NotificationFilterRule(name: "prefix", value: "images/")])

            let refused = try await #require(throws: AWSError.self) {
                try await s3.putBucketNotificationConfiguration(bucket: bucket, configuration: S3NotificationConfiguration(lambdaFunctions: [rule]))
            }
            #expect(refused.statusCode == 400 && refused.code == "InvalidArgument" && refused.message == Self.message)
            #expect(refused.requestId?.isEmpty == false)

            let body = #"<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CloudFunctionConfiguration><CloudFunction>\#(functionArn)</CloudFunction><Event>s3:ObjectCreated:*</Event></CloudFunctionConfiguration></NotificationConfiguration>"#
            let raw = try await RawRequests.send("PUT", "/\(bucket)", query: [(name: "notification", value: "")],
                                                 headers: [(name: "Content-Type", value: "application/xml")],
                                                 body: Array(body.utf8), service: "s3", via: proxy)
            #expect(raw.status == 400 && raw.header("Content-Type") == "application/xml")
            #expect(RawRequests.xmlText("ArgumentName1", in: raw) == "\(functionArn), null")
            #expect(RawRequests.xmlText("ArgumentValue1", in: raw) == "Not authorized to invoke function [\(functionArn)]")
            #expect(RawRequests.xmlText("HostId", in: raw) != nil && raw.header("x-amz-request-id") != nil)
            #expect(try await s3.getBucketNotificationConfiguration(bucket: bucket).isEmpty)

            try await eventually(while: { $0.code == "InvalidArgument" }) {
                try await s3.putBucketNotificationConfiguration(bucket: bucket, configuration: S3NotificationConfiguration(lambdaFunctions: [rule]))
            }
            #expect(try await s3.getBucketNotificationConfiguration(bucket: bucket).lambdaFunctions.map(\.destinationArn) == [functionArn])
            #expect(proxy.record.counts(.notificationValidationDelay).refused >= 2)
            try await s3.putBucketNotificationConfiguration(bucket: bucket, configuration: S3NotificationConfiguration())
            try await s3.deleteBucket(bucket)
        }
    }

    @Test func switchedOffTheConfigurationIsAcceptedAtOnce() async throws {
        let name = Emulator.uniqueName("notified-off")
        let bucket = Emulator.uniqueName("notifying-off")
        try await withProxyAndPrerequisites(deleting: [name]) { proxy, prerequisites in
            let direct = try Emulator.ministack.configuration()
            let functionArn = try await LambdaClient(configuration: direct)
                .createFunction(name: name, imageUri: prerequisites.imageUri, settings: LambdaFunctionSettings(role: prerequisites.roleArn))
                .functionArn ?? ""
            try await S3Client(configuration: direct).createBucket(bucket)
            let configuration = try proxy.configuration()
            try await LambdaClient(configuration: configuration).addPermission(functionName: name, permission: LambdaPermission(
                statementId: "s3-invoke", principal: "s3.amazonaws.com", sourceArn: "arn:aws:s3:::\(bucket)"))
            let s3 = try S3Client(configuration: configuration, retryPolicy: .never)
            try await s3.putBucketNotificationConfiguration(bucket: bucket, configuration: S3NotificationConfiguration(lambdaFunctions: [
                S3NotificationRule(id: "detect", destinationArn: functionArn, events: ["s3:ObjectCreated:*"]),
            ]))
            #expect(proxy.record.counts(.notificationValidationDelay) == .init())
            try await s3.putBucketNotificationConfiguration(bucket: bucket, configuration: S3NotificationConfiguration())
            try await s3.deleteBucket(bucket)
        }
    }
}
