import AWSKitLite
import Foundation
import TestSupport
import Testing

/// S3's 307 Temporary Redirect: the client sends the same request to the `Location` endpoint, signed again for
/// that host, and stops after three hops. Through the behaviour proxy, whose second endpoint serves the redirects.
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/userguide/Redirects.html
@Suite struct TemporaryRedirectTests {
    @Test func uploadsAndDownloadsFollowTheRedirect() async throws {
        try await AWSBehaviourProxy.withMiniStack { proxy in
            let s3 = try S3Client(configuration: proxy.configuration(), retryPolicy: .never)
            let bucket = Emulator.uniqueName("moved")
            try await s3.createBucket(bucket)
            proxy.switchOn(.temporaryRedirects(count: 2))
            let body = Array("sent twice, stored once".utf8)
            try await s3.putObject(bucket: bucket, key: "in/a b+ü.txt", body: body, contentType: "text/plain")
            #expect(try await s3.getObject(bucket: bucket, key: "in/a b+ü.txt").body == body)

            let calls = proxy.record.calls(service: "s3").filter { $0.operation == "PutObject" || $0.operation == "GetObject" }
            #expect(calls.map(\.status) == [307, 200, 307, 200])
            #expect(calls.map(\.viaSecondEndpoint) == [false, true, false, true])
            #expect(proxy.record.counts(.temporaryRedirects).refused == 2)
            #expect(try await s3.getObject(bucket: bucket, key: "in/a b+ü.txt").attributes.contentType == "text/plain")
            try await s3.deleteObject(bucket: bucket, key: "in/a b+ü.txt")
            try await s3.deleteBucket(bucket)
        }
    }

    @Test func afterThreeHopsTheRedirectIsReported() async throws {
        let looping = LoopingRedirects()
        let server = try await StubHTTPServer.start { _ in looping.answer() }
        looping.location = server.baseURL + "/bucket/key"
        defer { server.stop() }
        let configuration = AWSConfiguration(
            region: "us-east-1", credentialProvider: StaticCredentialProvider(.init(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret")),
            endpointOverride: server.baseURL, environment: [:])
        let s3 = try S3Client(configuration: configuration, retryPolicy: .never)
        let error = try await #require(throws: AWSError.self) { try await s3.getObject(bucket: "bucket", key: "key") }
        #expect(error.statusCode == 307 && error.code == "TemporaryRedirect")
        #expect(server.requests.count == 4)
        #expect(Set(server.requests.compactMap { $0.header("Authorization") }).count >= 1)
    }

    /// A server that always sends the client back to itself.
    final class LoopingRedirects: @unchecked Sendable {
        private let lock = NSLock()
        private var target = ""
        var location: String {
            get { lock.withLock { target } }
            set { lock.withLock { target = newValue } }
        }

        func answer() -> StubHTTPServer.Response {
            .init(status: 307, headers: [(name: "Location", value: location), (name: "Content-Type", value: "application/xml")],
                  text: "<Error><Code>TemporaryRedirect</Code><Message>Please re-send this request to the specified temporary endpoint.</Message></Error>")
        }
    }
}
