import AWSKitLite
import Foundation
import Logging

/// A stand-in for the Lambda service on one machine, for a function whose image cannot run here (no Docker): it
/// runs the image's command locally under AWS's Runtime Interface Emulator, and does what Lambda does around it.
///
/// - **Configuration from the control plane.** Before each invocation it reads the function (GetFunction): only an
///   `Active` function is invoked; environments are made from its variables, memory size, timeout and role, and are
///   retired once the function's revision changes (an update), as Lambda routes new invocations to new environments.
/// - **Execution environments.** Each runs one invocation at a time; an invocation takes an idle environment, or
///   starts one (a cold start) while fewer than `maxEnvironments` exist, or waits for one. Each environment runs with
///   temporary credentials of the function's role (STS AssumeRole, session named after the function), and is retired
///   before they expire.
/// - **Asynchronous invocations** (`enqueue`, as S3 invokes functions) are queued and answered at once; a function or
///   environment error is retried twice, after `asyncRetryDelays`, with the same request id; an event that still
///   fails is dropped and counted, as Lambda does without a dead-letter destination.
///   Spec: https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
/// - **Logs.** Each environment's output goes to its own stream of the function's log group in CloudWatch Logs
///   (platform lines `START`/`END`/`REPORT` included, the emulator's diagnostics left out), and to a local file.
public actor LocalLambda {
    public struct Configuration: Sendable {
        /// The function's name (or ARN).
        public var functionName: String
        /// The image's entry point, run locally: e.g. `[".build/release/detect-server", "lambda"]`.
        public var command: [String]
        /// The image's own environment (its Dockerfile's `ENV`), under the function's variables.
        public var imageEnvironment: [String: String]
        public var emulator: RuntimeInterfaceEmulator
        /// Environments at most: the function's concurrency here.
        public var maxEnvironments: Int
        /// Given to the function as `AWS_ENDPOINT_URL` (an emulator's endpoint); nil on AWS.
        public var functionEndpointURL: String?
        /// Waits before the two retries of a failed asynchronous invocation (Lambda: 1 and 2 minutes).
        public var asyncRetryDelays: [Duration]
        /// Where each environment's whole output (the emulator's diagnostics too) is written, one file each.
        public var logDirectory: String?
        /// The credentials the function's role is assumed with. Lambda assumes it as the service principal
        /// `lambda.amazonaws.com`, the only principal the role's trust policy names; an emulator that checks trust
        /// policies (MiniStack with AUTH=true) lets the account root's key stand in for the service. Nil: the
        /// operator's own credentials (which the trust policy must then allow).
        public var serviceCredentials: AWSCredentials?

        /// Throws `SettingRangeError` naming the option of a setting out of its range: see `checkRanges`.
        public init(
            functionName: String, command: [String], imageEnvironment: [String: String] = [:],
            emulator: RuntimeInterfaceEmulator, maxEnvironments: Int = 2, functionEndpointURL: String? = nil,
            asyncRetryDelays: [Duration] = [.seconds(60), .seconds(120)], logDirectory: String? = nil,
            serviceCredentials: AWSCredentials? = nil
        ) throws(SettingRangeError) {
            try Self.checkRanges(maxEnvironments: maxEnvironments, asyncRetryDelays: asyncRetryDelays)
            self.functionName = functionName
            self.command = command
            self.imageEnvironment = imageEnvironment
            self.emulator = emulator
            self.maxEnvironments = maxEnvironments
            self.functionEndpointURL = functionEndpointURL
            self.asyncRetryDelays = asyncRetryDelays
            self.logDirectory = logDirectory
            self.serviceCredentials = serviceCredentials
        }

        /// The ranges `init` enforces, for checking arguments before the emulator is located: `maxEnvironments`
        /// 1...64 (`--max-environments`), every retry delay 0 or more (`--retry-delays`).
        public static func checkRanges(maxEnvironments: Int, asyncRetryDelays: [Duration]) throws(SettingRangeError) {
            try SettingRangeError.check(maxEnvironments, in: 1...64, option: "--max-environments")
            guard asyncRetryDelays.allSatisfy({ $0 >= .zero }) else {
                throw SettingRangeError(option: "--retry-delays", requirement: "be seconds of 0 or more")
            }
        }
    }

    /// What is happening and what has happened, for progress and for tests that wait for a state.
    public struct Status: Sendable, Equatable, Codable {
        /// Environments running (idle or busy) and being started.
        public var environments = 0
        public var busyEnvironments = 0
        /// The most environments that were busy at once so far.
        public var peakBusyEnvironments = 0
        /// Environments started so far: each is one cold start.
        public var environmentsStarted = 0
        /// Asynchronous events waiting for an environment or for their retry.
        public var queued = 0
        /// Invocations running now.
        public var running = 0
        /// Invocations that ended, by outcome (an asynchronous event counts once per attempt).
        public var succeeded = 0
        public var failed = 0
        /// Asynchronous events retried, and dropped after their last attempt failed.
        public var retried = 0
        public var dropped = 0

        enum CodingKeys: String, CodingKey {
            case environments, busyEnvironments = "busy_environments", peakBusyEnvironments = "peak_busy_environments"
            case environmentsStarted = "environments_started"
            case queued, running, succeeded, failed, retried, dropped
        }
    }

    public let configuration: Configuration
    private let aws: AWSConfiguration
    private let lambda: LambdaClient
    private let sts: STSClient
    private let httpClient: HTTPClient
    private let logger: Logger

    private var idle: [ExecutionEnvironment] = []
    private var busy: [Int: ExecutionEnvironment] = [:]
    private var starting = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var shippers: [Int: LogShipper] = [:]
    private var nextEnvironment = 1
    private var queue: [QueuedEvent] = []
    private var queueWorkers = 0
    private var pendingRetries = 0
    private var stopping = false
    private var status = Status()

    private struct QueuedEvent {
        var requestId: String
        var payload: [UInt8]
        var attempt: Int
    }

    /// - Parameter aws: the operator's configuration: reads the function, assumes its role (with
    ///   `serviceCredentials` when given), and (with the role's credentials) writes its logs, all at this
    ///   configuration's region and endpoint.
    /// - Throws: `AWSConfigurationError.invalidEndpoint` for a malformed endpoint override.
    public init(configuration: Configuration, aws: AWSConfiguration, httpClient: HTTPClient = .shared, logger: Logger) throws {
        self.configuration = configuration
        self.aws = aws
        self.httpClient = httpClient
        self.logger = logger
        lambda = try LambdaClient(configuration: aws, httpClient: httpClient)
        var service = aws
        if let credentials = configuration.serviceCredentials {
            service.credentialProvider = StaticCredentialProvider(credentials)
        }
        sts = try STSClient(configuration: service, httpClient: httpClient)
    }

    // MARK: Invoking

    /// A synchronous invocation (`RequestResponse`): runs the event and returns how it ended.
    public func invoke(_ event: [UInt8]) async -> InvocationResult {
        let requestId = Self.newRequestId()
        guard !stopping else { return .failure(requestId: requestId, type: "ServiceException", message: "\(LocalLambdaError.shuttingDown)") }
        return await run(requestId: requestId, event: event)
    }

    /// An asynchronous invocation (`Event`): queues the event and returns its request id at once.
    /// - Throws: `LocalLambdaError.shuttingDown` once `shutdown` has begun.
    public func enqueue(_ event: [UInt8]) throws(LocalLambdaError) -> String {
        guard !stopping else { throw .shuttingDown }
        let requestId = Self.newRequestId()
        queue.append(QueuedEvent(requestId: requestId, payload: event, attempt: 1))
        startQueueWorkers()
        return requestId
    }

    public func currentStatus() -> Status {
        var status = status
        status.environments = idle.count + busy.count + starting
        status.busyEnvironments = busy.count
        status.queued = queue.count + pendingRetries
        return status
    }

    /// Stops taking invocations, lets the queued and running ones (and their retries) finish for up to `drain`,
    /// then stops every environment and ships what is left of their logs.
    public func shutdown(drain: Duration = .seconds(30)) async {
        stopping = true
        let deadline = ContinuousClock.now + drain
        while (!queue.isEmpty || pendingRetries > 0 || status.running > 0), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if !queue.isEmpty || pendingRetries > 0 || status.running > 0 {
            logger.warning("stopping with invocations unfinished", metadata: [
                "queued": "\(queue.count + pendingRetries)", "running": "\(status.running)",
            ])
        }
        let environments = idle + Array(busy.values)
        idle.removeAll()
        busy.removeAll()
        for environment in environments { await retire(environment) }
    }

    // MARK: Running one invocation

    private func run(requestId: String, event: [UInt8]) async -> InvocationResult {
        status.running += 1
        defer { status.running -= 1 }
        let result: InvocationResult
        do {
            let definition = try await currentDefinition()
            let environment = try await acquire(definition)
            result = await environment.invoke(requestId: requestId, event: event)
            await release(environment, healthy: environment.isRunning)
        } catch {
            result = .failure(requestId: requestId, type: error.errorType, message: error.description)
        }
        if result.succeeded { status.succeeded += 1 } else { status.failed += 1 }
        logger.info("invocation", metadata: [
            "request_id": "\(requestId)", "environment": "\(result.environment.map(String.init) ?? "-")",
            "outcome": "\(Self.describe(result.outcome))",
        ])
        return result
    }

    /// The function as Lambda describes it now; only an `Active` function may be invoked.
    private func currentDefinition() async throws(LocalLambdaError) -> FunctionDefinition {
        let function: LambdaFunction
        do {
            function = try await lambda.getFunction(name: configuration.functionName)
        } catch let error as AWSError where error.code == "ResourceNotFoundException" {
            throw .functionNotFound(function: configuration.functionName)
        } catch {
            throw .functionUnusable(function: configuration.functionName, reason: "GetFunction failed: \(error)")
        }
        let definition = try FunctionDefinition(function.configuration)
        guard definition.state == "Active" else {
            throw .functionNotActive(function: definition.name, state: definition.state)
        }
        return definition
    }

    // MARK: Environments

    /// An environment of `definition`'s revision, for this caller alone until `release`.
    private func acquire(_ definition: FunctionDefinition) async throws(LocalLambdaError) -> ExecutionEnvironment {
        while true {
            let stale = idle.filter { !isCurrent($0, definition) }
            idle.removeAll { !isCurrent($0, definition) }
            for environment in stale { await retire(environment) }
            if let environment = idle.popLast() {
                markBusy(environment)
                return environment
            }
            if idle.count + busy.count + starting < configuration.maxEnvironments {
                starting += 1
                let started: ExecutionEnvironment
                do {
                    started = try await startEnvironment(definition)
                } catch {
                    starting -= 1
                    wakeOneWaiter()
                    throw error
                }
                starting -= 1
                markBusy(started)
                return started
            }
            await withCheckedContinuation { waiters.append($0) }
        }
    }

    private func markBusy(_ environment: ExecutionEnvironment) {
        busy[environment.id] = environment
        status.peakBusyEnvironments = max(status.peakBusyEnvironments, busy.count)
    }

    /// Gives `environment` back: kept for the next invocation when it is healthy and current, else stopped.
    private func release(_ environment: ExecutionEnvironment, healthy: Bool) async {
        busy[environment.id] = nil
        let expiring = environment.credentialsExpire.map { $0 < Date().addingTimeInterval(300) } ?? false
        if healthy && !expiring && !stopping {
            idle.append(environment)
        } else {
            await retire(environment)
        }
        wakeOneWaiter()
    }

    private func wakeOneWaiter() {
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }

    private func isCurrent(_ environment: ExecutionEnvironment, _ definition: FunctionDefinition) -> Bool {
        environment.definition.revision == definition.revision && environment.isRunning
    }

    private func retire(_ environment: ExecutionEnvironment) async {
        await environment.terminate()
        await shippers.removeValue(forKey: environment.id)?.finish()
    }

    /// Assumes the function's role and starts an environment with its credentials.
    private func startEnvironment(_ definition: FunctionDefinition) async throws(LocalLambdaError) -> ExecutionEnvironment {
        let assumed: STSAssumedRole
        do {
            assumed = try await sts.assumeRole(roleArn: definition.role, sessionName: definition.name)
        } catch {
            throw .roleNotAssumable(role: definition.role, reason: "\(error)")
        }
        let id = nextEnvironment
        nextEnvironment += 1
        let stream = LogShipper.streamName()
        let shipper = try makeShipper(definition: definition, credentials: assumed.credentials, stream: stream)
        await shipper?.start()
        shippers[id] = shipper
        let localLog = configuration.logDirectory.flatMap { LocalLogFile(directory: $0, name: "\(definition.name)-environment-\(id).log") }
        let environment = definition.runtimeEnvironment(
            imageEnvironment: configuration.imageEnvironment, credentials: assumed.credentials, region: aws.region,
            logStream: stream, endpointURL: configuration.functionEndpointURL)
        do {
            let started = try await ExecutionEnvironment.start(
                id: id, definition: definition, credentialsExpire: assumed.credentials.expiration, logStream: stream,
                emulator: configuration.emulator, command: configuration.command, environment: environment,
                httpClient: httpClient
            ) { line in
                localLog?.write(line)
                if !RuntimeInterfaceEmulator.isDiagnostic(line) { shipper?.add(line) }
            }
            status.environmentsStarted += 1
            logger.notice("environment started", metadata: [
                "environment": "\(id)", "revision": "\(definition.revision)", "log_stream": "\(stream)",
            ])
            return started
        } catch {
            await shippers.removeValue(forKey: id)?.finish()
            throw error
        }
    }

    /// A shipper writing with the role's credentials, or nil (with a warning) when no Logs client can be made.
    private func makeShipper(definition: FunctionDefinition, credentials: AWSCredentials, stream: String) throws(LocalLambdaError) -> LogShipper? {
        var roleConfiguration = aws
        roleConfiguration.credentialProvider = StaticCredentialProvider(credentials)
        do {
            let client = try CloudWatchLogsClient(configuration: roleConfiguration, httpClient: httpClient)
            return LogShipper(client: client, group: definition.logGroup, stream: stream, logger: logger)
        } catch {
            logger.warning("no CloudWatch Logs client; the function's log stays local", metadata: ["error": "\(error)"])
            return nil
        }
    }

    // MARK: The asynchronous queue

    /// Runs queued events on up to `maxEnvironments` workers.
    private func startQueueWorkers() {
        while queueWorkers < min(configuration.maxEnvironments, queue.count) {
            queueWorkers += 1
            Task { await self.drainQueue() }
        }
    }

    private func drainQueue() async {
        while !queue.isEmpty {
            let event = queue.removeFirst()
            let result = await run(requestId: event.requestId, event: event.payload)
            if !result.succeeded { scheduleRetry(event, after: result) }
        }
        queueWorkers -= 1
    }

    private func scheduleRetry(_ event: QueuedEvent, after result: InvocationResult) {
        guard event.attempt <= configuration.asyncRetryDelays.count else {
            status.dropped += 1
            logger.error("event dropped after its last attempt", metadata: [
                "request_id": "\(event.requestId)", "attempts": "\(event.attempt)",
                "outcome": "\(Self.describe(result.outcome))",
            ])
            return
        }
        status.retried += 1
        pendingRetries += 1
        let delay = configuration.asyncRetryDelays[event.attempt - 1]
        Task {
            try? await Task.sleep(for: delay)
            self.requeue(QueuedEvent(requestId: event.requestId, payload: event.payload, attempt: event.attempt + 1))
        }
    }

    private func requeue(_ event: QueuedEvent) {
        pendingRetries -= 1
        queue.append(event)
        startQueueWorkers()
    }

    // MARK: Helpers

    static func newRequestId() -> String {
        UUID().uuidString.lowercased()
    }

    static func describe(_ outcome: InvocationResult.Outcome) -> String {
        switch outcome {
        case .succeeded: "succeeded"
        case .functionError(let type, let message): "function error \(type): \(message)"
        case .environmentFailed(let type, let message): "environment failed \(type): \(message)"
        }
    }
}

/// A file that receives one environment's whole output, line by line.
final class LocalLogFile: @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()

    init?(directory: String, name: String) {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            return nil
        }
        self.handle = handle
    }

    func write(_ line: String) {
        lock.withLock { handle.write(Data((line + "\n").utf8)) }
    }
}
