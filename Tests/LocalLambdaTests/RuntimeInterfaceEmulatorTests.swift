import AWSKitLite
import Foundation
import Testing
@testable import LocalLambda

/// How the emulator's answers and output lines are read. The answers are the ones AWS's Runtime Interface Emulator
/// 1.170.0 gives (observed): 200 with the runtime's response, 200 with the error object a runtime posted to
/// `/invocation/<id>/error`, and 502 with `Runtime.ExitError` when the runtime exited during an invocation.
@Suite("Runtime Interface Emulator")
struct RuntimeInterfaceEmulatorTests {
    @Test("a 200 with the runtime's response is a success, whatever JSON it holds")
    func success() {
        let body = Array(#"{"failed":0,"items":[],"processed":0,"skipped":0}"#.utf8)
        #expect(RuntimeInterfaceEmulator.result(status: 200, body: body) == .succeeded)
        #expect(RuntimeInterfaceEmulator.result(status: 200, body: Array("null".utf8)) == .succeeded)
        #expect(RuntimeInterfaceEmulator.result(status: 200, body: []) == .succeeded)
    }

    @Test("a 200 with an errorType/errorMessage object is the function's error")
    func functionError() {
        let body = Array(#"{"errorType":"DetectLambda.RecordsFailed","errorMessage":"1 record failed"}"#.utf8)
        #expect(RuntimeInterfaceEmulator.result(status: 200, body: body)
            == .functionError(type: "DetectLambda.RecordsFailed", message: "1 record failed"))
    }

    @Test("any other status is a failure of the environment, with the emulator's error when it sent one")
    func environmentFailure() {
        let exit = Array(#"{"errorType":"Runtime.ExitError","errorMessage":"RequestId: r Error: Runtime exited with error: exit status 3"}"#.utf8)
        #expect(RuntimeInterfaceEmulator.result(status: 502, body: exit)
            == .environmentFailed(type: "Runtime.ExitError", message: "RequestId: r Error: Runtime exited with error: exit status 3"))
        guard case .environmentFailed(let type, let message) = RuntimeInterfaceEmulator.result(status: 500, body: Array("boom".utf8)) else {
            Issue.record("not an environment failure")
            return
        }
        #expect(type == "Sandbox.Failure")
        #expect(message.contains("HTTP 500") && message.contains("boom"))
    }

    @Test("the emulator's own diagnostics are told apart from platform lines and the function's output")
    func diagnostics() {
        #expect(RuntimeInterfaceEmulator.isDiagnostic("01 Dec 2026 08:22:24,068 [INFO] (rapid) INIT START(type: on-demand, phase: init)"))
        #expect(RuntimeInterfaceEmulator.isDiagnostic("01 Dec 2026 08:22:24,105 [WARNING] (rapid) Process runtime-1 exited: exit status 3"))
        #expect(!RuntimeInterfaceEmulator.isDiagnostic("START RequestId: 9f1c Version: $LATEST"))
        #expect(!RuntimeInterfaceEmulator.isDiagnostic("REPORT RequestId: 9f1c\tDuration: 230.11 ms\tBilled Duration: 231 ms\tMemory Size: 1024 MB\tMax Memory Used: 1024 MB\t"))
        #expect(!RuntimeInterfaceEmulator.isDiagnostic("2026-12-01T08:22:24+0000 info detect-server-lambda: request_id=9f1c [DetectLambda] record"))
    }

    @Test("the emulator is looked for where it was asked to be, then AWS_LAMBDA_RIE, then the install location")
    func locate() throws {
        let missing = "/nonexistent/aws-lambda-rie"
        #expect(throws: LocalLambdaError.emulatorNotFound(tried: [missing, "/also/missing", RuntimeInterfaceEmulator.installedPath(environment: ["HOME": "/nohome"])])) {
            try RuntimeInterfaceEmulator.locate(explicit: missing, environment: ["AWS_LAMBDA_RIE": "/also/missing", "HOME": "/nohome"])
        }
        #expect(try RuntimeInterfaceEmulator.locate(explicit: "/bin/true", environment: [:]).path == "/bin/true")
        #expect(RuntimeInterfaceEmulator.installedPath(environment: ["XDG_CACHE_HOME": "/c"]).hasPrefix("/c/yolo-offload/aws-lambda-rie/aws-lambda-rie-"))
    }
}

/// `REPORT` lines as Lambda documents them and as the emulator prints them.
@Suite("REPORT lines")
struct ReportLineTests {
    @Test("a cold start's line, with Init Duration, as Lambda writes it")
    func coldStart() throws {
        let line = "REPORT RequestId: 3604209a-e9a3-11e6-939a-754dd98c7be3\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 18 MB\tInit Duration: 180.03 ms\t"
        #expect(LambdaReportLine(line) == LambdaReportLine(
            requestId: "3604209a-e9a3-11e6-939a-754dd98c7be3", durationMilliseconds: 12.34, billedDurationMilliseconds: 13,
            memorySizeMB: 128, maxMemoryUsedMB: 18, initDurationMilliseconds: 180.03))
    }

    @Test("a warm line as the emulator prints it, and lines that are not reports")
    func warmAndOthers() throws {
        let line = "REPORT RequestId: req-2\tDuration: 230.11 ms\tBilled Duration: 231 ms\tMemory Size: 1024 MB\tMax Memory Used: 1024 MB\t"
        let report = try #require(LambdaReportLine(line))
        #expect(report.requestId == "req-2" && report.billedDurationMilliseconds == 231 && report.initDurationMilliseconds == nil)
        #expect(LambdaReportLine("START RequestId: req-2 Version: $LATEST") == nil)
        #expect(LambdaReportLine("REPORT RequestId: req-2\tDuration: 230.11 ms") == nil)
        #expect(LambdaReportLine("hello REPORT RequestId: x") == nil)
    }
}
