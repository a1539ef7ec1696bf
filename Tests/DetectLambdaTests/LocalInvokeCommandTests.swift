import AWSKitLite
import DetectLambda
import Foundation
import Testing
import TestSupport

/// `detect-server lambda --local-port 0` as a process: it prints the port it bound once the model is loaded, runs
/// the handler for each POSTed event (the body MiniStack's proxy mode sends), answers 400 for a body that is not an
/// event, and exits 0 on SIGTERM.
@Suite("detect-server lambda, local mode")
struct LocalInvokeCommandTests {
    static let readyPrefix = "detect-server lambda: listening on http://127.0.0.1:"

    static func port(from line: String) -> Int? {
        Int(line.dropFirst(readyPrefix.count).prefix { $0.isNumber })
    }

    @Test("--help explains both modes and the environment")
    func help() async throws {
        let process = try DetectServerProcess(arguments: ["lambda", "--help"], environment: DetectServerProcess.baseEnvironment())
        #expect(await process.waitForExit() == 0)
        // The help is wrapped to the terminal's width, so compare with runs of whitespace made single spaces.
        let help = process.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for fragment in [
            "AWS_LAMBDA_RUNTIME_API", "POST /invoke", "--local-port", "DETECT_TABLE", "YOLO_MODEL_DIR",
            "DETECT_CONFIDENCE", "DETECT_NMS", "AWS_ENDPOINT_URL", "images/<id>/<file name>", "SIGTERM",
        ] {
            #expect(help.contains(fragment), "--help lacks \(fragment)")
        }
    }

    @Test("without DETECT_TABLE it exits 1 with one line naming the variable")
    func missingTable() async throws {
        let process = try DetectServerProcess(
            arguments: ["lambda", "--local-port", "0"],
            environment: DetectServerProcess.baseEnvironment().merging(["AWS_REGION": "us-east-1"]) { $1 })
        #expect(await process.waitForExit() == 1)
        #expect(process.stderr.contains("detect-server: environment variable DETECT_TABLE is not set"))
        #expect(process.stdout.isEmpty)
    }

    @Test("an event over Lambda's 6 MB limit gets 413; SIGINT also exits 0")
    func tooLarge() async throws {
        let environment = DetectServerProcess.baseEnvironment().merging(["DETECT_TABLE": "t", "AWS_REGION": "us-east-1"]) { $1 }
        let process = try DetectServerProcess(arguments: ["lambda", "--local-port", "0"], environment: environment)
        defer { process.terminate() }
        let line = await process.waitForLine(startingWith: Self.readyPrefix)
        let port = try #require(line.flatMap(Self.port(from:)), "no ready line; stderr: \(process.stderr)")
        let reply = try await LocalInvokeHarness.invoke(port: port, [UInt8](repeating: UInt8(ascii: " "), count: 6 * 1024 * 1024 + 1))
        #expect(reply.status == 413)
        #expect(reply.json["errorType"] as? String == "Runtime.PayloadTooLarge")
        kill(process.processIdentifier, SIGINT)
        #expect(await process.waitForExit() == 0, "stderr: \(process.stderr)")
    }

    @Test("serves POST /invoke on the port it prints: 200 with the summary, 400 for a non-JSON body; SIGTERM exits 0")
    func serve() async throws {
        try await MiniStack.Resources.with("local") { resources in
            let key = UploadKey.objectKey(id: "local-1", fileName: "eagle.jpg")
            try await resources.s3.putObject(bucket: resources.bucket, key: key, body: Array(try Fixtures.image("eagle.jpg")))
            var environment = DetectServerProcess.baseEnvironment().merging(try MiniStack.awsEnvironment()) { $1 }
            environment["DETECT_TABLE"] = resources.table
            let process = try DetectServerProcess(arguments: ["lambda", "--local-port", "0"], environment: environment)
            defer { process.terminate() }
            let line = await process.waitForLine(startingWith: Self.readyPrefix)
            let port = try #require(line.flatMap(Self.port(from:)), "no ready line; stderr: \(process.stderr)")

            let bad = try await LocalInvokeHarness.invoke(port: port, Array("<xml>not an event</xml>".utf8))
            #expect(bad.status == 400)
            #expect(bad.json["errorType"] as? String == "DetectLambda.InvalidEvent")

            let reply = try await LocalInvokeHarness.invoke(
                port: port, S3Notification.event(bucket: resources.bucket, keys: [key]), requestId: "proxy-req-1")
            #expect(reply.status == 200, "\(reply.body)")
            let summary = try JSONDecoder().decode(InvocationSummary.self, from: Data(reply.body.utf8))
            #expect(summary.processed == 1)
            #expect(summary.items.first?.id == "local-1")
            let golden = try #require(try Fixtures.golden("golden_conf0.5_nms0.4.json").images.first { $0.file == "eagle.jpg" })
            expectItem(try await resources.item("local-1"), matches: golden, id: "local-1", bucket: resources.bucket, key: key)
            #expect(process.stderr.contains("proxy-req-1"), "the log names the proxy's request id")

            process.terminate()
            #expect(await process.waitForExit() == 0, "stderr: \(process.stderr)")
        }
    }
}
