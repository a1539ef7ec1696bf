import Foundation
import AWSKitLite

/// scripts/fault_server.py, started on a free loopback port for one test and stopped by `stop()`.
/// It exits by itself if the test process dies (it watches its stdin).
final class FaultServer: @unchecked Sendable {
    enum Mode: String { case status, throttle, drop, hang, slowRead = "slow-read", stall }

    struct LaunchError: Error, CustomStringConvertible {
        var description: String
    }

    let port: Int
    private let process: Process
    private let stdin: Pipe

    /// Starts the server; `failures` is how many attempts misbehave before it answers 200 (nil: all of them).
    init(mode: Mode, failures: Int? = nil, status: Int? = nil, retryAfter: String? = nil, readRate: Int? = nil) throws {
        let script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/fault_server.py")
        guard FileManager.default.fileExists(atPath: script.path) else {
            throw LaunchError(description: "fault server script not found at \(script.path)")
        }
        var arguments = ["python3", script.path, "--mode", mode.rawValue]
        if let failures { arguments += ["--fail", String(failures)] }
        if let status { arguments += ["--status", String(status)] }
        if let retryAfter { arguments += ["--retry-after", retryAfter] }
        if let readRate { arguments += ["--read-rate", String(readRate)] }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        // The first line is "PORT <n>"; read byte by byte so nothing after it is consumed.
        var line: [UInt8] = []
        while true {
            let byte = stdout.fileHandleForReading.readData(ofLength: 1)
            guard let first = byte.first else { break }
            if first == UInt8(ascii: "\n") { break }
            line.append(first)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5)) else {
            process.terminate()
            throw LaunchError(description: "fault server did not report its port (got '\(text)'); is python3 on PATH?")
        }
        self.port = port
    }

    /// `http://127.0.0.1:<port>`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// How many requests (outside /_fault/) the server has received.
    func attempts() async throws -> Int {
        let response = try await HTTPClientForTests.shared.execute(
            .init(method: "GET", scheme: "http", host: "127.0.0.1", port: port, path: "/_fault/attempts"))
        return Int(String(decoding: response.body, as: UTF8.self)) ?? -1
    }

    func stop() {
        if process.isRunning { process.terminate() }
        try? stdin.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// A client with short timeouts for talking to test servers.
enum HTTPClientForTests {
    static let shared = HTTPClient(configuration: .init(connectTimeout: .seconds(5), requestTimeout: .seconds(30)))
}
