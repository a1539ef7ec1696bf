import AWSKitLite
import Foundation
import InfraKit
import TestSupport
import Testing

/// `up --build` on a machine where no Docker engine answers: the clear Docker error, and nothing created.
@Suite struct BuildWithoutDockerTests {
    @Test func buildWithoutAnEngineFailsClearlyAndCreatesNothing() async throws {
        let clients = try Emulator.ministack.clients()
        let prefix = Emulator.uniquePrefix()
        let recorder = StepRecorder()
        try await withPipelineCleanup(.ministack, prefix: prefix) {
            let options = UpOptions(image: .build(ImageBuild()), docker: DockerCLITests.dockerWithoutEngine())
            let error = await #expect(throws: DockerError.self) {
                try await PipelineProvisioner(clients: clients, polling: Emulator.polling)
                    .up(prefix: prefix, options: options, report: recorder.reporter)
            }
            guard case .engineUnavailable = error else {
                Issue.record("expected engineUnavailable, got \(String(describing: error))")
                return
            }
            #expect(ErrorSummary.line(for: error!).hasPrefix("error: docker: no Docker engine answered"))
            #expect(recorder.steps.isEmpty)
            let status = try await PipelineInspector(clients: clients).status(prefix: prefix)
            #expect(status.resources.allSatisfy { !$0.present })
        }
    }
}
