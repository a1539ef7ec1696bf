import AWSKitLite
import Foundation
import InfraKit
import LocalLambda
import Logging
import Testing
import TestSupport

/// The whole cloud path as a user runs it, with the AWS behaviour proxy between every tool and MiniStack: the real
/// `infractl` and `detect-client` binaries with `--endpoint-url` at the proxy, and local-lambda (in this process)
/// reading the function, assuming its role and writing its logs through the proxy, with the function itself
/// (`detect-server lambda` under AWS's Runtime Interface Emulator) sending its S3 and DynamoDB calls there too.
/// MiniStack's S3 trigger delivers uploads to local-lambda. Whatever a test leaves behind is deleted afterwards,
/// straight on MiniStack.
struct BehaviourPipeline: Sendable {
    let proxy: AWSBehaviourProxy
    let lambda: LocalLambda
    let names: PipelineNames
    /// The pushed stand-in image `up` is given.
    let image: String
    /// local-lambda's InvokeAsync URL, the function's `MINISTACK_LAMBDA_PROXY_URL`.
    let triggerURL: String
    /// Clients straight on MiniStack (the IAM user), to look at what the tools left, unaffected by the proxy.
    let direct: PipelineClients
    /// A folder with the images `detect-client aws` uploads.
    let images: URL
    /// Where `detect-client aws` writes its result files.
    let output: URL

    /// The fixture images every run uploads (three, to keep a run short), and their goldens.
    static let imageNames = ["dog.jpg", "eagle.jpg", "horses.jpg"]

    /// Runs `body` with a fresh proxy, local-lambda and prefix; `functionLauncher` goes before the function's command
    /// (e.g. `WallClockShift.launcher(seconds:)`).
    static func with(functionLauncher: [String] = [], _ body: (BehaviourPipeline) async throws -> Void) async throws {
        let proxy = try await AWSBehaviourProxy.start(upstream: try Emulator.ministack.endpoint())
        let credentials = try Emulator.ministack.credentials()
        let throughProxy = AWSConfiguration(region: "us-east-1", credentialProvider: StaticCredentialProvider(credentials),
                                            endpointOverride: proxy.endpoint, environment: [:])
        let direct = try PipelineClients(configuration: Emulator.ministack.configuration())
        let prefix = EmulatedPipeline.uniquePrefix()
        let names = try await direct.names(prefix: prefix)
        var logger = Logger(label: "local-lambda-behaviour-test")
        logger.logLevel = .warning
        let lambda = try LocalLambda(
            configuration: .init(
                functionName: names.function,
                command: functionLauncher + [try DetectServerProcess.executable().path, "lambda"],
                imageEnvironment: ["YOLO_MODEL_DIR": Fixtures.modelDirectory], emulator: try RuntimeInterfaceEmulator.locate(),
                maxEnvironments: 2, functionEndpointURL: proxy.endpoint,
                asyncRetryDelays: [.milliseconds(200), .milliseconds(400)], serviceCredentials: Emulator.ministackAccountRoot),
            aws: throughProxy, logger: logger)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var serverLogger = logger
        serverLogger.logLevel = .critical
        let server = Task {
            try await LocalLambdaServer.application(
                lambda: lambda, configuration: .init(port: 0, drain: .seconds(10)), logger: serverLogger
            ) { port in
                portContinuation.yield(port)
                portContinuation.finish()
            }.runService()
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("behaviour-\(prefix)")
        let images = scratch.appendingPathComponent("images")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        for name in imageNames {
            try Fixtures.image(name).write(to: images.appendingPathComponent(name))
        }
        func tearDown() async {
            server.cancel()
            _ = await server.result
            _ = try? await PipelineTeardown(clients: direct, polling: EmulatedPipeline.polling).down(prefix: prefix) { _ in }
            await proxy.shutdown()
            try? FileManager.default.removeItem(at: scratch)
        }
        do {
            guard let port = await ports.first(where: { _ in true }) else {
                throw ToolRun.NotBuilt(path: "local-lambda did not start: \(String(describing: await server.result))")
            }
            let image = try await Emulator.ministack.pushFunctionImage(repository: names.repository, accountId: names.accountId)
            let pipeline = BehaviourPipeline(
                proxy: proxy, lambda: lambda, names: names, image: image,
                triggerURL: "http://127.0.0.1:\(port)/2014-11-13/functions/\(names.function)/invoke-async/",
                direct: direct, images: images, output: scratch.appendingPathComponent("out"))
            try await body(pipeline)
        } catch {
            await tearDown()
            throw error
        }
        await tearDown()
    }

    // MARK: The tools

    /// The environment of a tool run: the IAM user's key, the region, the proxy as the endpoint, nothing else.
    func environment() throws -> [String: String] {
        let credentials = try Emulator.ministack.credentials()
        return [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": FileManager.default.temporaryDirectory.path,
            "AWS_ACCESS_KEY_ID": credentials.accessKeyId, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
            "AWS_REGION": names.region, "AWS_ENDPOINT_URL": proxy.endpoint,
        ]
    }

    func infractl(_ arguments: [String], launcher: [String] = []) async throws -> ToolRun {
        try await ToolRun.run("infractl", arguments + ["--prefix", names.prefix], environment: environment(), launcher: launcher)
    }

    /// `infractl up` with the pushed image and the trigger pointing at local-lambda.
    func up(_ extra: [String] = [], launcher: [String] = []) async throws -> ToolRun {
        try await infractl(["up", "--image-uri", image, "--env", "MINISTACK_LAMBDA_PROXY_URL=\(triggerURL)",
                            "--wait-timeout", "120"] + extra, launcher: launcher)
    }

    /// `detect-client aws` over the images (with `extra` options); returns the run and its result file's images.
    func detectClient(_ extra: [String] = [], launcher: [String] = []) async throws -> (run: ToolRun, images: [[String: Any]]) {
        let run = try await ToolRun.run(
            "detect-client",
            ["aws", "--input", images.path, "--prefix", names.prefix, "--output-dir", output.path, "--timeout", "60"] + extra,
            environment: environment(), launcher: launcher)
        let data = try? Data(contentsOf: output.appendingPathComponent("detections_aws.json"))
        let results = data.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        return (run, results?["images"] as? [[String: Any]] ?? [])
    }

    // MARK: Whole runs and their end result

    /// up, status, detect-client aws, down, each expected to succeed with the result it has without any behaviour:
    /// every image detected as the golden says, and nothing left afterwards.
    func runEverything(launcher: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let up = try await up(launcher: launcher)
        #expect(up.status == 0, "infractl up: \(up.transcript)", sourceLocation: sourceLocation)
        try await expectStatusComplete(launcher: launcher, sourceLocation: sourceLocation)
        try await expectImagesDetected(launcher: launcher, sourceLocation: sourceLocation)
        try await downAndExpectNothingLeft(launcher: launcher, sourceLocation: sourceLocation)
    }

    func expectStatusComplete(launcher: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let status = try await infractl(["status"], launcher: launcher)
        #expect(status.status == 0, "infractl status: \(status.transcript)", sourceLocation: sourceLocation)
    }

    func expectImagesDetected(
        _ extra: [String] = [], launcher: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let (run, images) = try await detectClient(extra, launcher: launcher)
        #expect(run.status == 0, "detect-client aws: \(run.transcript)", sourceLocation: sourceLocation)
        let golden = try Fixtures.golden("golden_conf0.5_nms0.4.json")
        #expect(images.count == Self.imageNames.count, sourceLocation: sourceLocation)
        for name in Self.imageNames {
            let result = images.first { $0["file"] as? String == name }
            let expected = golden.images.first { $0.file == name }
            #expect(result?["status"] as? String == "ok", "\(name): \(result?["error"] ?? "no result")", sourceLocation: sourceLocation)
            let labels = (result?["objects"] as? [[String: Any]])?.compactMap { $0["label"] as? String }
            #expect(labels == expected?.objects.map(\.label), "\(name)", sourceLocation: sourceLocation)
        }
    }

    /// `infractl down --yes`, then, straight on MiniStack: no bucket, table, function, role, repository or log group.
    func downAndExpectNothingLeft(launcher: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let down = try await infractl(["down", "--yes"], launcher: launcher)
        #expect(down.status == 0, "infractl down: \(down.transcript)", sourceLocation: sourceLocation)
        #expect(try await !direct.s3.bucketExists(names.bucket), "bucket left", sourceLocation: sourceLocation)
        #expect(try await !direct.dynamoDB.listTables().contains(names.table), "table left", sourceLocation: sourceLocation)
        let function = try? await direct.lambda.getFunction(name: names.function)
        #expect(function == nil, "function left", sourceLocation: sourceLocation)
        let role = try? await direct.iam.getRole(name: names.role)
        #expect(role == nil, "role left", sourceLocation: sourceLocation)
        let repositories = try? await direct.ecr.describeRepositories(names: [names.repository])
        #expect(repositories?.isEmpty ?? true, "repository left", sourceLocation: sourceLocation)
        let groups = try await direct.logs.describeLogGroups(namePrefix: names.logGroup)
        #expect(!groups.contains { $0.name == names.logGroup }, "log group left", sourceLocation: sourceLocation)
    }
}
