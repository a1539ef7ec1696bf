import AWSKitLite
import Foundation
import TestSupport
import Testing

/// With every behaviour off, the proxy is transparent: MiniStack (AUTH=true) still verifies each signature, so
/// method, path, query, `Host`, `Authorization` and body arrive unchanged; and the record names each call.
@Suite struct ForwardingTests {
    @Test func everyServiceRoundTripsAndIsIdentified() async throws {
        try await AWSBehaviourProxy.withMiniStack { proxy in
            let configuration = try proxy.configuration()
            let s3 = try S3Client(configuration: configuration, retryPolicy: .never)
            let bucket = Emulator.uniqueName("forward")
            try await s3.createBucket(bucket)
            try await s3.putObject(bucket: bucket, key: "in/a b+ü.txt", body: Array("through the proxy".utf8))
            #expect(try await s3.getObject(bucket: bucket, key: "in/a b+ü.txt").body == Array("through the proxy".utf8))
            #expect(try await s3.listObjectsV2(bucket: bucket, prefix: "in/").objects.map(\.key) == ["in/a b+ü.txt"])
            _ = try await s3.deleteObjects(bucket: bucket, keys: ["in/a b+ü.txt"])
            try await s3.deleteBucket(bucket)

            let identity = try await STSClient(configuration: configuration, retryPolicy: .never).getCallerIdentity()
            #expect(identity.arn.hasPrefix("arn:aws:iam::123456789012:user/awskit-test-"))

            let dynamo = try DynamoDBClient(configuration: configuration, retryPolicy: .never)
            let missingTable = try await #require(throws: AWSError.self) { try await dynamo.describeTable(name: Emulator.uniqueName("none")) }
            #expect(missingTable.code == "ResourceNotFoundException")

            let lambda = try LambdaClient(configuration: configuration, retryPolicy: .never)
            let missingFunction = try await #require(throws: AWSError.self) { try await lambda.getFunction(name: Emulator.uniqueName("none")) }
            #expect(missingFunction.code == "ResourceNotFoundException" && missingFunction.statusCode == 404)

            let iam = try IAMClient(configuration: configuration, retryPolicy: .never)
            let role = try await iam.createRole(name: Emulator.uniqueName("forward"), assumeRolePolicyDocument: ProxyTestPolicies.lambdaTrust)
            try await iam.deleteRole(name: role.roleName)

            let calls = proxy.record.calls.map { "\($0.service) \($0.operation) \($0.status.map(String.init) ?? "cut")" }
            #expect(calls == [
                "s3 CreateBucket 200", "s3 PutObject 200", "s3 GetObject 200", "s3 ListObjectsV2 200", "s3 DeleteObjects 200",
                "s3 DeleteBucket 204", "sts GetCallerIdentity 200", "dynamodb DescribeTable 400", "lambda GetFunction 404",
                "iam CreateRole 200", "iam DeleteRole 200",
            ])
            #expect(proxy.record.calls.allSatisfy { $0.behaviour == nil && !$0.viaSecondEndpoint })
        }
    }

    @Test func signaturesAreStillCheckedAndPresignedURLsWork() async throws {
        try await AWSBehaviourProxy.withMiniStack { proxy in
            var wrong = try Emulator.ministack.credentials()
            wrong.secretAccessKey = String(wrong.secretAccessKey.reversed())
            let refused = try STSClient(configuration: proxy.configuration(credentials: wrong), retryPolicy: .never)
            let error = try await #require(throws: AWSError.self) { try await refused.getCallerIdentity() }
            #expect(error.code == "SignatureDoesNotMatch" && error.statusCode == 403)

            let s3 = try S3Client(configuration: proxy.configuration(), retryPolicy: .never)
            let bucket = Emulator.uniqueName("presign")
            try await s3.createBucket(bucket)
            try await s3.putObject(bucket: bucket, key: "k", body: [1, 2, 3])
            let url = try await s3.presignedURL(method: "GET", bucket: bucket, key: "k", expires: 60)
            #expect(url.hasPrefix(proxy.endpoint))
            let components = try #require(URLComponents(string: url))
            let request = HTTPRequest(
                method: "GET", scheme: "http", host: components.host ?? "", port: components.port,
                path: URIEncoding.decode(components.percentEncodedPath),
                query: (components.percentEncodedQueryItems ?? []).map { (name: URIEncoding.decode($0.name), value: URIEncoding.decode($0.value ?? "")) })
            let response = try await HTTPClient.shared.execute(request)
            #expect(response.status == 200 && response.body == [1, 2, 3])
            #expect(proxy.record.calls.last.map { "\($0.service) \($0.operation)" } == "s3 GetObject")
            try await s3.deleteObject(bucket: bucket, key: "k")
            try await s3.deleteBucket(bucket)
        }
    }
}
