import Foundation
import TestSupport
import Testing

/// `detect-client aws`'s transfer-limit options reach the HTTP client: against a server that takes a request and
/// never answers, `--low-speed-time 1` ends each attempt after a second with the low-speed error (the default
/// would wait 30 s per attempt).
@Suite struct TransferLimitOptionsTests {
    @Test func aServerThatNeverAnswersIsAbandonedAtTheGivenLowSpeedTime() async throws {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", Fixtures.root.deletingLastPathComponent().appendingPathComponent("scripts/fault_server.py").path,
                            "--mode", "hang"]
        let stdin = Pipe(), stdout = Pipe()
        server.standardInput = stdin
        server.standardOutput = stdout
        try server.run()
        defer {
            server.terminate()
            try? stdin.fileHandleForWriting.close()
            server.waitUntilExit()
        }
        var line: [UInt8] = []
        while let byte = stdout.fileHandleForReading.readData(ofLength: 1).first, byte != UInt8(ascii: "\n") { line.append(byte) }
        let port = try #require(Int(String(decoding: line, as: UTF8.self).dropFirst("PORT ".count)))

        let outcome = try await CommandLineTool.run(
            ["aws", "--input", Fixtures.imagesDirectory.path, "--upload-only", "--endpoint-url", "http://127.0.0.1:\(port)",
             "--region", "us-east-1", "--low-speed-limit", "100", "--low-speed-time", "1"],
            environment: ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret"])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.split(separator: "\n").count == 1)
        #expect(outcome.standardError.hasPrefix("detect-client aws: transferTooSlow for POST http://127.0.0.1:\(port)/"))
    }

    @Test func badLimitsAreRefusedBeforeAnyRequest() async throws {
        let outcome = try await CommandLineTool.run(["aws", "--input", Fixtures.imagesDirectory.path, "--low-speed-time", "0.5"])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("--low-speed-time must be a number of seconds >= 1"))
        let rate = try await CommandLineTool.run(["aws", "--input", Fixtures.imagesDirectory.path, "--slowest-upload-rate", "0"])
        #expect(rate.status != 0 && rate.standardError.contains("--slowest-upload-rate must be a number of bytes per second > 0"))
    }
}
