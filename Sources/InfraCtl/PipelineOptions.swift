import AWSKitLite
import ArgumentParser
import Foundation
import InfraKit

/// The options every subcommand shares: which pipeline, where, and as whom.
struct PipelineOptions: ParsableArguments {
    @Option(help: "Prefix of every resource name (lower-case letters, digits, '-').")
    var prefix: String = PipelineNames.defaultPrefix

    @Option(help: "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region).")
    var region: String?

    @Option(name: .customLong("endpoint-url"), help: "Send every request to this endpoint (an emulator such as MiniStack or moto).")
    var endpointURL: String?

    @Option(help: "Named profile from ~/.aws/config and ~/.aws/credentials.")
    var profile: String?

    @Option(name: .customLong("role-arn"), help: "Run the function as this existing role instead of creating <prefix>-detect-role.")
    var roleArn: String?

    /// Region, credentials and endpoint for these options.
    func configuration() throws -> AWSConfiguration {
        try AWSConfiguration.resolve(region: region, profile: profile, endpointURL: endpointURL,
                                     logger: AWSConfiguration.standardErrorLogger(label: "infractl"))
    }

    /// The service clients for these options.
    func clients() throws -> PipelineClients {
        try PipelineClients(configuration: configuration())
    }
}

/// Runs `body`; an error becomes one line on standard error and exit status 1.
func runReportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data((ErrorSummary.line(for: error) + "\n").utf8))
        throw ExitCode.failure
    }
}

/// Writes `text` to standard output at once (unbuffered, so steps appear as they happen).
func emit(_ text: String, terminator: String = "\n") {
    FileHandle.standardOutput.write(Data((text + terminator).utf8))
}

/// Prints a step as it happens.
let printStep: StepReporter = { step in emit(step.description) }
