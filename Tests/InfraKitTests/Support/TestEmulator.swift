import AWSKitLite
import Foundation
import InfraKit
import Synchronization

/// The two AWS emulators scripts/with-emulators.sh starts: MiniStack (AUTH=true: every request is signed with the
/// bootstrapped IAM user's key and verified) and moto (signatures not checked). Tests read their coordinates from
/// the environment and FAIL, never skip, when they are missing.
enum TestEmulator: String, Sendable, CustomStringConvertible {
    case ministack
    case moto

    struct NotConfigured: Error, CustomStringConvertible {
        var variable: String
        var description: String { "\(variable) is not set: run the tests under scripts/with-emulators.sh (make test)" }
    }

    var description: String { rawValue }

    private static func value(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { throw NotConfigured(variable: name) }
        return value
    }

    /// `http://127.0.0.1:<port>`.
    func endpoint() throws -> String {
        switch self {
        case .ministack: try Self.value("AWSKIT_TEST_MINISTACK_ENDPOINT")
        case .moto: try Self.value("AWSKIT_TEST_MOTO_ENDPOINT")
        }
    }

    func credentials() throws -> AWSCredentials {
        switch self {
        case .ministack:
            AWSCredentials(accessKeyId: try Self.value("AWSKIT_TEST_MINISTACK_ACCESS_KEY_ID"),
                           secretAccessKey: try Self.value("AWSKIT_TEST_MINISTACK_SECRET_ACCESS_KEY"))
        case .moto:
            AWSCredentials(accessKeyId: "AKIAMOTOTESTKEY00001", secretAccessKey: "moto-does-not-check")
        }
    }

    /// A configuration sending every service to this emulator, isolated from the process's own AWS_* variables.
    func configuration(region: String = "us-east-1") throws -> AWSConfiguration {
        AWSConfiguration(region: region, credentialProvider: StaticCredentialProvider(try credentials()),
                         endpointOverride: try endpoint(), environment: [:])
    }

    func clients() throws -> PipelineClients {
        try PipelineClients(configuration: configuration())
    }

    /// The environment that makes `infractl` (run as a subprocess) talk to this emulator as the test user.
    func cliEnvironment() throws -> [String: String] {
        let credentials = try credentials()
        return [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": FileManager.default.temporaryDirectory.path,
            "AWS_ACCESS_KEY_ID": credentials.accessKeyId,
            "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
            "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": try endpoint(),
        ]
    }

    /// A prefix unique to this run (`t` and 8 hex digits): every resource name the test makes derives from it.
    static func uniquePrefix() -> String {
        "t" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(8)
    }

    /// Quick polling for emulators (real sleeps, short interval).
    static let polling = Polling(interval: .milliseconds(250), timeout: .seconds(60))
}

/// Collects the steps `up`/`down` report.
final class StepRecorder: Sendable {
    private let recorded = Mutex<[StepReport]>([])

    var reporter: StepReporter { { step in self.recorded.withLock { $0.append(step) } } }
    var steps: [StepReport] { recorded.withLock { $0 } }
}

/// Runs `body` with the pipeline `prefix` on `emulator`, then deletes whatever it left, whether `body` passed or
/// threw (its error is rethrown after the clean-up).
func withPipelineCleanup(_ emulator: TestEmulator, prefix: String, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch {
        _ = try? await PipelineTeardown(clients: emulator.clients(), polling: TestEmulator.polling).down(prefix: prefix) { _ in }
        throw error
    }
    _ = try? await PipelineTeardown(clients: emulator.clients(), polling: TestEmulator.polling).down(prefix: prefix) { _ in }
}
