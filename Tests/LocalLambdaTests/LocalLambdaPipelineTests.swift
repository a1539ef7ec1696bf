import AWSKitLite
import Foundation
import InfraKit
import LocalLambda
import Testing
import TestSupport

/// The function as it runs on Lambda: `detect-server lambda` in Runtime API mode under AWS's Runtime Interface
/// Emulator, started by local-lambda with credentials of the role `infractl up` made, invoked by MiniStack's S3 trigger
/// (AUTH=true, so the role's least-privilege policy is enforced on every call the function makes).
@Suite("The function under AWS's runtime emulator", .serialized)
struct LocalLambdaPipelineTests {
    static let golden = try! Fixtures.golden("golden_conf0.5_nms0.4.json")

    @Test("every fixture uploaded becomes an item matching the golden, with its REPORT line in the function's log group")
    func uploadsBecomeItems() async throws {
        try await EmulatedPipeline.with(maxEnvironments: 2) { pipeline in
            var ids: [String: Golden.Image] = [:]
            let names = pipeline.names
            for (index, image) in Self.golden.images.enumerated() {
                let id = "\(pipeline.names.prefix)-\(index)"
                ids[id] = image
                try await pipeline.upload(id: id, fileName: image.file, body: Array(try Fixtures.image(image.file)))
            }
            var requestIds: Set<String> = []
            for (id, image) in ids {
                let item = try #require(try await pipeline.waitForItem(id), "no item for \(image.file)")
                expectItem(item, matches: image, id: id, bucket: names.bucket, key: names.uploadKey(id: id, fileName: image.file))
                requestIds.insert(try #require(item["request_id"]?.stringValue))
            }
            // The function writes an item before its invocation returns: the last invocation may still be
            // finishing when its item is read, so wait (bounded) until every invocation has ended.
            var status = await pipeline.lambda.currentStatus()
            for _ in 0..<200 where status.succeeded + status.failed + status.dropped < ids.count {
                try await Task.sleep(for: .milliseconds(50))
                status = await pipeline.lambda.currentStatus()
            }
            #expect(status.succeeded == ids.count)
            #expect(status.failed == 0 && status.dropped == 0)
            #expect(status.peakBusyEnvironments == 2, "13 events arriving together must run on both environments")
            #expect(status.environmentsStarted == 2)

            // Each invocation's REPORT line reaches the function's log group, with the request id its item carries.
            let logs = try CloudWatchLogsClient(configuration: pipeline.clients.configuration)
            var reported: Set<String> = []
            for _ in 0..<100 where !requestIds.isSubset(of: reported) {
                let events = try await logs.filterLogEvents(logGroup: pipeline.names.logGroup, filterPattern: "REPORT")
                reported = Set(events.compactMap { LambdaReportLine($0.message)?.requestId })
                if !requestIds.isSubset(of: reported) { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(requestIds.isSubset(of: reported), "REPORT lines missing for \(requestIds.subtracting(reported))")
        }
    }

    @Test("an event the function keeps failing is retried twice with the same request id, then dropped")
    func retriedThenDropped() async throws {
        try await EmulatedPipeline.with(maxEnvironments: 1, retryDelays: [.milliseconds(50), .milliseconds(50)]) { pipeline in
            // A record in a bucket that does not exist: GetObject fails with NoSuchBucket, which the function treats
            // as retryable, so the invocation fails every time.
            let event = S3Notification.event(bucket: "no-such-bucket-\(pipeline.names.prefix)", keys: ["images/x/dog.jpg"])
            let requestId = try await pipeline.lambda.enqueue(event)
            var status = await pipeline.lambda.currentStatus()
            for _ in 0..<300 where status.dropped == 0 {
                try await Task.sleep(for: .milliseconds(50))
                status = await pipeline.lambda.currentStatus()
            }
            #expect(status.dropped == 1)
            #expect(status.retried == 2)
            #expect(status.failed == 3)
            #expect(status.succeeded == 0)
            // The log shipper delivers the last attempt's lines a moment after the attempt ends: read until they are in.
            let logs = try CloudWatchLogsClient(configuration: pipeline.clients.configuration)
            var reports: [String] = []
            for _ in 0..<100 where reports.count < 3 {
                reports = try await logs.filterLogEvents(logGroup: pipeline.names.logGroup, filterPattern: "REPORT")
                    .compactMap { LambdaReportLine($0.message)?.requestId }.filter { $0 == requestId }
                if reports.count < 3 { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(reports.count == 3, "three attempts, one REPORT each, all with request id \(requestId)")
        }
    }

    @Test("after an update, invocations run in a new environment made from the new configuration")
    func updateRetiresEnvironments() async throws {
        try await EmulatedPipeline.with(maxEnvironments: 1) { pipeline in
            let dog = Array(try Fixtures.image("dog.jpg"))
            try await pipeline.upload(id: "before", fileName: "dog.jpg", body: dog)
            _ = try #require(try await pipeline.waitForItem("before"))
            #expect(await pipeline.lambda.currentStatus().environmentsStarted == 1)

            var spec = DetectFunctionSpec(memoryMB: 2048)
            spec.extraEnvironment["MINISTACK_LAMBDA_PROXY_URL"] = pipeline.triggerURL
            try await PipelineProvisioner(clients: pipeline.clients, polling: EmulatedPipeline.polling).up(
                prefix: pipeline.names.prefix, options: UpOptions(function: spec), report: { _ in })
            try await pipeline.upload(id: "after", fileName: "dog.jpg", body: dog)
            let item = try #require(try await pipeline.waitForItem("after"))
            #expect(item["cold_start"] == .bool(true), "the first event of a new environment is a cold start")
            #expect(await pipeline.lambda.currentStatus().environmentsStarted == 2)
        }
    }

    @Test("the function's credentials are its role's: only images/ may be read and only the pipeline's table written")
    func leastPrivilege() async throws {
        try await EmulatedPipeline.with { pipeline in
            let role = try #require(try await pipeline.clients.lambda.getFunction(name: pipeline.names.function).configuration.role)
            // Assumed as local-lambda assumes it for the function (the account root standing in for Lambda).
            var configuration = pipeline.clients.configuration
            configuration.credentialProvider = StaticCredentialProvider(Emulator.ministackAccountRoot)
            let assumed = try await STSClient(configuration: configuration).assumeRole(roleArn: role, sessionName: pipeline.names.function)
            configuration.credentialProvider = StaticCredentialProvider(assumed.credentials)
            let s3 = try S3Client(configuration: configuration, retryPolicy: .never)
            let dynamoDB = try DynamoDBClient(configuration: configuration, retryPolicy: .never)

            let dog = Array(try Fixtures.image("dog.jpg"))
            try await pipeline.upload(id: "readable", fileName: "dog.jpg", body: dog)
            try await pipeline.clients.s3.putObject(bucket: pipeline.names.bucket, key: "private/dog.jpg", body: dog)
            let otherTable = "\(pipeline.names.prefix)-other"
            _ = try await pipeline.clients.dynamoDB.createTable(
                name: otherTable, key: [DynamoDBKeyAttribute(name: "id", type: .string, role: .partition)])
            defer { Task { _ = try? await pipeline.clients.dynamoDB.deleteTable(name: otherTable) } }

            let readable = try await s3.getObject(bucket: pipeline.names.bucket, key: pipeline.names.uploadKey(id: "readable", fileName: "dog.jpg"))
            #expect(readable.body == dog)
            await #expect(throws: AWSError.self) { _ = try await s3.getObject(bucket: pipeline.names.bucket, key: "private/dog.jpg") }
            await #expect(throws: AWSError.self) {
                try await s3.putObject(bucket: pipeline.names.bucket, key: pipeline.names.uploadKey(id: "x", fileName: "x.jpg"), body: dog)
            }
            try await dynamoDB.putItem(table: pipeline.names.table, item: ["id": .s("written-by-role")])
            await #expect(throws: AWSError.self) { try await dynamoDB.putItem(table: otherTable, item: ["id": .s("x")]) }
            do {
                _ = try await s3.getObject(bucket: pipeline.names.bucket, key: "private/dog.jpg")
            } catch let error as AWSError {
                #expect(error.statusCode == 403 && error.code == "AccessDenied", "\(error)")
            }
            do {
                try await dynamoDB.putItem(table: otherTable, item: ["id": .s("x")])
            } catch let error as AWSError {
                #expect(error.code == "AccessDeniedException", "\(error)")
            }

            // And the pipeline, whose function runs with exactly these permissions, still works.
            let item = try #require(try await pipeline.waitForItem("readable"))
            #expect(item["status"] == .s("ok"))
        }
    }
}
