import AWSKitLite
import Foundation
import TestSupport
import Testing

/// MiniStack with AUTH=true checks every SigV4 signature of its IAM users: the right key is accepted by every
/// service and protocol, a wrong secret or unknown key is refused with the service's own typed error.
@Suite struct SignatureVerificationTests {
    private func wrongSecret() throws -> AWSCredentials {
        var credentials = try Emulator.ministack.credentials()
        credentials.secretAccessKey = String(credentials.secretAccessKey.reversed())
        return credentials
    }

    @Test func callerIdentityIsTheBootstrappedUser() async throws {
        let sts = try STSClient(configuration: Emulator.ministack.configuration())
        let identity = try await sts.getCallerIdentity()
        #expect(identity.account == "123456789012")
        #expect(identity.arn.hasPrefix("arn:aws:iam::123456789012:user/awskit-test-"))
    }

    @Test func wrongSecretIsRefusedByEveryProtocol() async throws {
        let configuration = try Emulator.ministack.configuration(credentials: wrongSecret())
        let s3 = try S3Client(configuration: configuration, retryPolicy: .never)
        let s3Error = try await #require(throws: AWSError.self) { try await s3.listObjectsV2(bucket: "any-bucket-name") }
        #expect(s3Error.code == "SignatureDoesNotMatch" && s3Error.statusCode == 403)

        let dynamo = try DynamoDBClient(configuration: configuration, retryPolicy: .never)
        let dynamoError = try await #require(throws: AWSError.self) { try await dynamo.describeTable(name: "any-table") }
        #expect(dynamoError.code == "InvalidSignatureException" && dynamoError.service == "dynamodb")

        let sts = try STSClient(configuration: configuration, retryPolicy: .never)
        let stsError = try await #require(throws: AWSError.self) { try await sts.getCallerIdentity() }
        #expect(stsError.code == "SignatureDoesNotMatch")

        let lambda = try LambdaClient(configuration: configuration, retryPolicy: .never)
        let lambdaError = try await #require(throws: AWSError.self) { try await lambda.getFunction(name: "any-function") }
        #expect(lambdaError.code == "InvalidSignatureException" || lambdaError.code == "SignatureDoesNotMatch")
        for error in [s3Error, dynamoError, stsError, lambdaError] {
            #expect(!error.description.contains(try wrongSecret().secretAccessKey))
        }
    }

    @Test func unknownAccessKeyIsRefused() async throws {
        let stranger = AWSCredentials(accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: "x")
        let configuration = try Emulator.ministack.configuration(credentials: stranger)
        let s3 = try S3Client(configuration: configuration, retryPolicy: .never)
        let s3Error = try await #require(throws: AWSError.self) { try await s3.listObjectsV2(bucket: "any-bucket-name") }
        #expect(s3Error.code == "InvalidAccessKeyId")
        let dynamo = try DynamoDBClient(configuration: configuration, retryPolicy: .never)
        let dynamoError = try await #require(throws: AWSError.self) { try await dynamo.describeTable(name: "any-table") }
        #expect(dynamoError.code == "UnrecognizedClientException")
    }

    @Test func presignedGetAndPutWorkAndTamperingIsRefused() async throws {
        let s3 = try S3Client(configuration: Emulator.ministack.configuration())
        let bucket = Emulator.uniqueName("presign")
        try await s3.createBucket(bucket)
        do {
            try await checkPresignedURLs(s3, bucket)
        } catch {
            try? await cleanUp(s3, bucket)
            throw error
        }
        try await cleanUp(s3, bucket)
    }

    private func cleanUp(_ s3: S3Client, _ bucket: String) async throws {
        let keys = try await s3.listAllObjects(bucket: bucket).map(\.key)
        if !keys.isEmpty { _ = try await s3.deleteObjects(bucket: bucket, keys: keys) }
        try await s3.deleteBucket(bucket)
    }

    private func checkPresignedURLs(_ s3: S3Client, _ bucket: String) async throws {
        try await s3.putObject(bucket: bucket, key: "in/a b+ü.txt", body: Array("presigned!".utf8))

        let getURL = try await s3.presignedURL(method: "GET", bucket: bucket, key: "in/a b+ü.txt", expires: 300)
        let got = try await HTTPClient.shared.execute(try Self.request("GET", url: getURL))
        #expect(got.status == 200 && got.body == Array("presigned!".utf8))

        let putURL = try await s3.presignedURL(method: "PUT", bucket: bucket, key: "up/new file.bin", expires: 300,
                                               headers: [(name: "Content-Type", value: "application/octet-stream")])
        var put = try Self.request("PUT", url: putURL, body: [9, 8, 7])
        put.headers = [(name: "Content-Type", value: "application/octet-stream")]
        let putResponse = try await HTTPClient.shared.execute(put)
        #expect(putResponse.status == 200)
        #expect(try await s3.getObject(bucket: bucket, key: "up/new file.bin").body == [9, 8, 7])

        // Same signature, another key: refused.
        let tampered = getURL.replacingOccurrences(of: "/in/a%20b", with: "/in/b%20b")
        let refused = try await HTTPClient.shared.execute(try Self.request("GET", url: tampered))
        #expect(refused.status == 403)
        #expect(String(decoding: refused.body, as: UTF8.self).contains("SignatureDoesNotMatch"))
    }

    /// An HTTPRequest for an already-encoded URL, decoded into HTTPRequest's unencoded form.
    static func request(_ method: String, url: String, body: [UInt8] = []) throws -> HTTPRequest {
        let components = try #require(URLComponents(string: url))
        let query = (components.percentEncodedQueryItems ?? []).map {
            (name: URIEncoding.decode($0.name), value: URIEncoding.decode($0.value ?? ""))
        }
        return HTTPRequest(method: method, scheme: components.scheme ?? "http", host: components.host ?? "",
                           port: components.port, path: URIEncoding.decode(components.percentEncodedPath),
                           query: query, body: body)
    }
}
