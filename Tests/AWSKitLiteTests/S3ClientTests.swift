import AWSKitLite
import Foundation
import TestSupport
import Testing

/// S3Client round trips against both emulators (MiniStack verifies every signature; moto is a second implementation).
@Suite struct S3ClientTests {
    /// Keys with every character class that URI encoding and signing must treat right.
    static let awkwardKeys = [
        "plain.txt", "with space.jpg", "plus+sign", "equals=sign", "amp&ersand", "per%cent", "co:lon", "st*r",
        "dir/sub dir/ü-ñ-日本.png", "tilde~and_dash-.dot", "quote'paren(1)", "dir/./dot/../segments",
    ]

    private func withBucket(_ emulator: Emulator, region: String = "us-east-1",
                            _ body: (S3Client, String) async throws -> Void) async throws {
        let s3 = try S3Client(configuration: emulator.configuration(region: region))
        let bucket = Emulator.uniqueName("s3")
        try await s3.createBucket(bucket)
        do {
            try await body(s3, bucket)
        } catch {
            try? await emptyAndDelete(s3, bucket)
            throw error
        }
        try await emptyAndDelete(s3, bucket)
    }

    private func emptyAndDelete(_ s3: S3Client, _ bucket: String) async throws {
        let keys = try await s3.listAllObjects(bucket: bucket).map(\.key)
        if !keys.isEmpty { _ = try await s3.deleteObjects(bucket: bucket, keys: keys) }
        try await s3.deleteBucket(bucket)
    }

    @Test(arguments: Emulator.allCases)
    func bucketLifecycle(_ emulator: Emulator) async throws {
        let s3 = try S3Client(configuration: emulator.configuration())
        #expect(s3.endpoint.s3AddressingStyle == .path)
        let bucket = Emulator.uniqueName("bucket")
        #expect(try await s3.bucketExists(bucket) == false)
        try await s3.createBucket(bucket)
        try await s3.headBucket(bucket)
        #expect(try await s3.bucketExists(bucket))
        try await s3.deleteBucket(bucket)
        let error = try await #require(throws: AWSError.self) { try await s3.headBucket(bucket) }
        #expect(error.statusCode == 404 && error.code == "NotFound" && error.service == "s3" && error.operation == "HeadBucket")
    }

    @Test(arguments: Emulator.allCases)
    func bucketOutsideUSEast1UsesALocationConstraint(_ emulator: Emulator) async throws {
        try await withBucket(emulator, region: "eu-west-1") { s3, bucket in
            try await s3.headBucket(bucket)
            try await s3.putObject(bucket: bucket, key: "k", body: Array("eu".utf8))
            #expect(try await s3.getObject(bucket: bucket, key: "k").body == Array("eu".utf8))
        }
    }

    @Test(arguments: Emulator.allCases)
    func objectRoundTripKeepsBytesTypeAndMetadata(_ emulator: Emulator) async throws {
        try await withBucket(emulator) { s3, bucket in
            let body = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let put = try await s3.putObject(bucket: bucket, key: "images/cat.jpg", body: body, contentType: "image/jpeg",
                                             metadata: ["source": "camera-1", "Trace-Id": "abc 123"])
            #expect(put.eTag != nil)
            let object = try await s3.getObject(bucket: bucket, key: "images/cat.jpg")
            #expect(object.body == body)
            #expect(object.attributes.contentType == "image/jpeg")
            #expect(object.attributes.metadata["source"] == "camera-1")
            #expect(object.attributes.metadata["trace-id"] == "abc 123")
            #expect(object.attributes.eTag == put.eTag)
            let head = try await s3.headObject(bucket: bucket, key: "images/cat.jpg")
            #expect(head.contentLength == body.count)
            #expect(head.metadata == object.attributes.metadata)
            try await s3.deleteObject(bucket: bucket, key: "images/cat.jpg")
            let missing = try await #require(throws: AWSError.self) { try await s3.getObject(bucket: bucket, key: "images/cat.jpg") }
            #expect(missing.code == "NoSuchKey" && missing.statusCode == 404)
            let missingHead = try await #require(throws: AWSError.self) { try await s3.headObject(bucket: bucket, key: "images/cat.jpg") }
            #expect(missingHead.code == "NotFound")
        }
    }

    @Test(arguments: Emulator.allCases)
    func awkwardKeysRoundTrip(_ emulator: Emulator) async throws {
        try await withBucket(emulator) { s3, bucket in
            for key in Self.awkwardKeys {
                try await s3.putObject(bucket: bucket, key: key, body: Array(key.utf8))
                #expect(try await s3.getObject(bucket: bucket, key: key).body == Array(key.utf8), "GET \(key)")
                #expect(try await s3.headObject(bucket: bucket, key: key).contentLength == key.utf8.count, "HEAD \(key)")
            }
            let listed = try await s3.listAllObjects(bucket: bucket).map(\.key)
            #expect(Set(listed) == Set(Self.awkwardKeys))
            let deleted = try await s3.deleteObjects(bucket: bucket, keys: Array(Self.awkwardKeys.prefix(6)))
            #expect(Set(deleted.deleted) == Set(Self.awkwardKeys.prefix(6)) && deleted.failures.isEmpty)
            for key in Self.awkwardKeys.dropFirst(6) { try await s3.deleteObject(bucket: bucket, key: key) }
            #expect(try await s3.listAllObjects(bucket: bucket).isEmpty)
        }
    }

    @Test(arguments: Emulator.allCases)
    func listObjectsV2PaginatesWithPrefixAndDelimiter(_ emulator: Emulator) async throws {
        try await withBucket(emulator) { s3, bucket in
            let keys = (0..<7).map { "dir/item-\($0)" } + ["dir/nested/a", "dir/nested/b", "other/x"]
            for key in keys { try await s3.putObject(bucket: bucket, key: key, body: [1, 2, 3]) }
            var pages: [S3ObjectListPage] = []
            for try await page in s3.listObjectsV2Pages(bucket: bucket, prefix: "dir/", pageSize: 3) { pages.append(page) }
            #expect(pages.count == 3)
            #expect(pages.flatMap(\.objects).map(\.key) == keys.filter { $0.hasPrefix("dir/") }.sorted())
            #expect(pages.flatMap(\.objects).allSatisfy { $0.size == 3 })
            let folders = try await s3.listObjectsV2(bucket: bucket, prefix: "dir/", delimiter: "/")
            #expect(folders.commonPrefixes == ["dir/nested/"])
            #expect(folders.objects.count == 7)
            #expect(folders.nextContinuationToken == nil)
        }
    }

    @Test(arguments: Emulator.allCases)
    func notificationConfigurationRoundTrips(_ emulator: Emulator) async throws {
        try await withBucket(emulator) { s3, bucket in
            #expect(try await s3.getBucketNotificationConfiguration(bucket: bucket) == S3NotificationConfiguration())
            let arn = "arn:aws:lambda:us-east-1:123456789012:function:\(bucket)-detector"
            let rule = S3NotificationRule(id: "detect-jpegs", destinationArn: arn, events: ["s3:ObjectCreated:*"],
                                          filterRules: [.prefix("incoming/"), .suffix(".jpg")])
            let other = S3NotificationRule(id: "audit-deletes", destinationArn: arn + "-audit", events: ["s3:ObjectRemoved:*"])
            let configuration = S3NotificationConfiguration(lambdaFunctions: [rule, other], eventBridge: true)
            try await s3.putBucketNotificationConfiguration(bucket: bucket, configuration: configuration)
            let read = try await s3.getBucketNotificationConfiguration(bucket: bucket)
            #expect(read.lambdaFunctions.map(\.id) == ["detect-jpegs", "audit-deletes"])
            #expect(read.lambdaFunctions.map(\.destinationArn) == [arn, arn + "-audit"])
            #expect(read.lambdaFunctions.first?.filterValue("prefix") == "incoming/")
            #expect(read.lambdaFunctions.first?.filterValue("suffix") == ".jpg")
            #expect(read.lambdaFunctions.last?.filterRules.isEmpty == true)
            // moto 5.2.1 stores EventBridgeConfiguration but never writes it back in GetBucketNotificationConfiguration.
            if emulator == .ministack { #expect(read.eventBridge) }
            try await s3.putBucketNotificationConfiguration(bucket: bucket, configuration: S3NotificationConfiguration())
            #expect(try await s3.getBucketNotificationConfiguration(bucket: bucket).isEmpty)
        }
    }

    @Test(arguments: Emulator.allCases)
    func missingBucketIsATypedError(_ emulator: Emulator) async throws {
        let s3 = try S3Client(configuration: emulator.configuration())
        let error = try await #require(throws: AWSError.self) {
            try await s3.putObject(bucket: Emulator.uniqueName("absent"), key: "k", body: [1])
        }
        #expect(error.code == "NoSuchBucket" && error.statusCode == 404 && error.operation == "PutObject")
    }
}
