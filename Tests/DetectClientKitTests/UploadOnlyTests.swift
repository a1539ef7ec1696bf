import AWSKitLite
import DetectClientKit
import Foundation
import InfraKit
import TestSupport
import Testing

/// `detect-client aws --upload-only` against MiniStack, with the pipeline's bucket and no table: every fixture
/// image lands under `images/<uuid>/<file>` with its exact bytes, the summary counts them, and only the transfer
/// file is written.
@Suite struct UploadOnlyTests {
    static func fixtureImages() throws -> [ImageFile] {
        try Fixtures.imageNames.map { ImageFile(name: $0, bytes: [UInt8](try Fixtures.image($0))) }
    }

    /// Checks that every upload is in the bucket, under `images/<uuid>/<file>`, with the file's exact bytes, and
    /// that nothing else is.
    static func expectStored(_ uploads: [UploadRecord], images: [ImageFile], in bucket: String) async throws {
        let s3 = try S3Client(configuration: MiniStack.configuration())
        let stored = try await s3.listAllObjects(bucket: bucket)
        #expect(Set(stored.map(\.key)) == Set(uploads.map(\.key)))
        #expect(uploads.map(\.file) == images.map(\.name))
        for (upload, image) in zip(uploads, images) {
            let parts = upload.key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            #expect(parts.count == 3 && parts[0] == "images" && parts[2] == image.name, "\(upload.key)")
            #expect(UUID(uuidString: parts[1]) != nil && parts[1] == parts[1].lowercased() && parts[1] == upload.id, "\(upload.key)")
            let object = try await s3.getObject(bucket: bucket, key: upload.key)
            #expect(object.body == image.bytes, "\(image.name)")
        }
        #expect(Set(uploads.map(\.id)).count == uploads.count)
    }

    /// Runs `body` with fresh pipeline names whose bucket exists (no table), then empties and deletes the bucket,
    /// also when `body` throws.
    static func withBucket(_ body: (PipelineNames) async throws -> Void) async throws {
        let names = try await MiniStack.uniqueNames()
        try await S3Client(configuration: MiniStack.configuration()).createBucket(names.bucket)
        do {
            try await body(names)
        } catch {
            await MiniStack.deleteBucketAndTable(names)
            throw error
        }
        await MiniStack.deleteBucketAndTable(names)
    }

    /// The variables the command reads its credentials, region and endpoint from, set to MiniStack's.
    static func environment() throws -> [String: String] {
        let credentials = try Emulator.ministack.credentials()
        return ["AWS_ACCESS_KEY_ID": credentials.accessKeyId, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
                "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": try MiniStack.endpoint()]
    }

    /// True when the table does not exist (DescribeTable says ResourceNotFoundException).
    static func tableIsAbsent(_ names: PipelineNames) async throws -> Bool {
        do {
            _ = try await DynamoDBClient(configuration: MiniStack.configuration()).describeTable(name: names.table)
            return false
        } catch let error as AWSError where error.code == "ResourceNotFoundException" {
            return true
        }
    }

    @Test func theLibraryUploadsEveryImageWithoutATable() async throws {
        try await Self.withBucket { names in
            let configuration = try MiniStack.configuration()
            let images = try Self.fixtureImages()
            #expect(images.count == 13)
            let runner = AWSRunner(options: try AWSRunOptions(names: names, concurrency: 8),
                                   s3: try S3Client(configuration: configuration),
                                   dynamoDB: try DynamoDBClient(configuration: configuration))

            try await runner.checkPipeline(includingTable: false)
            let results = await runner.upload(images: images)

            #expect(results.allSucceeded)
            try await Self.expectStored(results.transfers.uploads, images: images, in: names.bucket)
            #expect(try await Self.tableIsAbsent(names))
            let bytes = images.reduce(0) { $0 + $1.bytes.count }
            let summary = results.summary
            #expect(summary.images == 13 && summary.uploaded == 13 && summary.failed == 0 && summary.bytes == bytes)
            #expect(summary.bucket == names.bucket && summary.region == "us-east-1" && summary.concurrency == 8)
            #expect(summary.wallSeconds > 0 && summary.imagesPerSecond > 0 && summary.megabytesPerSecond > 0)
            let p50 = try #require(summary.uploadP50Milliseconds), p95 = try #require(summary.uploadP95Milliseconds)
            #expect(p50 > 0 && p50 <= p95)
            #expect(results.transfers.summary.uploaded == 13 && results.transfers.uploads.allSatisfy { $0.status == .ok })

            // The full check (what collecting detections needs) still asks for the table.
            await #expect(throws: AWSRunError.pipelineMissing(what: "table \(names.table)", prefix: names.prefix, region: "us-east-1")) {
                try await runner.checkPipeline()
            }
        }
    }

    @Test func failedUploadsAreCountedNotDropped() async throws {
        try await Self.withBucket { names in
            let images = Array(try Self.fixtureImages().prefix(3))
            var credentials = try Emulator.ministack.credentials()
            credentials.secretAccessKey = String(credentials.secretAccessKey.reversed())
            let wrongSecret = try Emulator.ministack.configuration(credentials: credentials)
            let runner = AWSRunner(options: try AWSRunOptions(names: names, concurrency: 2),
                                   s3: try S3Client(configuration: wrongSecret, retryPolicy: .never),
                                   dynamoDB: try DynamoDBClient(configuration: wrongSecret))

            let results = await runner.upload(images: images)

            #expect(!results.allSucceeded)
            #expect(results.summary.images == 3 && results.summary.uploaded == 0 && results.summary.failed == 3)
            #expect(results.summary.uploadP50Milliseconds == nil && results.summary.imagesPerSecond == 0)
            #expect(results.transfers.uploads.map(\.file) == images.map(\.name))
            #expect(results.transfers.uploads.allSatisfy { $0.status == .failed && $0.error?.hasPrefix("upload failed: ") == true })
            #expect(results.transfers.uploads.allSatisfy { $0.error?.contains("SignatureDoesNotMatch") == true })
            #expect(SummaryText.upload(results).contains("0 uploaded, 3 failed"))
            #expect(try await S3Client(configuration: MiniStack.configuration()).listAllObjects(bucket: names.bucket).isEmpty)
        }
    }

    @Test func theCommandUploadsPrintsOneJSONObjectAndWritesOnlyTheTransferFile() async throws {
        try await Self.withBucket { names in
            try await withTemporaryFolder { folder in
                let outcome = try await CommandLineTool.run(
                    ["aws", "--input", Fixtures.imagesDirectory.path, "--upload-only", "--concurrency", "8", "--json",
                     "--prefix", names.prefix, "--output-dir", folder],
                    environment: Self.environment())
                #expect(outcome.status == 0, "\(outcome.standardError)")

                let summary = try JSONDecoder().decode(UploadOnlySummary.self, from: Data(outcome.standardOutput.utf8))
                let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
                #expect(Set(object.keys) == ["region", "bucket", "concurrency", "images", "uploaded", "failed", "bytes", "wall_seconds",
                                             "images_per_second", "megabytes_per_second", "upload_p50_ms", "upload_p95_ms"])
                #expect(summary.images == 13 && summary.uploaded == 13 && summary.failed == 0)
                #expect(summary.bucket == names.bucket && summary.concurrency == 8)

                let transfersPath = (folder as NSString).appendingPathComponent("detections_aws_transfer_time.json")
                let transfers = try JSONDecoder().decode(TransferTimeResults.self, from: Data(contentsOf: URL(fileURLWithPath: transfersPath)))
                #expect(transfers.summary.uploaded == 13 && transfers.summary.wallSeconds == summary.wallSeconds)
                #expect(!FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent("detections_aws.json")))
                try await Self.expectStored(transfers.uploads, images: try Self.fixtureImages(), in: names.bucket)
                #expect(try await Self.tableIsAbsent(names))
            }
        }
    }

    @Test func theCommandFailsInOneLineWithoutTheBucket() async throws {
        let names = try await MiniStack.uniqueNames()
        try await withTemporaryFolder { folder in
            let outcome = try await CommandLineTool.run(
                ["aws", "--input", Fixtures.imagesDirectory.path, "--upload-only", "--prefix", names.prefix, "--output-dir", folder],
                environment: Self.environment())
            #expect(outcome.status == 1)
            #expect(outcome.standardError.contains("detect-client aws: bucket \(names.bucket) does not exist in us-east-1"))
            #expect(outcome.standardOutput.isEmpty)
        }
    }
}
