import AWSKitLite
import Foundation
import InfraKit
import Synchronization
import TestSupport

/// What the InfraKit tests add to the shared emulators (TestSupport's `Emulator`).
extension Emulator {
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
func withPipelineCleanup(_ emulator: Emulator, prefix: String, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch {
        _ = try? await PipelineTeardown(clients: emulator.clients(), polling: Emulator.polling).down(prefix: prefix) { _ in }
        throw error
    }
    _ = try? await PipelineTeardown(clients: emulator.clients(), polling: Emulator.polling).down(prefix: prefix) { _ in }
}
