import DetectClientKit
import Foundation
import TestSupport
import Testing

/// `detect-client` as a user meets it: help with examples, one-line errors, exit status 1 when anything failed.
@Suite struct CommandLineTests {
    @Test(arguments: ["local", "aws", "report", "bench"])
    func everySubcommandHasHelpWithExamples(_ subcommand: String) async throws {
        let outcome = try await CommandLineTool.run([subcommand, "--help"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("Example"))
        #expect(outcome.standardOutput.contains("detect-client \(subcommand) "))
        #expect(outcome.standardOutput.contains("USAGE: detect-client \(subcommand)"))
    }

    @Test func aStoppedServerIsAOneLineErrorAndExitStatus1() async throws {
        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let port = refusing.port
        try await withTemporaryFolder { folder in
            let output = folder + "/out/detections_local.json"
            let outcome = try await CommandLineTool.run(
                ["local", "--input", Fixtures.imagesDirectory.path, "--endpoint", "http://127.0.0.1:\(port)", "--output", output])
            #expect(outcome.status == 1)
            let lastLine = outcome.standardError.split(separator: "\n").last.map(String.init) ?? ""
            #expect(lastLine.hasPrefix("detect-client local: \(Fixtures.imageNames.count) of \(Fixtures.imageNames.count) requests failed (first: "))
            #expect(lastLine.contains("connection refused by http://127.0.0.1:\(port)/api/object_detection (is the server running?) (after 5 attempts)"))
            #expect(!outcome.standardError.contains("Fatal error") && !outcome.standardError.contains("Stack dump"))
            // Every image is still in the results file, failed with its reason.
            let results = try ResultFile.read(LocalRunResults.self, from: output)
            #expect(results.images.count == Fixtures.imageNames.count)
            #expect(results.images.allSatisfy { $0.status == .failed && $0.attempts == 5 })
        }
    }

    @Test func badInputIsOneLine() async throws {
        let outcome = try await CommandLineTool.run(["local", "--input", "/nonexistent/folder"])
        #expect(outcome.status == 1)
        #expect(outcome.standardError == "detect-client local: /nonexistent/folder is not a folder\n")
        let report = try await CommandLineTool.run(["report", "/nonexistent/folder"])
        #expect(report.status == 1)
        #expect(report.standardError == "detect-client report: /nonexistent/folder/detections_local.json does not exist\n")
        let bench = try await CommandLineTool.run(["bench", "--input", "x", "--endpoint", "http://127.0.0.1:1", "--requests", "5", "--duration", "1"])
        #expect(bench.status != 0)
        #expect(bench.standardError.contains("give --requests or --duration, not both"))
    }

    @Test func localAgainstTheRealServerExitsZeroWithJSONSummary() async throws {
        try await withTemporaryFolder { folder in
            let output = folder + "/detections_local.json"
            let outcome = try await LiveDetectServer.with { url in
                try await CommandLineTool.run(["local", "--input", Fixtures.imagesDirectory.path, "--endpoint", url,
                                               "--output", output, "--json"])
            }
            #expect(outcome.status == 0, "\(outcome.standardError)")
            let summary = try JSONDecoder().decode(LocalRunSummary.self, from: Data(outcome.standardOutput.utf8))
            #expect(summary.ok == Fixtures.imageNames.count && summary.failed == 0)
            #expect(try ResultFile.read(LocalRunResults.self, from: output).allSucceeded)
        }
    }

    @Test func reportWritesMarkdownAndTheHTMLPage() async throws {
        try await withTemporaryFolder { folder in
            let page = folder + "/page.html"
            let outcome = try await CommandLineTool.run(["report", Fixtures.root.appendingPathComponent("report").path, "--html", page])
            #expect(outcome.status == 0, "\(outcome.standardError)")
            #expect(outcome.standardOutput.hasPrefix("# Local vs cloud: 3 images\n"))
            #expect(outcome.standardError == "HTML report: \(page)\n")
            #expect(FileManager.default.fileExists(atPath: page))
            let json = try await CommandLineTool.run(["report", Fixtures.root.appendingPathComponent("report").path, "--html", page, "--json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
            #expect(object["same_objects"] as? Int == 1)
            #expect((object["cloud"] as? [String: Any])?["latency_p95_ms"] as? Double == 590)
        }
    }
}
