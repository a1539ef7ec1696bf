import AWSKitLite
import Foundation
import InfraKit
import TestSupport
import Testing

/// The whole serverless path on one machine: `up` against MiniStack (AUTH=true) with the function's invocations
/// proxied to the real `detect-server lambda --local-port` (AWS-PEERS.md, MINISTACK_LAMBDA_PROXY_URL); fixture
/// images uploaded under `images/<id>/` produce items whose objects match OpenCV's golden file; a corrupt upload
/// produces a `failed` item; `down` leaves nothing.
@Suite struct PipelineDetectionTests {
    /// The golden file for the function's default thresholds (confidence 0.5, NMS 0.4).
    struct Golden: Decodable {
        struct Object: Decodable { var label: String; var class_id: Int; var accuracy: Double; var box: [Int] }
        struct Image: Decodable { var file: String; var width: Int; var height: Int; var objects: [Object] }
        var confidence_threshold: Double
        var nms_threshold: Double
        var images: [Image]
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Polls GetItem until the item for `id` exists (S3 notifications are delivered asynchronously).
    func waitForItem(_ id: String, table: String, clients: PipelineClients) async throws -> DynamoDBItem? {
        for _ in 0..<600 {
            if let item = try await clients.dynamoDB.getItem(table: table, key: ["id": .s(id)], consistentRead: true) { return item }
            try await Task.sleep(for: .milliseconds(200))
        }
        return nil
    }

    func number(_ value: AttributeValue?) -> Double? {
        if case .n(let text) = value { return Double(text) }
        return nil
    }

    func string(_ value: AttributeValue?) -> String? {
        if case .s(let text) = value { return text }
        return nil
    }

    @Test func uploadsBecomeItemsMatchingTheGolden() async throws {
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("golden_conf0.5_nms0.4.json")))
        #expect(golden.confidence_threshold == 0.5 && golden.nms_threshold == 0.4)
        let clients = try Emulator.ministack.clients()
        let prefix = Emulator.uniquePrefix()
        let names = try await clients.names(prefix: prefix)
        let function = try await LocalDetectFunction(table: names.table, emulator: .ministack)
        defer { function.stop() }

        try await withPipelineCleanup(.ministack, prefix: prefix) {
            let spec = DetectFunctionSpec(extraEnvironment: ["MINISTACK_LAMBDA_PROXY_URL": function.invokeURL])
            let image = try await Emulator.ministack.pushFunctionImage(repository: names.repository, accountId: names.accountId)
            try await PipelineProvisioner(clients: clients, polling: Emulator.polling).up(
                prefix: prefix,
                options: UpOptions(image: .uri(image), function: spec),
                report: { _ in })
            let wired = try await PipelineInspector(clients: clients).status(prefix: prefix).triggerWired
            #expect(wired)

            // Every fixture image, plus one object that is not an image, uploaded as a client would.
            var uploads: [(id: String, image: Golden.Image?)] = []
            for (index, image) in golden.images.enumerated() {
                let id = "\(prefix)-\(index)"
                let body = try [UInt8](Data(contentsOf: Self.fixtures.appendingPathComponent("images").appendingPathComponent(image.file)))
                try await clients.s3.putObject(bucket: names.bucket, key: names.uploadKey(id: id, fileName: image.file), body: body)
                uploads.append((id, image))
            }
            let corruptId = "\(prefix)-corrupt"
            try await clients.s3.putObject(bucket: names.bucket, key: names.uploadKey(id: corruptId, fileName: "not an image.jpg"),
                                           body: Array("this is not a JPEG".utf8))
            uploads.append((corruptId, nil))

            for (id, expected) in uploads {
                let found = try await waitForItem(id, table: names.table, clients: clients)
                let item = try #require(found, "no item for \(id) after 120 s; the function said: \(function.logTail())")
                guard let expected else {
                    #expect(string(item["status"]) == "failed")
                    #expect(string(item["error"])?.isEmpty == false)
                    #expect(string(item["key"]) == names.uploadKey(id: corruptId, fileName: "not an image.jpg"))
                    continue
                }
                #expect(string(item["status"]) == "ok", "\(expected.file)")
                #expect(string(item["bucket"]) == names.bucket)
                #expect(string(item["key"]) == names.uploadKey(id: id, fileName: expected.file))
                #expect(number(item["width"]) == Double(expected.width) && number(item["height"]) == Double(expected.height), "\(expected.file)")
                guard case .l(let objects) = item["objects"] else {
                    Issue.record("\(expected.file): no objects list")
                    continue
                }
                #expect(objects.count == expected.objects.count, "\(expected.file)")
                for (object, reference) in zip(objects, expected.objects) {
                    guard case .m(let fields) = object, case .l(let box) = fields["box"] else {
                        Issue.record("\(expected.file): object is not a map with a box")
                        continue
                    }
                    #expect(string(fields["label"]) == reference.label, "\(expected.file)")
                    #expect(number(fields["class_id"]) == Double(reference.class_id), "\(expected.file)")
                    #expect(box.map { number($0) } == reference.box.map { Double($0) }, "\(expected.file) \(reference.label)")
                    #expect(abs((number(fields["accuracy"]) ?? -1) - reference.accuracy) <= 1e-4, "\(expected.file) \(reference.label)")
                }
            }
            let status = try await PipelineInspector(clients: clients).status(prefix: prefix)
            #expect(status.resource(.table)?.itemCount == uploads.count)
            #expect(status.resource(.bucket)?.objectCount == uploads.count)

            try await PipelineTeardown(clients: clients, polling: Emulator.polling).down(prefix: prefix) { _ in }
            #expect(try await !clients.s3.listBuckets().contains(names.bucket))
            #expect(try await !clients.dynamoDB.listTables().contains(names.table))
        }
    }
}
