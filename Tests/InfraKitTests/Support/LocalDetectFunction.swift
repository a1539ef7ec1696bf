import AWSKitLite
import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The real detection function, `detect-server lambda --local-port PORT`, run as a subprocess: the endpoint
/// MiniStack's Lambda proxy mode POSTs every invocation of the function to (AWS-PEERS.md).
final class LocalDetectFunction: @unchecked Sendable {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    let port: Int
    private let process: Process
    private let logURL: URL

    /// `http://127.0.0.1:<port>/invoke`.
    var invokeURL: String { "http://127.0.0.1:\(port)/invoke" }

    /// The `detect-server` executable: `DETECT_SERVER_BINARY`, else next to the test bundle (`.build/<config>/`).
    static func executable() throws -> URL {
        if let given = ProcessInfo.processInfo.environment["DETECT_SERVER_BINARY"], !given.isEmpty {
            return URL(fileURLWithPath: given)
        }
        let infractl = try InfraCtlProcess.executable()
        let candidate = infractl.deletingLastPathComponent().appendingPathComponent("detect-server")
        guard FileManager.default.isExecutableFile(atPath: candidate.path) else {
            throw Unavailable(description: "detect-server is not built next to infractl (\(candidate.path)): run swift build")
        }
        return candidate
    }

    /// Starts the function for `table`, talking to the emulator as the test user, and waits until it answers HTTP.
    init(table: String, emulator: Emulator) async throws {
        port = try LoopbackPort.free()
        process = Process()
        process.executableURL = try Self.executable()
        process.arguments = ["lambda", "--local-port", String(port)]
        var environment = try emulator.cliEnvironment()
        environment["DETECT_TABLE"] = table
        if let model = ProcessInfo.processInfo.environment["YOLO_MODEL_DIR"] { environment["YOLO_MODEL_DIR"] = model }
        environment["HOME"] = ProcessInfo.processInfo.environment["HOME"] ?? environment["HOME"]
        process.environment = environment
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("detect-lambda-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()

        // Any HTTP answer on the port means the model is loaded and the server is up (it binds after loading).
        let client = HTTPClient.shared
        for _ in 0..<300 {
            guard process.isRunning else {
                throw Unavailable(description: "detect-server lambda exited during start-up: \(logTail())")
            }
            let probe = HTTPRequest(method: "GET", scheme: "http", host: "127.0.0.1", port: port, path: "/")
            if (try? await client.execute(probe, timeout: .after(.seconds(1)))) != nil { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        stop()
        throw Unavailable(description: "detect-server lambda did not answer on port \(port) within 30 s: \(logTail())")
    }

    /// The last lines the function printed (for failure messages).
    func logTail() -> String {
        let text = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(10).joined(separator: "\n")
    }

    /// SIGTERM, then waits for it to exit.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: logURL)
    }
}
