import AWSKitLite
import ArgumentParser
import CommandLineSupport
import Foundation
import InfraKit

/// The options every subcommand shares: which pipeline, where, and as whom.
struct PipelineOptions: ParsableArguments {
    @Option(help: "Prefix of every resource name (lower-case letters, digits, '-').")
    var prefix: String = PipelineNames.defaultPrefix

    @OptionGroup var connection: AWSConnectionOptions

    @Option(name: .customLong("role-arn"), help: "Run the function as this existing role instead of creating <prefix>-detect-role.")
    var roleArn: String?

    /// Region, credentials and endpoint for these options.
    func configuration() throws -> AWSConfiguration {
        try AWSConfiguration.resolve(region: connection.region, profile: connection.profile, endpointURL: connection.endpointURL,
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
        throw CommandFailure.report(line: ErrorSummary.line(for: error))
    }
}

/// Writes `text` to standard output at once (unbuffered, so steps appear as they happen).
func emit(_ text: String, terminator: String = "\n") {
    FileHandle.standardOutput.write(Data((text + terminator).utf8))
}

/// Prints a step as it happens.
let printStep: StepReporter = { step in emit(step.description) }
