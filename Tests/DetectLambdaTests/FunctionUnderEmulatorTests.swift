import AWSKitLite
import DetectLambda
import Foundation
import InfraKit
import LocalLambda
import Testing
import TestSupport
import YoloCore

/// The function end to end as it runs on Lambda: the real `detect-server lambda` under AWS's Runtime Interface
/// Emulator (local-lambda), with credentials of the role `infractl up` made, against MiniStack with AUTH=true. These
/// tests send the events themselves (the S3 trigger is not wired) to control batching, redelivery and failures; real
/// items are read back from DynamoDB and compared with OpenCV 4.6's goldens.
@Suite("The function end to end", .serialized)
struct FunctionUnderEmulatorTests {
    static let golden = try! Fixtures.golden("golden_conf0.5_nms0.4.json")

    static func goldenImage(_ file: String) throws -> Golden.Image {
        try #require(golden.images.first { $0.file == file }, "no golden for \(file)")
    }

    static func summary(_ result: InvocationResult) throws -> InvocationSummary {
        #expect(result.succeeded, "\(String(decoding: result.payload, as: UTF8.self))")
        return try JSONDecoder().decode(InvocationSummary.self, from: Data(result.payload))
    }

    static func errorObject(_ result: InvocationResult) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(result.payload))) as? [String: Any] ?? [:]
    }

    @Test("every fixture, one event of three records then one per record, produces an ok item matching the golden")
    func goldenItems() async throws {
        try await EmulatedPipeline.with(maxEnvironments: 1, trigger: false) { pipeline in
            let names = pipeline.names
            // One file name has a space, a plus and a non-ASCII letter, so its event key is URL-encoded as S3 does it.
            let uploads = Fixtures.imageNames.map { file in
                let id = "img-" + file.split(separator: ".")[0].replacingOccurrences(of: "_", with: "-")
                return (file: file, id: id, key: names.uploadKey(id: id, fileName: file == "grace_hopper.jpg" ? "grace hopper+ü.jpg" : file))
            }
            #expect(uploads.count == Self.golden.images.count)
            for upload in uploads {
                try await pipeline.clients.s3.putObject(bucket: names.bucket, key: upload.key, body: Array(try Fixtures.image(upload.file)))
            }
            let batches = [Array(uploads.prefix(3))] + uploads.dropFirst(3).map { [$0] }
            for (index, batch) in batches.enumerated() {
                let result = await pipeline.lambda.invoke(S3Notification.event(bucket: names.bucket, keys: batch.map(\.key)))
                let summary = try Self.summary(result)
                #expect(summary.processed == batch.count && summary.failed == 0 && summary.skipped == 0)
                #expect(summary.items.map(\.id) == batch.map(\.id))
                for upload in batch {
                    let item = try await pipeline.clients.dynamoDB.getItem(table: names.table, key: ["id": .s(upload.id)], consistentRead: true)
                    expectItem(item, matches: try Self.goldenImage(upload.file), id: upload.id, bucket: names.bucket, key: upload.key)
                    #expect(item?["cold_start"] == .bool(index == 0), "\(upload.file) cold_start")
                    #expect(item?["request_id"] == .s(result.requestId))
                    // The OpenCV the function ran (the binary is this build's): the report states each path's engine.
                    #expect(item?["opencv"] == .s(YoloDetector.openCVVersion))
                }
            }
        }
    }

    @Test("uploads that are not images, too large, or gone get a failed item with the reason; other keys are skipped")
    func failedItems() async throws {
        let spec = DetectFunctionSpec(extraEnvironment: ["DETECT_MAX_OBJECT_MB": "1"])
        try await EmulatedPipeline.with(maxEnvironments: 1, trigger: false, function: spec) { pipeline in
            let names = pipeline.names
            let dog = Array(try Fixtures.image("dog.jpg"))
            let objects: [(id: String, name: String, body: [UInt8]?)] = [
                ("corrupt", "dog.jpg", Array(dog.prefix(600)) + [UInt8](repeating: 0, count: 400)),
                ("text", "notes.txt", Array("just some text".utf8)),
                ("huge", "huge.png", Fixtures.pngHeader(width: 50_000, height: 50_000)),
                ("gone", "deleted.jpg", nil),
            ]
            var keys: [String] = []
            for object in objects {
                let key = names.uploadKey(id: object.id, fileName: object.name)
                keys.append(key)
                if let body = object.body { try await pipeline.clients.s3.putObject(bucket: names.bucket, key: key, body: body) }
            }
            let outside = "uploads/elsewhere/dog.jpg"
            try await pipeline.clients.s3.putObject(bucket: names.bucket, key: outside, body: dog)
            // The event says the object is 3 MiB; the limit is 1 MiB, so it is refused without a download.
            let bigKey = names.uploadKey(id: "big", fileName: "dog.jpg")
            try await pipeline.clients.s3.putObject(bucket: names.bucket, key: bigKey, body: dog)

            let event = S3Notification.event(
                bucket: names.bucket, keys: keys + [outside, bigKey], sizes: [nil, nil, nil, nil, dog.count, 3 * 1024 * 1024])
            let summary = try Self.summary(await pipeline.lambda.invoke(event))
            #expect(summary == InvocationSummary(
                processed: 0, failed: 5, skipped: 1,
                items: ["corrupt", "text", "huge", "gone", "big"].map { .init(id: $0, status: "failed", objects: 0) }))
            let reasons = [
                "corrupt": "not a decodable image", "text": "not a decodable image", "huge": "over the limit",
                "gone": "the object no longer exists", "big": "over the limit of 1048576 bytes",
            ]
            for (id, reason) in reasons {
                let item = try #require(try await pipeline.clients.dynamoDB.getItem(table: names.table, key: ["id": .s(id)], consistentRead: true), "no item for \(id)")
                #expect(item["status"] == .s("failed"), "\(id)")
                #expect(item["error"]?.stringValue?.contains(reason) == true, "\(id): \(item["error"] as Any)")
                #expect(item["objects"] == .l([]), "\(id)")
                #expect(item["bucket"] == .s(names.bucket))
                #expect(item["cold_start"] == .bool(true))
                if id == "huge" { #expect(number(item["width"]) == 50_000) }
                if id == "gone" || id == "big" { #expect(item["s3_get_ms"] == nil, "\(id)") }
                if id == "corrupt" { #expect(item["s3_get_ms"] != nil) }
            }
            let all = try await pipeline.clients.dynamoDB.scanAll(table: names.table, consistentRead: true)
            #expect(all.count == 5, "only the five uploads under images/<id>/ have items")
        }
    }

    @Test("a redelivered event leaves one correct item")
    func redelivery() async throws {
        try await EmulatedPipeline.with(maxEnvironments: 1, trigger: false) { pipeline in
            let names = pipeline.names
            let key = names.uploadKey(id: "twice", fileName: "horses.jpg")
            try await pipeline.clients.s3.putObject(bucket: names.bucket, key: key, body: Array(try Fixtures.image("horses.jpg")))
            let event = S3Notification.event(bucket: names.bucket, keys: [key])
            let first = await pipeline.lambda.invoke(event)
            let firstItem = try await pipeline.clients.dynamoDB.getItem(table: names.table, key: ["id": .s("twice")], consistentRead: true)
            let second = await pipeline.lambda.invoke(event)
            #expect(second.payload == first.payload)
            let items = try await pipeline.clients.dynamoDB.scanAll(table: names.table, consistentRead: true)
            #expect(items.count == 1)
            expectItem(items.first, matches: try Self.goldenImage("horses.jpg"), id: "twice", bucket: names.bucket, key: key)
            #expect(items.first?["objects"] == firstItem?["objects"])
            #expect(firstItem?["cold_start"] == .bool(true))
            #expect(items.first?["cold_start"] == .bool(false))
            #expect(items.first?["request_id"] == .s(second.requestId))
        }
    }

    @Test("a PutItem that fails makes the invocation fail with the AWS error, so Lambda retries the event")
    func storeFailure() async throws {
        try await EmulatedPipeline.with(maxEnvironments: 1, trigger: false) { pipeline in
            let names = pipeline.names
            let key = names.uploadKey(id: "lost", fileName: "dog.jpg")
            try await pipeline.clients.s3.putObject(bucket: names.bucket, key: key, body: Array(try Fixtures.image("dog.jpg")))
            _ = try await pipeline.clients.dynamoDB.deleteTable(name: names.table)
            let result = await pipeline.lambda.invoke(S3Notification.event(bucket: names.bucket, keys: [key]))
            guard case .functionError(let type, let message) = result.outcome else {
                Issue.record("not a function error: \(result.outcome)")
                return
            }
            #expect(type == "DetectLambda.RecordsFailed")
            #expect(message.contains("PutItem") && message.contains("ResourceNotFoundException") && message.contains(key), "\(message)")
            let secret = try Emulator.ministack.credentials().secretAccessKey
            #expect(!String(decoding: result.payload, as: UTF8.self).contains(secret))
        }
    }

    @Test("a GetObject that fails for a reason a retry may fix fails the invocation; the event's other records are stored")
    func fetchFailure() async throws {
        try await EmulatedPipeline.with(maxEnvironments: 1, trigger: false) { pipeline in
            let names = pipeline.names
            let key = names.uploadKey(id: "kept", fileName: "eagle.jpg")
            try await pipeline.clients.s3.putObject(bucket: names.bucket, key: key, body: Array(try Fixtures.image("eagle.jpg")))
            let missingBucket = "\(names.prefix)-absent"
            let missingKey = names.uploadKey(id: "unreadable", fileName: "dog.jpg")
            var event = try JSONSerialization.jsonObject(with: Data(S3Notification.event(bucket: names.bucket, keys: [key]))) as! [String: Any]
            let other = try JSONSerialization.jsonObject(with: Data(S3Notification.event(bucket: missingBucket, keys: [missingKey]))) as! [String: Any]
            event["Records"] = (event["Records"] as! [Any]) + (other["Records"] as! [Any])
            let result = await pipeline.lambda.invoke(Array(try JSONSerialization.data(withJSONObject: event)))
            guard case .functionError(let type, let message) = result.outcome else {
                Issue.record("not a function error: \(result.outcome)")
                return
            }
            #expect(type == "DetectLambda.RecordsFailed")
            #expect(message.contains("s3://\(missingBucket)/\(missingKey) (GetObject)"), "\(message)")
            #expect(!message.contains(key), "the stored record is not reported as failed")
            let kept = try await pipeline.clients.dynamoDB.getItem(table: names.table, key: ["id": .s("kept")], consistentRead: true)
            expectItem(kept, matches: try Self.goldenImage("eagle.jpg"), id: "kept", bucket: names.bucket, key: key)
            #expect(try await pipeline.clients.dynamoDB.getItem(table: names.table, key: ["id": .s("unreadable")], consistentRead: true) == nil)
        }
    }

    @Test("a body that is not an event is the function's error; the environment goes on serving")
    func invalidEvent() async throws {
        try await EmulatedPipeline.with(maxEnvironments: 1, trigger: false) { pipeline in
            let result = await pipeline.lambda.invoke(Array("<xml>not an event</xml>".utf8))
            #expect(Self.errorObject(result)["errorType"] as? String == "DetectLambda.InvalidEvent")
            let empty = await pipeline.lambda.invoke(Array(#"{"Records": []}"#.utf8))
            let summary = try Self.summary(empty)
            #expect(summary == InvocationSummary(processed: 0, failed: 0, skipped: 0, items: []))
            #expect(await pipeline.lambda.currentStatus().environmentsStarted == 1)
        }
    }
}
