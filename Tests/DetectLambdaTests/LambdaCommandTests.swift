import Foundation
import Testing
import TestSupport

/// `detect-server lambda` as a command: its help, and its refusal to run outside a Lambda runtime environment.
@Suite("detect-server lambda")
struct LambdaCommandTests {
    @Test("--help explains the runtime, the item and the environment")
    func help() async throws {
        let process = try DetectServerProcess(arguments: ["lambda", "--help"], environment: DetectServerProcess.baseEnvironment())
        #expect(await process.waitForExit() == 0)
        // The help is wrapped to the terminal's width, so compare with runs of whitespace made single spaces.
        let help = process.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for fragment in [
            "AWS_LAMBDA_RUNTIME_API", "local-lambda", "DETECT_TABLE", "YOLO_MODEL_DIR", "DETECT_CONFIDENCE", "DETECT_NMS",
            "AWS_ENDPOINT_URL", "images/<id>/<file name>", "request_id",
        ] {
            #expect(help.contains(fragment), "--help lacks \(fragment)")
        }
        #expect(!help.contains("--local-port"))
    }

    @Test("outside a Lambda runtime environment it exits 1 with one line saying how to run it")
    func outsideLambda() async throws {
        let environment = DetectServerProcess.baseEnvironment().merging(["DETECT_TABLE": "t", "AWS_REGION": "us-east-1"]) { $1 }
        let process = try DetectServerProcess(arguments: ["lambda"], environment: environment)
        #expect(await process.waitForExit() == 1)
        let lines = process.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(process.stderr)")
        #expect(process.stderr.hasPrefix("detect-server: AWS_LAMBDA_RUNTIME_API is not set"))
        #expect(process.stderr.contains("local-lambda"))
    }
}
