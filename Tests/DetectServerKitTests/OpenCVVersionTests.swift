import Foundation
import Testing
import TestSupport
import YoloCore

/// Which OpenCV a binary runs is visible from outside: `detect-server --version` and `/health` name it.
@Suite("OpenCV version")
struct OpenCVVersionTests {
    @Test("detect-server --version names the OpenCV library it loads")
    func versionFlag() async throws {
        let process = try DetectServerProcess(arguments: ["--version"], environment: DetectServerProcess.baseEnvironment())
        let line = await process.waitForLine(startingWith: "detect-server")
        #expect(await process.waitForExit() == 0)
        #expect(line == "detect-server on OpenCV \(YoloDetector.openCVVersion)")
    }

    @Test("/health names the OpenCV library the server runs on")
    func health() async throws {
        try await LiveServer.with { server in
            let health = try await server.get("health")
            #expect(health.status == 200)
            #expect(health.body.contains("\"opencv\":\"\(YoloDetector.openCVVersion)\""))
        }
    }
}
