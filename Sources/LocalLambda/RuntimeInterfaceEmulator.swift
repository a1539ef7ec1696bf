import Foundation

/// AWS's Lambda Runtime Interface Emulator (`aws-lambda-rie`): the piece of Lambda that starts a function's runtime
/// with `AWS_LAMBDA_RUNTIME_API` set, serves it the Runtime API, and takes invocations over HTTP, one at a time, as
/// one execution environment does. It prints CloudWatch's platform lines (`START`, `END`, `REPORT`) and its own
/// diagnostics (`01 Dec 2026 08:22:24,068 [INFO] (rapid) ...`) on standard output.
///
/// Where it comes from: `scripts/install-lambda-emulator.sh` extracts it from the `aws-sam-cli` wheel on PyPI
/// (checksum-verified) into `~/.cache/yolo-offload/aws-lambda-rie/`.
/// Spec: https://docs.aws.amazon.com/lambda/latest/dg/images-test.html
public struct RuntimeInterfaceEmulator: Sendable, Equatable {
    /// The executable's path.
    public var path: String

    /// The path invocations are POSTed to.
    static let invocationPath = "/2015-03-31/functions/function/invocations"

    public init(path: String) {
        self.path = path
    }

    /// The emulator at `explicit`, else `AWS_LAMBDA_RIE`, else the installed one for this machine's architecture.
    /// - Throws: `LocalLambdaError.emulatorNotFound` naming where it looked.
    public static func locate(explicit: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(LocalLambdaError) -> RuntimeInterfaceEmulator
    {
        let candidates = [explicit, environment["AWS_LAMBDA_RIE"], installedPath(environment: environment)]
            .compactMap { $0 }.filter { !$0.isEmpty }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw .emulatorNotFound(tried: candidates)
        }
        return RuntimeInterfaceEmulator(path: found)
    }

    /// `~/.cache/yolo-offload/aws-lambda-rie/aws-lambda-rie-<x86_64|arm64>`, where the install script puts it.
    public static func installedPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        #if arch(arm64)
        let architecture = "arm64"
        #else
        let architecture = "x86_64"
        #endif
        let cache = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.cache"
        return "\(cache)/yolo-offload/aws-lambda-rie/aws-lambda-rie-\(architecture)"
    }

    /// The emulator's arguments: invocations on `127.0.0.1:invokePort`, the Runtime API on
    /// `127.0.0.1:runtimeAPIPort`, then the runtime's command.
    func arguments(invokePort: Int, runtimeAPIPort: Int, command: [String]) -> [String] {
        ["--runtime-interface-emulator-address", "127.0.0.1:\(invokePort)",
         "--runtime-api-address", "127.0.0.1:\(runtimeAPIPort)"] + command
    }

    /// What an answer of the emulator's invocation endpoint means: 200 with the runtime's response, 200 with an
    /// `{"errorType", "errorMessage"}` object when the runtime reported an error (the emulator does not mark it
    /// otherwise), and any other status when the environment itself failed (the runtime exited, timed out, or its
    /// init failed), after which the emulator starts the runtime afresh on the next invocation.
    static func result(status: Int, body: [UInt8]) -> InvocationResult.Outcome {
        let report = ErrorReport(body)
        if status == 200 {
            guard let report else { return .succeeded }
            return .functionError(type: report.errorType, message: report.errorMessage)
        }
        return .environmentFailed(
            type: report?.errorType ?? "Sandbox.Failure",
            message: report?.errorMessage ?? "the emulator answered HTTP \(status): " + String(decoding: body.prefix(300), as: UTF8.self))
    }

    /// Whether `line` is one of the emulator's own diagnostics rather than the function's output or a platform line
    /// (`START`/`END`/`REPORT`): Lambda keeps those out of the function's log.
    static func isDiagnostic(_ line: some StringProtocol) -> Bool {
        line.contains("] (rapid) ")
    }

    /// The error object a runtime posts to `/invocation/<id>/error`, as the emulator passes it on.
    struct ErrorReport: Decodable {
        var errorType: String
        var errorMessage: String

        init?(_ body: [UInt8]) {
            guard body.first == UInt8(ascii: "{"),
                  let report = try? JSONDecoder().decode(ErrorReport.self, from: Data(body))
            else { return nil }
            self = report
        }
    }
}
