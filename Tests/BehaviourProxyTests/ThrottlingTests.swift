import AWSKitLite
import Foundation
import TestSupport
import Testing

/// `.throttling`: each service's own "slow down" answer for the next K matching requests, then forwarding again.
/// Spec: https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_Errors (429 TooManyRequestsException)
/// Spec: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html (400 ThrottlingException)
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (503 SlowDown)
/// Spec: https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html (400 Throttling)
@Suite struct ThrottlingTests {
    /// The error the first call gets, after which the second call must pass.
    private func throttledOnce<Result>(
        _ proxy: AWSBehaviourProxy, service: String, retryAfter: Int?, _ call: () async throws -> Result
    ) async throws -> AWSError {
        proxy.switchOn(.throttling(service: service, count: 1, retryAfterSeconds: retryAfter))
        let error = try await #require(throws: AWSError.self) { _ = try await call() }
        _ = try await call()
        #expect(proxy.record.calls(service: service).map(\.status).suffix(2).first == error.statusCode)
        #expect(RetryClassification.isThrottling(error) && RetryClassification.isRetryable(error))
        return error
    }

    @Test func eachServiceAnswersInItsOwnProtocol() async throws {
        try await AWSBehaviourProxy.withMiniStack { proxy in
            let configuration = try proxy.configuration()
            let bucket = Emulator.uniqueName("throttled")
            let s3 = try S3Client(configuration: configuration, retryPolicy: .never)
            try await s3.createBucket(bucket)

            let slowDown = try await throttledOnce(proxy, service: "s3", retryAfter: 3) { try await s3.listObjectsV2(bucket: bucket) }
            #expect(slowDown.statusCode == 503 && slowDown.code == "SlowDown" && slowDown.message == "Please reduce your request rate.")
            #expect(slowDown.retryAfterSeconds == 3 && slowDown.requestId != nil)

            let dynamo = try DynamoDBClient(configuration: configuration, retryPolicy: .never)
            let table = Emulator.uniqueName("throttled")
            _ = try await dynamo.createTable(name: table, key: [DynamoDBKeyAttribute(name: "id", type: .string, role: .partition)])
            let throttled = try await throttledOnce(proxy, service: "dynamodb", retryAfter: nil) { try await dynamo.describeTable(name: table) }
            #expect(throttled.statusCode == 400 && throttled.code == "ThrottlingException")
            #expect(throttled.message == "Rate of requests exceeds the allowed throughput." && throttled.retryAfterSeconds == nil)
            _ = try await dynamo.deleteTable(name: table)

            let lambda = try LambdaClient(configuration: configuration, retryPolicy: .never)
            proxy.switchOn(.throttling(service: "lambda", count: 1, retryAfterSeconds: 2))
            let tooMany = try await #require(throws: AWSError.self) { try await lambda.getFunction(name: Emulator.uniqueName("none")) }
            #expect(tooMany.statusCode == 429 && tooMany.code == "TooManyRequestsException" && tooMany.message == "Rate Exceeded.")
            #expect(tooMany.retryAfterSeconds == 2)
            let afterwards = try await #require(throws: AWSError.self) { try await lambda.getFunction(name: Emulator.uniqueName("none")) }
            #expect(afterwards.code == "ResourceNotFoundException")

            let sts = try STSClient(configuration: configuration, retryPolicy: .never)
            let stsThrottled = try await throttledOnce(proxy, service: "sts", retryAfter: nil) { try await sts.getCallerIdentity() }
            #expect(stsThrottled.statusCode == 400 && stsThrottled.code == "Throttling" && stsThrottled.message == "Rate exceeded")

            let iam = try IAMClient(configuration: configuration, retryPolicy: .never)
            let role = try await iam.createRole(name: Emulator.uniqueName("throttled"), assumeRolePolicyDocument: ProxyTestPolicies.lambdaTrust)
            let iamThrottled = try await throttledOnce(proxy, service: "iam", retryAfter: 1) { try await iam.getRole(name: role.roleName) }
            #expect(iamThrottled.statusCode == 400 && iamThrottled.code == "Throttling" && iamThrottled.retryAfterSeconds == 1)
            try await iam.deleteRole(name: role.roleName)

            let ecr = try ECRClient(configuration: configuration, retryPolicy: .never)
            let ecrThrottled = try await throttledOnce(proxy, service: "ecr", retryAfter: nil) { try await ecr.describeRepositories() }
            #expect(ecrThrottled.statusCode == 400 && ecrThrottled.code == "ThrottlingException")

            #expect(proxy.record.counts(.throttling).refused == 6)
            try await s3.deleteBucket(bucket)
        }
    }

    @Test func onlyTheNamedOperationIsThrottledAndOnlyKTimes() async throws {
        try await AWSBehaviourProxy.withMiniStack { proxy in
            let s3 = try S3Client(configuration: proxy.configuration(), retryPolicy: .never)
            let bucket = Emulator.uniqueName("throttled-op")
            try await s3.createBucket(bucket)
            proxy.switchOn(.throttling(service: "s3", operation: "PutObject", count: 2))
            for _ in 0..<2 {
                let error = try await #require(throws: AWSError.self) { try await s3.putObject(bucket: bucket, key: "k", body: [1]) }
                #expect(error.code == "SlowDown")
                #expect(try await s3.listObjectsV2(bucket: bucket).objects.isEmpty)
            }
            try await s3.putObject(bucket: bucket, key: "k", body: [1])
            #expect(try await s3.getObject(bucket: bucket, key: "k").body == [1])
            #expect(proxy.record.counts(.throttling) == .init(refused: 2))
            try await s3.deleteObject(bucket: bucket, key: "k")
            try await s3.deleteBucket(bucket)
        }
    }
}
