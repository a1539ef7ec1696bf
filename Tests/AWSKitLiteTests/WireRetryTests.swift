import AWSKitLite
import Foundation
import TestSupport
import Testing

/// A connection reset in the middle of an upload, and throttling by each service: retried with backoff
/// (honouring `Retry-After`), the whole body sent again each time. Through the behaviour proxy, whose record shows
/// the cut and throttled attempts.
/// Spec: https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
@Suite struct WireRetryTests {
    private func policy(_ recorder: RetryBehaviourTests.SleepRecorder, attempts: Int = 4) -> RetryPolicy {
        RetryPolicy(maxAttempts: attempts, baseDelay: .milliseconds(100), maxDelay: .seconds(20),
                    sleep: { recorder.record($0) }, random: { 0.5 })
    }

    @Test func anUploadCutTwiceArrivesWhole() async throws {
        try await AWSBehaviourProxy.withMiniStack { proxy in
            let bucket = Emulator.uniqueName("resumed")
            try await S3Client(configuration: proxy.configuration()).createBucket(bucket)
            // An HTTP client of its own, used for nothing else: libcurl sends a request again by itself (once, at
            // once) when a connection it reused drops before the answer; on new connections every retry is the
            // RetryPolicy's.
            let http = HTTPClient()
            defer { http.shutdown() }
            let recorder = RetryBehaviourTests.SleepRecorder()
            let s3 = try S3Client(configuration: proxy.configuration(), httpClient: http, retryPolicy: policy(recorder))
            proxy.switchOn(.uploadResets(count: 2, afterBytes: 256 * 1024, service: "s3", operation: "PutObject"))
            let body = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 11) }
            try await s3.putObject(bucket: bucket, key: "upload.bin", body: body)

            #expect(try await s3.getObject(bucket: bucket, key: "upload.bin").body == body)
            #expect(proxy.record.calls(service: "s3", operation: "PutObject").map(\.status) == [nil, nil, 200])
            #expect(proxy.record.counts(.uploadResets) == .init(cut: 2))
            #expect(recorder.sleeps == [.milliseconds(50), .milliseconds(100)])
            try await s3.deleteObject(bucket: bucket, key: "upload.bin")
            try await s3.deleteBucket(bucket)
        }
    }

    @Test func throttledUploadsWaitAtLeastRetryAfterAndArriveWhole() async throws {
        try await AWSBehaviourProxy.withMiniStack { proxy in
            let recorder = RetryBehaviourTests.SleepRecorder()
            let s3 = try S3Client(configuration: proxy.configuration(), retryPolicy: policy(recorder))
            let bucket = Emulator.uniqueName("slowed")
            try await s3.createBucket(bucket)
            proxy.switchOn(.throttling(service: "s3", operation: "PutObject", count: 2, retryAfterSeconds: 2))
            let body = [UInt8](repeating: 42, count: 512 * 1024)
            try await s3.putObject(bucket: bucket, key: "slowed.bin", body: body)
            #expect(try await s3.getObject(bucket: bucket, key: "slowed.bin").body == body)
            #expect(proxy.record.calls(service: "s3", operation: "PutObject").map(\.status) == [503, 503, 200])
            #expect(recorder.sleeps == [.seconds(2), .seconds(2)])
            try await s3.deleteObject(bucket: bucket, key: "slowed.bin")
            try await s3.deleteBucket(bucket)
        }
    }

    @Test func everyServicesThrottlingIsRetried() async throws {
        try await AWSBehaviourProxy.withMiniStack { proxy in
            let configuration = try proxy.configuration()
            let recorder = RetryBehaviourTests.SleepRecorder()

            proxy.switchOn(.throttling(service: "lambda", count: 2, retryAfterSeconds: 1))
            let lambda = try LambdaClient(configuration: configuration, retryPolicy: policy(recorder))
            let missing = try await #require(throws: AWSError.self) { try await lambda.getFunction(name: Emulator.uniqueName("none")) }
            #expect(missing.code == "ResourceNotFoundException")
            #expect(proxy.record.calls(service: "lambda").map(\.status) == [429, 429, 404])

            proxy.switchOn(.throttling(service: "dynamodb", count: 2))
            let dynamo = try DynamoDBClient(configuration: configuration, retryPolicy: policy(recorder))
            let noTable = try await #require(throws: AWSError.self) { try await dynamo.describeTable(name: Emulator.uniqueName("none")) }
            #expect(noTable.code == "ResourceNotFoundException")
            #expect(proxy.record.calls(service: "dynamodb").map(\.status) == [400, 400, 400])

            proxy.switchOn(.throttling(service: "sts", count: 2))
            #expect(try await STSClient(configuration: configuration, retryPolicy: policy(recorder)).getCallerIdentity().account == "123456789012")
            #expect(proxy.record.calls(service: "sts").map(\.status) == [400, 400, 200])

            proxy.switchOn(.throttling(service: "iam", count: 1))
            let iam = try IAMClient(configuration: configuration, retryPolicy: policy(recorder))
            let role = try await iam.createRole(name: Emulator.uniqueName("throttled"), assumeRolePolicyDocument: IAMClientTests.lambdaTrustPolicy)
            try await iam.deleteRole(name: role.roleName)
            #expect(proxy.record.calls(service: "iam").map(\.status) == [400, 200, 200])

            // Lambda's Retry-After of 1 s raised its two waits; the others follow the jittered backoff.
            #expect(recorder.sleeps == [.seconds(1), .seconds(1), .milliseconds(50), .milliseconds(100),
                                        .milliseconds(50), .milliseconds(100), .milliseconds(50)])
            #expect(proxy.record.counts(.throttling).refused == 7)
        }
    }
}
