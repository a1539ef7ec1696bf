import AWSKitLite
import Foundation
import TestSupport
import Testing

/// `.temporaryRedirects`: S3's 307 Temporary Redirect with `Location` at the proxy's second endpoint, which serves
/// the same request without behaviours.
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/userguide/Redirects.html
@Suite struct TemporaryRedirectsTests {
    @Test func theNextS3RequestsAreRedirectedToTheSecondEndpoint() async throws {
        try await AWSBehaviourProxy.withMiniStack { proxy in
            let s3 = try S3Client(configuration: proxy.configuration(), retryPolicy: .never)
            let bucket = Emulator.uniqueName("redirected")
            try await s3.createBucket(bucket)
            try await s3.putObject(bucket: bucket, key: "a b.txt", body: Array("moved".utf8))
            proxy.switchOn(.temporaryRedirects(count: 1))

            let redirect = try await RawRequests.send("GET", "/\(bucket)/a b.txt", service: "s3", via: proxy)
            #expect(redirect.status == 307 && RawRequests.xmlText("Code", in: redirect) == "TemporaryRedirect")
            let second = try #require(EndpointURL(proxy.secondEndpoint))
            #expect(redirect.header("Location") == "\(proxy.secondEndpoint)/\(bucket)/a%20b.txt")
            #expect(RawRequests.xmlText("Endpoint", in: redirect) == "127.0.0.1:\(second.port ?? 0)")
            #expect(RawRequests.xmlText("Bucket", in: redirect) == bucket)
            #expect(proxy.endpoint != proxy.secondEndpoint)

            let direct = try S3Client(configuration: AWSConfiguration(
                region: "us-east-1", credentialProvider: StaticCredentialProvider(Emulator.ministack.credentials()),
                endpointOverride: proxy.secondEndpoint, environment: [:]), retryPolicy: .never)
            #expect(try await direct.getObject(bucket: bucket, key: "a b.txt").body == Array("moved".utf8))
            #expect(try await s3.getObject(bucket: bucket, key: "a b.txt").body == Array("moved".utf8))
            let calls = proxy.record.calls(service: "s3", operation: "GetObject")
            #expect(calls.map(\.status) == [307, 200, 200])
            #expect(calls.map(\.viaSecondEndpoint) == [false, true, false])
            #expect(proxy.record.counts(.temporaryRedirects) == .init(refused: 1))
            try await s3.deleteObject(bucket: bucket, key: "a b.txt")
            try await s3.deleteBucket(bucket)
        }
    }
}
