import AWSKitLite
import DetectClientKit
import DetectLambda
import Foundation
import InfraKit
import Logging
import TestSupport
import Testing
import YoloCore

/// The whole cloud path on one machine: `detect-client aws` uploads to MiniStack's S3, MiniStack's Lambda proxy
/// mode POSTs each S3 notification to the real detection function (in this process, on a loopback port, as
/// `detect-server lambda --local-port` runs it), the function writes its item to DynamoDB, and the client collects
/// it. The pipeline is made by InfraKit's `infractl up` code with the function's `MINISTACK_LAMBDA_PROXY_URL`.
@Suite struct FullPipelineTests {
    @Test func everyFixtureImageThroughS3LambdaAndDynamoDB() async throws {
        let configuration = try MiniStack.configuration()
        let names = try await MiniStack.uniqueNames()
        let credentials = try await configuration.credentials()
        let environment = [
            PipelineNames.tableEnvironmentVariable: names.table, "AWS_REGION": names.region,
            "AWS_ENDPOINT_URL": try MiniStack.endpoint(), "AWS_ACCESS_KEY_ID": credentials.accessKeyId,
            "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey, "YOLO_MODEL_DIR": ModelFiles.defaultDirectory(),
        ]
        var logger = Logger(label: "detect-client-test-function")
        // Cancelling the function at the end makes Hummingbird log its interrupted shutdown as errors; only a
        // failure to start matters here, and that throws.
        logger.logLevel = .critical
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let function = Task {
            try await DetectionFunction.runLocally(port: 0, environment: environment, logger: logger) { port in
                portContinuation.yield(port)
            }
        }
        defer { function.cancel() }
        guard let port = await ports.first(where: { _ in true }) else {
            Issue.record("the detection function did not start")
            return
        }

        let image = try await Emulator.ministack.pushFunctionImage(repository: names.repository, accountId: names.accountId,
                                                                   region: names.region)
        try await PipelineProvisioner(clients: PipelineClients(configuration: configuration)).up(
            prefix: names.prefix,
            options: UpOptions(
                image: .uri(image),
                function: DetectFunctionSpec(extraEnvironment: ["MINISTACK_LAMBDA_PROXY_URL": "http://127.0.0.1:\(port)/invoke"])),
            report: { _ in })

        var images = try Fixtures.imageNames.map { ImageFile(name: $0, bytes: [UInt8](try Fixtures.image($0))) }
        images.append(ImageFile(name: "corrupt.jpg", bytes: [0xFF, 0xD8, 0xFF, 0xE0] + Array("not really a JPEG".utf8)))
        let runner = AWSRunner(
            options: AWSRunOptions(names: names, concurrency: 8, timeout: .seconds(120)),
            s3: try S3Client(configuration: configuration), dynamoDB: try DynamoDBClient(configuration: configuration))
        try await runner.checkPipeline()
        let (results, transfers) = await runner.run(images: images)
        function.cancel()
        await MiniStack.deleteBucketAndTable(names)

        let golden = try Fixtures.golden("golden_conf0.5_nms0.4.json")
        #expect(results.images.count == images.count)
        #expect(results.summary.missing == 0, "\(results.images.filter { $0.status == .missing }.map(\.file))")
        for image in golden.images {
            let result = try #require(results.images.first { $0.file == image.file })
            #expect(result.status == .ok, "\(image.file): \(result.error ?? "")")
            #expect(result.objects.map(\.label) == image.objects.map(\.label), "\(image.file)")
            #expect(result.objects.map(\.classId) == image.objects.map(\.class_id), "\(image.file)")
            #expect(result.objects.map(\.box) == image.objects.map(\.box), "\(image.file)")
            for (found, expected) in zip(result.objects, image.objects) {
                #expect(abs(found.accuracy - expected.accuracy) <= 1e-4, "\(image.file) \(expected.label)")
            }
            #expect(result.width == image.width && result.height == image.height)
            #expect(result.inferenceMilliseconds != nil && result.endToEndMilliseconds != nil && result.uploadMilliseconds != nil)
            #expect(result.coldStart != nil)
        }
        let corrupt = try #require(results.images.first { $0.file == "corrupt.jpg" })
        #expect(corrupt.status == .failed)
        #expect(corrupt.error?.hasPrefix("the function failed: ") == true, "\(corrupt.error ?? "")")
        #expect(results.summary.ok == golden.images.count && results.summary.failed == 1)
        #expect(results.summary.coldStarts == 1)
        #expect(transfers.summary.uploaded == images.count)
    }
}
