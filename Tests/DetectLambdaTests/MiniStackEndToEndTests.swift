import AWSKitLite
import DetectLambda
import Foundation
import Testing
import TestSupport

/// The function end to end against MiniStack with AUTH=true, signing as its IAM user: real uploads under
/// `images/<id>/`, real S3 event JSON posted to the local `/invoke` server, real items read back from DynamoDB and
/// compared with OpenCV 4.6's goldens. Needs scripts/with-emulators.sh (fails without it).
@Suite("End to end against MiniStack", .serialized)
struct MiniStackEndToEndTests {
    static let golden = try! Fixtures.golden("golden_conf0.5_nms0.4.json")

    static func goldenImage(_ file: String) throws -> Golden.Image {
        try #require(golden.images.first { $0.file == file }, "no golden for \(file)")
    }

    /// The upload of one fixture: its item id and key. One file name has a space, a plus and a non-ASCII letter, so
    /// its event key is URL-encoded as S3 does it.
    struct Upload {
        var file: String
        var id: String
        var key: String
    }

    static func uploads() -> [Upload] {
        Fixtures.imageNames.map { file in
            let id = "img-" + file.split(separator: ".")[0].replacingOccurrences(of: "_", with: "-")
            let name = file == "grace_hopper.jpg" ? "grace hopper+ü.jpg" : file
            return Upload(file: file, id: id, key: UploadKey.objectKey(id: id, fileName: name))
        }
    }

    @Test("every fixture uploaded under images/<id>/ produces an ok item whose objects match the golden")
    func goldenItems() async throws {
        try await MiniStack.Resources.with("golden") { resources in
            let uploads = Self.uploads()
            #expect(uploads.count == Self.golden.images.count)
            for upload in uploads {
                try await resources.s3.putObject(
                    bucket: resources.bucket, key: upload.key, body: Array(try Fixtures.image(upload.file)),
                    contentType: upload.file.hasSuffix(".png") ? "image/png" : "image/jpeg")
            }
            try await LocalInvokeHarness.with(table: resources.table) { server in
                // The first event carries three records (S3 may batch them); the rest come one by one.
                let batches = [Array(uploads.prefix(3))] + uploads.dropFirst(3).map { [$0] }
                for (index, batch) in batches.enumerated() {
                    let reply = try await server.invoke(S3Notification.event(bucket: resources.bucket, keys: batch.map(\.key)))
                    #expect(reply.status == 200, "\(reply.body)")
                    let summary = try JSONDecoder().decode(InvocationSummary.self, from: Data(reply.body.utf8))
                    #expect(summary.processed == batch.count)
                    #expect(summary.failed == 0)
                    #expect(summary.skipped == 0)
                    #expect(summary.items.map(\.id) == batch.map(\.id))
                    for (item, upload) in zip(summary.items, batch) {
                        #expect(item.status == "ok")
                        #expect(item.objects == (try Self.goldenImage(upload.file)).objects.count)
                    }
                    for upload in batch {
                        let item = try await resources.item(upload.id)
                        expectItem(item, matches: try Self.goldenImage(upload.file), id: upload.id, bucket: resources.bucket, key: upload.key)
                        #expect(item?["cold_start"] == .bool(index == 0), "\(upload.file) cold_start")
                    }
                }
            }
        }
    }

    @Test("uploads that are not images, too large, or gone get a failed item with the reason; other keys are skipped")
    func failedItems() async throws {
        try await MiniStack.Resources.with("failed") { resources in
            let dog = Array(try Fixtures.image("dog.jpg"))
            let objects: [(id: String, name: String, body: [UInt8]?)] = [
                ("corrupt", "dog.jpg", Array(dog.prefix(600)) + [UInt8](repeating: 0, count: 400)),
                ("text", "notes.txt", Array("just some text".utf8)),
                ("huge", "huge.png", Fixtures.pngHeader(width: 50_000, height: 50_000)),
                ("gone", "deleted.jpg", nil),
            ]
            var keys: [String] = []
            for object in objects {
                let key = UploadKey.objectKey(id: object.id, fileName: object.name)
                keys.append(key)
                if let body = object.body { try await resources.s3.putObject(bucket: resources.bucket, key: key, body: body) }
            }
            let outside = "uploads/elsewhere/dog.jpg"
            try await resources.s3.putObject(bucket: resources.bucket, key: outside, body: dog)
            // The event says the object is 3 MiB; the limit is 1 MiB, so it is refused without a download.
            let bigKey = UploadKey.objectKey(id: "big", fileName: "dog.jpg")
            try await resources.s3.putObject(bucket: resources.bucket, key: bigKey, body: dog)

            try await LocalInvokeHarness.with(table: resources.table, configure: { $0.maxObjectBytes = 1024 * 1024 }) { server in
                let event = S3Notification.event(
                    bucket: resources.bucket, keys: keys + [outside, bigKey], sizes: [nil, nil, nil, nil, dog.count, 3 * 1024 * 1024])
                let reply = try await server.invoke(event)
                #expect(reply.status == 200, "\(reply.body)")
                let summary = try JSONDecoder().decode(InvocationSummary.self, from: Data(reply.body.utf8))
                #expect(summary == InvocationSummary(
                    processed: 0, failed: 5, skipped: 1,
                    items: ["corrupt", "text", "huge", "gone", "big"].map { .init(id: $0, status: "failed", objects: 0) }))
            }
            let reasons = [
                "corrupt": "not a decodable image", "text": "not a decodable image", "huge": "over the limit",
                "gone": "NoSuchKey", "big": "over the limit of 1048576 bytes",
            ]
            for (id, reason) in reasons {
                let item = try #require(try await resources.item(id), "no item for \(id)")
                #expect(item["status"] == .s("failed"), "\(id)")
                #expect(item["error"]?.stringValue?.contains(reason) == true, "\(id): \(item["error"] as Any)")
                #expect(item["objects"] == .l([]), "\(id)")
                #expect(item["bucket"] == .s(resources.bucket))
                #expect(item["cold_start"] == .bool(true))
            }
            #expect(number(try await resources.item("huge")?["width"]) == 50_000)
            #expect(try await resources.item("gone")?["s3_get_ms"] == nil)
            #expect(try await resources.item("big")?["s3_get_ms"] == nil)
            #expect(try await resources.item("corrupt")?["s3_get_ms"] != nil)
            let all = try await resources.dynamoDB.scanAll(table: resources.table, consistentRead: true)
            #expect(all.count == 5, "only the five uploads under images/<id>/ have items")
        }
    }

    @Test("a redelivered event leaves one correct item")
    func redelivery() async throws {
        try await MiniStack.Resources.with("redeliver") { resources in
            let key = UploadKey.objectKey(id: "twice", fileName: "horses.jpg")
            try await resources.s3.putObject(bucket: resources.bucket, key: key, body: Array(try Fixtures.image("horses.jpg")))
            let event = S3Notification.event(bucket: resources.bucket, keys: [key])
            try await LocalInvokeHarness.with(table: resources.table) { server in
                let first = try await server.invoke(event, requestId: "delivery-1")
                #expect(first.status == 200, "\(first.body)")
                let firstItem = try await resources.item("twice")
                let second = try await server.invoke(event, requestId: "delivery-1")
                #expect(second.status == 200, "\(second.body)")
                #expect(second.body == first.body)
                let items = try await resources.dynamoDB.scanAll(table: resources.table, consistentRead: true)
                #expect(items.count == 1)
                expectItem(items.first, matches: try Self.goldenImage("horses.jpg"), id: "twice", bucket: resources.bucket, key: key)
                #expect(items.first?["objects"] == firstItem?["objects"])
                #expect(firstItem?["cold_start"] == .bool(true))
                #expect(items.first?["cold_start"] == .bool(false))
            }
        }
    }

    @Test("a PutItem that fails makes the invocation fail (500 with the AWS error), so Lambda retries the event")
    func storeFailure() async throws {
        try await MiniStack.Resources.with("nostore") { resources in
            let key = UploadKey.objectKey(id: "lost", fileName: "dog.jpg")
            try await resources.s3.putObject(bucket: resources.bucket, key: key, body: Array(try Fixtures.image("dog.jpg")))
            try await resources.dynamoDB.deleteTable(name: resources.table)
            try await LocalInvokeHarness.with(table: resources.table) { server in
                let reply = try await server.invoke(S3Notification.event(bucket: resources.bucket, keys: [key]))
                #expect(reply.status == 500)
                #expect(reply.json["errorType"] as? String == "DetectLambda.RecordsFailed")
                let message = reply.json["errorMessage"] as? String ?? ""
                #expect(message.contains("PutItem failed"), "\(message)")
                #expect(message.contains("ResourceNotFoundException"), "\(message)")
                #expect(message.contains(key), "\(message)")
                let secret = ProcessInfo.processInfo.environment["AWSKIT_TEST_MINISTACK_SECRET_ACCESS_KEY"] ?? "unset"
                #expect(!reply.body.contains(secret))
            }
        }
    }

    @Test("a GetObject that fails other than NoSuchKey fails the invocation; the event's other records are stored")
    func fetchFailure() async throws {
        try await MiniStack.Resources.with("nofetch") { resources in
            let key = UploadKey.objectKey(id: "kept", fileName: "eagle.jpg")
            try await resources.s3.putObject(bucket: resources.bucket, key: key, body: Array(try Fixtures.image("eagle.jpg")))
            let missingBucket = MiniStack.uniqueName("absent")
            let missingKey = UploadKey.objectKey(id: "unreadable", fileName: "dog.jpg")
            var event = try JSONSerialization.jsonObject(with: Data(S3Notification.event(bucket: resources.bucket, keys: [key]))) as! [String: Any]
            let other = try JSONSerialization.jsonObject(with: Data(S3Notification.event(bucket: missingBucket, keys: [missingKey]))) as! [String: Any]
            event["Records"] = (event["Records"] as! [Any]) + (other["Records"] as! [Any])
            try await LocalInvokeHarness.with(table: resources.table) { server in
                let reply = try await server.invoke(Array(try JSONSerialization.data(withJSONObject: event)))
                #expect(reply.status == 500)
                #expect(reply.json["errorType"] as? String == "DetectLambda.RecordsFailed")
                let message = reply.json["errorMessage"] as? String ?? ""
                #expect(message.contains("s3://\(missingBucket)/\(missingKey) (GetObject)"), "\(message)")
                #expect(message.contains("NoSuchBucket"), "\(message)")
                #expect(!message.contains(key), "the stored record is not reported as failed")
            }
            expectItem(try await resources.item("kept"), matches: try Self.goldenImage("eagle.jpg"), id: "kept", bucket: resources.bucket, key: key)
            #expect(try await resources.item("unreadable") == nil)
        }
    }

    @Test("detect-server lambda under a Runtime API stub processes a real upload into a MiniStack item")
    func runtimeProcessWithMiniStack() async throws {
        try await MiniStack.Resources.with("runtime") { resources in
            let key = UploadKey.objectKey(id: "via-runtime", fileName: "my dog.jpg")
            try await resources.s3.putObject(bucket: resources.bucket, key: key, body: Array(try Fixtures.image("dog.jpg")))
            try await RuntimeAPIStub.with { stub in
                var environment = DetectServerProcess.baseEnvironment().merging(try MiniStack.awsEnvironment()) { $1 }
                environment["AWS_LAMBDA_RUNTIME_API"] = stub.endpoint
                environment["DETECT_TABLE"] = resources.table
                let process = try DetectServerProcess(arguments: ["lambda"], environment: environment)
                defer { process.terminate() }
                await stub.enqueue(.init(requestId: "s3-event-1", payload: S3Notification.event(bucket: resources.bucket, keys: [key])))
                let posts = try await stub.posts(count: 1)
                process.terminate()
                _ = await process.waitForExit()
                let objects = try Self.goldenImage("dog.jpg").objects.count
                #expect(posts == [.response(
                    requestId: "s3-event-1",
                    body: #"{"failed":0,"items":[{"id":"via-runtime","objects":\#(objects),"status":"ok"}],"processed":1,"skipped":0}"#)],
                    "stderr: \(process.stderr)")
                let item = try await resources.item("via-runtime")
                expectItem(item, matches: try Self.goldenImage("dog.jpg"), id: "via-runtime", bucket: resources.bucket, key: key)
                #expect(item?["cold_start"] == .bool(true))
                let secret = try MiniStack.awsEnvironment()["AWS_SECRET_ACCESS_KEY"]!
                #expect(!process.stderr.contains(secret), "the log must not contain the secret key")
            }
        }
    }
}
