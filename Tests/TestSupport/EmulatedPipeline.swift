import AWSKitLite
import Foundation
import Hummingbird
import InfraKit
import LocalLambda
import Logging

/// The serverless pipeline on one machine, as `make run` runs it: `infractl up`'s code makes the bucket, table, role,
/// function, permission and notification on MiniStack (or on a proxy in front of it); the function runs under
/// local-lambda, i.e. the real `detect-server lambda` in Runtime API mode under AWS's Runtime Interface Emulator with
/// credentials of the role `up` made; MiniStack's S3 trigger delivers each upload's event to local-lambda's
/// InvokeAsync URL. `with` tears everything down afterwards, also when the body throws.
public struct EmulatedPipeline: Sendable {
    public let names: PipelineNames
    /// The operator's clients (the test IAM user) at `endpoint`.
    public let clients: PipelineClients
    public let lambda: LocalLambda
    /// Where the tools send their AWS requests: MiniStack, or a proxy in front of it.
    public let endpoint: String
    /// local-lambda's InvokeAsync URL, which the function's `MINISTACK_LAMBDA_PROXY_URL` names.
    public let triggerURL: String
    /// local-lambda's base URL (`/status`, Invoke).
    public let lambdaURL: String

    /// Polling fit for an emulator: a quarter of a second between looks, a minute at most.
    public static let polling = Polling(interval: .milliseconds(250), timeout: .seconds(60))

    /// A prefix unique to this run (`e` and 8 hex digits).
    public static func uniquePrefix() -> String {
        "e" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(8)
    }

    /// Runs `body` with a pipeline made by `up`, then stops local-lambda and runs `down`.
    /// - Parameters:
    ///   - endpoint: where the tools and the function send AWS requests (default: MiniStack).
    ///   - maxEnvironments: local-lambda's concurrency.
    ///   - retryDelays: waits before the retries of a failed asynchronous invocation (Lambda's are minutes).
    ///   - trigger: whether uploads invoke the function (false: the bucket's notification is removed after `up`, and
    ///     the function runs only on the events a test sends with `lambda.invoke`).
    ///   - function: the function's settings; `MINISTACK_LAMBDA_PROXY_URL` is added to its environment.
    public static func with<Result: Sendable>(
        prefix: String = uniquePrefix(), endpoint: String? = nil, maxEnvironments: Int = 2,
        retryDelays: [Duration] = [.milliseconds(200), .milliseconds(400)], trigger: Bool = true,
        function: DetectFunctionSpec = DetectFunctionSpec(),
        _ body: (EmulatedPipeline) async throws -> Result
    ) async throws -> Result {
        let endpoint = try endpoint ?? Emulator.ministack.endpoint()
        let configuration = AWSConfiguration(
            region: "us-east-1", credentialProvider: StaticCredentialProvider(try Emulator.ministack.credentials()),
            endpointOverride: endpoint, environment: [:])
        let clients = try PipelineClients(configuration: configuration)
        let names = try await clients.names(prefix: prefix)

        var logger = Logger(label: "local-lambda-test")
        logger.logLevel = .warning
        let lambda = try LocalLambda(
            configuration: .init(
                functionName: names.function, command: [try DetectServerProcess.executable().path, "lambda"],
                imageEnvironment: ["YOLO_MODEL_DIR": Fixtures.modelDirectory],
                emulator: try RuntimeInterfaceEmulator.locate(), maxEnvironments: maxEnvironments,
                functionEndpointURL: endpoint, asyncRetryDelays: retryDelays,
                serviceCredentials: Emulator.ministackAccountRoot),
            aws: configuration, logger: logger)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let server = Task {
            // Cancelling the server at the end makes Hummingbird log its interrupted shutdown as errors; only a
            // failure to start matters here, and that throws.
            var serverLogger = logger
            serverLogger.logLevel = .critical
            try await LocalLambdaServer.application(
                lambda: lambda, configuration: .init(port: 0, drain: .seconds(10)), logger: serverLogger
            ) { port in
                portContinuation.yield(port)
                portContinuation.finish()
            }.runService()
        }
        guard let port = await ports.first(where: { _ in true }) else {
            server.cancel()
            throw NotStarted(description: "local-lambda did not start: \(String(describing: await server.result))")
        }
        let lambdaURL = "http://127.0.0.1:\(port)"
        let triggerURL = "\(lambdaURL)/2014-11-13/functions/\(names.function)/invoke-async/"
        let pipeline = EmulatedPipeline(
            names: names, clients: clients, lambda: lambda, endpoint: endpoint, triggerURL: triggerURL, lambdaURL: lambdaURL)

        func tearDown() async {
            server.cancel()
            _ = await server.result
            _ = try? await PipelineTeardown(clients: clients, polling: polling).down(prefix: prefix) { _ in }
        }
        do {
            var spec = function
            spec.extraEnvironment["MINISTACK_LAMBDA_PROXY_URL"] = triggerURL
            // The image is never run (local-lambda runs its command here), but `up` checks it in ECR.
            let image = try await Emulator.ministack.pushFunctionImage(repository: names.repository, accountId: names.accountId)
            try await PipelineProvisioner(clients: clients, polling: polling).up(
                prefix: prefix, options: UpOptions(image: .uri(image), function: spec),
                report: { _ in })
            if !trigger { try await clients.s3.putBucketNotificationConfiguration(bucket: names.bucket, configuration: S3NotificationConfiguration()) }
            let result = try await body(pipeline)
            await tearDown()
            return result
        } catch {
            await tearDown()
            throw error
        }
    }

    struct NotStarted: Error, CustomStringConvertible {
        var description: String
    }

    /// The item for `id`, polled with consistent reads until it exists; nil when it has not appeared within `within`.
    public func waitForItem(_ id: String, within: Duration = .seconds(60)) async throws -> DynamoDBItem? {
        let deadline = ContinuousClock.now + within
        while ContinuousClock.now < deadline {
            if let item = try await clients.dynamoDB.getItem(table: names.table, key: ["id": .s(id)], consistentRead: true) {
                return item
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    /// Uploads `body` under `images/<id>/<fileName>`, as detect-client does.
    public func upload(id: String, fileName: String, body: [UInt8]) async throws {
        try await clients.s3.putObject(bucket: names.bucket, key: names.uploadKey(id: id, fileName: fileName), body: body)
    }
}
