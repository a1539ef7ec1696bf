import AWSKitLite
import DetectClientKit
import Foundation
import InfraKit
import TestSupport
import Testing

/// `detect-client aws` against MiniStack (signatures checked, an IAM user's key): uploads land under
/// `images/<id>/<file>`, items written while the client waits are collected, and ids that never get an item are
/// reported missing when the timeout passes.
@Suite struct AWSRunnerTests {
    static func fixtureImages(_ count: Int) throws -> [ImageFile] {
        try Fixtures.imageNames.prefix(count).map { ImageFile(name: $0, bytes: [UInt8](try Fixtures.image($0))) }
    }

    static func runner(_ names: PipelineNames, timeout: Duration) throws -> AWSRunner {
        let configuration = try MiniStack.configuration()
        return AWSRunner(options: try AWSRunOptions(names: names, concurrency: 4, timeout: timeout),
                         s3: try S3Client(configuration: configuration), dynamoDB: try DynamoDBClient(configuration: configuration))
    }

    @Test func idsThatNeverArriveAreReportedMissingWhenTheTimeoutPasses() async throws {
        let names = try await MiniStack.uniqueNames()
        try await MiniStack.createBucketAndTable(names)
        let images = try Self.fixtureImages(3)
        let runner = try Self.runner(names, timeout: .seconds(2))
        try await runner.checkPipeline()
        let (results, transfers) = await runner.run(images: images)
        let stored = try await S3Client(configuration: MiniStack.configuration()).listAllObjects(bucket: names.bucket)
        await MiniStack.deleteBucketAndTable(names)

        #expect(results.kind == "aws")
        #expect(!results.allSucceeded)
        #expect(results.images.map(\.file) == images.map(\.name))
        for (result, image) in zip(results.images, images) {
            #expect(result.status == .missing)
            #expect(result.key == "images/\(result.id)/\(image.name)")
            #expect(result.bytes == image.bytes.count)
            #expect(result.uploadMilliseconds != nil)
            #expect(result.endToEndMilliseconds == nil && result.objects.isEmpty)
            #expect(result.error == "no item in table \(names.table) within 2 s after the last upload")
        }
        #expect(Set(stored.map(\.key)) == Set(results.images.map(\.key)))
        #expect(results.summary.missing == 3 && results.summary.ok == 0 && results.summary.uploaded == 3)
        #expect(results.summary.bucket == names.bucket && results.summary.table == names.table)
        #expect(transfers.uploads.map(\.status) == [.ok, .ok, .ok])
        #expect(transfers.uploads.map(\.id) == results.images.map(\.id))
        #expect(transfers.summary.uploaded == 3 && transfers.summary.bytes == images.reduce(0) { $0 + $1.bytes.count })
        #expect(transfers.summary.wallSeconds > 0 && transfers.summary.uploadMilliseconds?.count == 3)
    }

    @Test func itemsWrittenWhileTheClientWaitsAreCollected() async throws {
        let names = try await MiniStack.uniqueNames()
        try await MiniStack.createBucketAndTable(names)
        let golden = try Fixtures.golden("golden_conf0.5_nms0.4.json")
        let images = try Self.fixtureImages(4)
        let failing = images[2].name
        let configuration = try MiniStack.configuration()
        let s3 = try S3Client(configuration: configuration)
        let dynamoDB = try DynamoDBClient(configuration: configuration)

        // Stands in for the function: every new upload gets an item (the third image a failed one), written
        // while the client is already polling.
        let writer = Task {
            var written: Set<String> = []
            while written.count < images.count && !Task.isCancelled {
                for object in try await s3.listAllObjects(bucket: names.bucket, prefix: "images/") where !written.contains(object.key) {
                    let parts = object.key.split(separator: "/").map(String.init)
                    let (id, file) = (parts[1], parts[2])
                    var item: DynamoDBItem = ["id": .s(id), "bucket": .s(names.bucket), "key": .s(object.key),
                                              "cold_start": .bool(written.isEmpty), "total_ms": .n("50.5"),
                                              "processed_at": .s("2025-01-01T00:00:00.000Z"), "model": .s("yolov3-tiny")]
                    if file == failing {
                        item["status"] = .s("failed")
                        item["objects"] = .l([])
                        item["error"] = .s("not a decodable JPEG/PNG")
                    } else {
                        let expected = golden.images.first { $0.file == file }!
                        item["status"] = .s("ok")
                        item["inference_ms"] = .n("40.125")
                        item["s3_get_ms"] = .n("2.5")
                        item["width"] = .number(expected.width)
                        item["height"] = .number(expected.height)
                        item["objects"] = .l(expected.objects.map { object in
                            .m(["label": .s(object.label), "class_id": .number(object.class_id), "accuracy": .n("\(object.accuracy)"),
                                "box": .l(object.box.map { .number($0) })])
                        })
                    }
                    try await Task.sleep(for: .milliseconds(100))
                    try await dynamoDB.putItem(table: names.table, item: item)
                    written.insert(object.key)
                }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        let (results, _) = try await Self.runner(names, timeout: .seconds(30)).run(images: images)
        writer.cancel()
        if case .failure(let error) = await writer.result, !(error is CancellationError) {
            Issue.record("the stand-in function failed: \(error)")
        }
        await MiniStack.deleteBucketAndTable(names)

        #expect(results.summary.ok == 3 && results.summary.failed == 1 && results.summary.missing == 0)
        #expect(results.summary.coldStarts == 1)
        for result in results.images {
            #expect(result.endToEndMilliseconds != nil, "\(result.file)")
            if result.file == failing {
                #expect(result.status == .failed)
                #expect(result.error == "the function failed: not a decodable JPEG/PNG")
                continue
            }
            let expected = try #require(golden.images.first { $0.file == result.file })
            #expect(result.status == .ok)
            #expect(result.objects.map(\.label) == expected.objects.map(\.label))
            #expect(result.objects.map(\.box) == expected.objects.map(\.box))
            #expect(result.objects.map(\.classId) == expected.objects.map(\.class_id))
            #expect(result.inferenceMilliseconds == 40.125 && result.s3GetMilliseconds == 2.5 && result.lambdaTotalMilliseconds == 50.5)
            #expect(result.width == expected.width && result.height == expected.height)
            #expect(result.processedAt == "2025-01-01T00:00:00.000Z")
        }
    }

    @Test func aMissingPipelineIsOneClearError() async throws {
        let names = try await MiniStack.uniqueNames()
        let runner = try Self.runner(names, timeout: .seconds(1))
        await #expect(throws: AWSRunError.pipelineMissing(what: "bucket \(names.bucket)", prefix: names.prefix, region: "us-east-1")) {
            try await runner.checkPipeline()
        }
        try await S3Client(configuration: MiniStack.configuration()).createBucket(names.bucket)
        await #expect(throws: AWSRunError.pipelineMissing(what: "table \(names.table)", prefix: names.prefix, region: "us-east-1")) {
            try await runner.checkPipeline()
        }
        await MiniStack.deleteBucketAndTable(names)
    }
}
