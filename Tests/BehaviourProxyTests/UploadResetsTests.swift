import AWSKitLite
import Foundation
import TestSupport
import Testing

/// `.uploadResets`: the proxy reads part of a request body, then resets the connection; nothing reaches MiniStack.
/// Spec: https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html (connection errors)
@Suite struct UploadResetsTests {
    @Test func anUploadIsCutInTheMiddleAndTheNextOneGoesThrough() async throws {
        try await AWSBehaviourProxy.withMiniStack { proxy in
            // A client of its own: libcurl sends a request again by itself when a connection it had reused drops
            // before any answer, which would hide the cut from this test.
            let http = HTTPClient()
            defer { http.shutdown() }
            let s3 = try S3Client(configuration: proxy.configuration(), httpClient: http, retryPolicy: .never)
            let bucket = Emulator.uniqueName("cut")
            try await s3.createBucket(bucket)
            proxy.switchOn(.uploadResets(count: 1, afterBytes: 64 * 1024, service: "s3", operation: "PutObject"))
            let body = (0..<(2 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }

            let uploader = try S3Client(configuration: proxy.configuration(), httpClient: HTTPClient(), retryPolicy: .never)
            let error = try await #require(throws: HTTPClientError.self) { try await uploader.putObject(bucket: bucket, key: "big.bin", body: body) }
            #expect(error.kind == .connectionDropped)
            #expect(try await s3.listObjectsV2(bucket: bucket).objects.isEmpty)
            #expect(proxy.record.calls(service: "s3", operation: "PutObject").map(\.status) == [nil])
            #expect(proxy.record.counts(.uploadResets) == .init(cut: 1))

            try await s3.putObject(bucket: bucket, key: "big.bin", body: body)
            #expect(try await s3.getObject(bucket: bucket, key: "big.bin").body == body)
            try await s3.deleteObject(bucket: bucket, key: "big.bin")
            try await s3.deleteBucket(bucket)
        }
    }

    @Test func requestsWithoutABodyAreNeverCut() async throws {
        try await AWSBehaviourProxy.withMiniStack { proxy in
            proxy.switchOn(.uploadResets(count: 1))
            let lambda = try LambdaClient(configuration: proxy.configuration(), retryPolicy: .never)
            let missing = try await #require(throws: AWSError.self) { try await lambda.getFunction(name: Emulator.uniqueName("none")) }
            #expect(missing.code == "ResourceNotFoundException")
            #expect(proxy.record.counts(.uploadResets) == .init())
        }
    }
}
