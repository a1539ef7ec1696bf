import AWSKitLite
import ArgumentParser
import CommandLineSupport
import Foundation
import Hummingbird
import LocalLambda
import Logging

/// `local-lambda`: the Lambda service for one function on this machine, its image's command run under AWS's Runtime
/// Interface Emulator.
@main
struct LocalLambdaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "local-lambda",
        abstract: "Run a Lambda function's image command on this machine as Lambda would, under AWS's Runtime Interface Emulator.",
        discussion: """
            For a function whose container image cannot run here (no Docker engine), local-lambda stands in for the \
            Lambda service: it reads the function's configuration from the Lambda API (GetFunction), starts \
            execution environments on demand, each the emulator running COMMAND with the function's variables, \
            memory size and timeout and with temporary credentials of the function's role (STS AssumeRole), runs one \
            invocation at a time in each, queues asynchronous invocations and retries a failed one twice, and ships \
            each environment's log (START/END/REPORT lines included) to the function's CloudWatch Logs group.

            It serves Lambda's Invoke APIs on --host:--port:
              POST /2015-03-31/functions/<name>/invocations      Invoke (X-Amz-Invocation-Type RequestResponse or Event)
              POST /2014-11-13/functions/<name>/invoke-async/    InvokeAsync (202 at once): the URL for an S3 trigger
              GET  /status                                        environments, queue and outcomes as JSON
            Once it listens it prints "local-lambda: listening on http://HOST:PORT" and the InvokeAsync URL. \
            SIGTERM or SIGINT let queued and running invocations finish (--drain-timeout), then stop every environment.

            Lambda assumes a function's role as the service principal lambda.amazonaws.com, the only principal the \
            role's trust policy names. An emulator that checks trust policies (MiniStack with AUTH=true) lets the \
            account root's key stand in for the service: give it in LOCAL_LAMBDA_SERVICE_ACCESS_KEY_ID and \
            LOCAL_LAMBDA_SERVICE_SECRET_ACCESS_KEY. Without them the role is assumed with local-lambda's own credentials.

            Examples:
              local-lambda --function yolo-offload-detect --endpoint-url http://127.0.0.1:4566 \\
                --env YOLO_MODEL_DIR=$HOME/.cache/yolo-offload/yolov3-tiny -- .build/release/detect-server lambda
              curl -d @event.json http://127.0.0.1:PORT/2015-03-31/functions/yolo-offload-detect/invocations
            """)

    @Option(help: "The function's name: its configuration and role are read from Lambda.")
    var function: String

    @Option(name: .customLong("max-environments"), help: "Execution environments at most (the function's concurrency here).")
    var maxEnvironments: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("env"), help: ArgumentHelp("The image's own environment (its Dockerfile's ENV), under the function's variables.", valueName: "KEY=VALUE"))
    var imageEnvironment: [String] = []

    @Option(help: "The Runtime Interface Emulator executable (default: AWS_LAMBDA_RIE, else the one scripts/install-lambda-emulator.sh installs).")
    var emulator: String?

    @Option(name: .customLong("function-endpoint-url"), help: "Given to the function as AWS_ENDPOINT_URL (default: --endpoint-url, else AWS_ENDPOINT_URL).")
    var functionEndpointURL: String?

    @Option(name: .customLong("retry-delays"), help: ArgumentHelp("Seconds before the two retries of a failed asynchronous invocation (Lambda's: 60,120).", valueName: "S,S"))
    var retryDelays: String = "60,120"

    @Option(name: .customLong("drain-timeout"), help: "Seconds queued and running invocations get to finish on SIGTERM.")
    var drainTimeout: Int = 30

    @Option(name: .customLong("log-dir"), help: "Also write each environment's whole output to DIR/<function>-environment-<n>.log.")
    var logDirectory: String?

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one.")
    var port: Int = 9000

    @OptionGroup var connection: AWSConnectionOptions

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .notice

    @Argument(parsing: .postTerminator, help: "The image's command, after --: e.g. -- .build/release/detect-server lambda")
    var command: [String] = []

    func validate() throws {
        guard !command.isEmpty else { throw ValidationError("give the image's command after --, e.g. -- .build/release/detect-server lambda") }
        let retryDelays = try parsedRetryDelays()
        do { try LocalLambda.Configuration.checkRanges(maxEnvironments: maxEnvironments, asyncRetryDelays: retryDelays) } catch {
            throw ValidationError(error.description)
        }
        _ = try serverConfiguration()
        _ = try parsedImageEnvironment()
    }

    func run() async throws {
        var logger = Logger(label: "local-lambda")
        logger.logLevel = logLevel
        let aws: AWSConfiguration
        let lambda: LocalLambda
        do {
            aws = try AWSConfiguration.resolve(
                region: connection.region, profile: connection.profile, endpointURL: connection.endpointURL, logger: logger)
            let configuration = try LocalLambda.Configuration(
                functionName: function, command: command, imageEnvironment: try parsedImageEnvironment(),
                emulator: try RuntimeInterfaceEmulator.locate(explicit: emulator), maxEnvironments: maxEnvironments,
                functionEndpointURL: functionEndpointURL ?? aws.endpointOverride ?? aws.environment["AWS_ENDPOINT_URL"], asyncRetryDelays: try parsedRetryDelays(),
                logDirectory: logDirectory, serviceCredentials: try serviceCredentials())
            lambda = try LocalLambda(configuration: configuration, aws: aws, logger: logger)
        } catch {
            throw CommandFailure.report("local-lambda", error)
        }
        let host = host, function = function
        let app = LocalLambdaServer.application(lambda: lambda, configuration: try serverConfiguration(), logger: logger) { port in
            FileHandle.standardOutput.write(Data("""
                local-lambda: listening on http://\(host):\(port)
                local-lambda: InvokeAsync URL for an S3 trigger: http://\(host):\(port)/2014-11-13/functions/\(function)/invoke-async/

                """.utf8))
        }
        try await app.runService()
    }

    /// Where to listen and how long to drain; a setting out of its range is a usage error naming the option.
    private func serverConfiguration() throws -> LocalLambdaServer.Configuration {
        do { return try LocalLambdaServer.Configuration(host: host, port: port, drain: .seconds(drainTimeout)) } catch {
            throw ValidationError(error.description)
        }
    }

    /// The key the role is assumed with, from `LOCAL_LAMBDA_SERVICE_ACCESS_KEY_ID` / `_SECRET_ACCESS_KEY`.
    private func serviceCredentials() throws -> AWSCredentials? {
        let environment = ProcessInfo.processInfo.environment
        let id = environment["LOCAL_LAMBDA_SERVICE_ACCESS_KEY_ID"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = environment["LOCAL_LAMBDA_SERVICE_SECRET_ACCESS_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        switch (id, secret) {
        case (nil, nil): return nil
        case (let id?, let secret?): return AWSCredentials(accessKeyId: id, secretAccessKey: secret)
        default:
            throw ValidationError("set both LOCAL_LAMBDA_SERVICE_ACCESS_KEY_ID and LOCAL_LAMBDA_SERVICE_SECRET_ACCESS_KEY, or neither")
        }
    }

    private func parsedRetryDelays() throws -> [Duration] {
        let parts = retryDelays.split(separator: ",", omittingEmptySubsequences: false)
        let seconds = parts.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard seconds.count == parts.count else {
            throw ValidationError("--retry-delays must be seconds separated by commas, e.g. 60,120")
        }
        do {
            for delay in seconds { try SettingRangeError.checkSeconds(delay, atLeast: 0, option: "--retry-delays") }
        } catch {
            throw ValidationError(error.description)
        }
        return seconds.map { .milliseconds(Int64($0 * 1000)) }
    }

    private func parsedImageEnvironment() throws -> [String: String] {
        var environment: [String: String] = [:]
        for entry in imageEnvironment {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw ValidationError("--env '\(entry)': expected KEY=VALUE")
            }
            environment[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        return environment
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
