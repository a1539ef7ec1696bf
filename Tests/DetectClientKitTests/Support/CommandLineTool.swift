import Foundation

/// The built `detect-client` executable, run as a user would run it.
enum CommandLineTool {
    struct NotBuilt: Error, CustomStringConvertible {
        var path: String
        var description: String { "detect-client is not built at \(path): run `swift build --build-tests` first (make test does)" }
    }

    struct Outcome {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The executable beside the test bundle (`swift build` puts every product in the same folder).
    static func path() throws -> String {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = folder.appendingPathComponent("detect-client").path
        guard FileManager.default.isExecutableFile(atPath: candidate) else { throw NotBuilt(path: candidate) }
        return candidate
    }

    /// Runs `detect-client arguments...` in `directory`, with `environment` over this process's variables, and
    /// waits for it to exit.
    ///
    /// The blocking reads and the wait happen on threads of their own, never on Swift's cooperative pool, which
    /// an in-process server under test needs.
    static func run(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) async throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path())
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return await withCheckedContinuation { continuation in
            let errorText = ThreadResult()
            let errorReader = Thread { errorText.set(error.fileHandleForReading.readDataToEndOfFile()) }
            errorReader.start()
            Thread {
                let out = output.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                let err = errorText.wait()
                continuation.resume(returning: Outcome(
                    status: process.terminationStatus, standardOutput: String(decoding: out, as: UTF8.self),
                    standardError: String(decoding: err, as: UTF8.self)))
            }.start()
        }
    }
}

/// Data handed from one thread to another.
private final class ThreadResult: @unchecked Sendable {
    private let condition = NSCondition()
    private var data: Data?

    func set(_ value: Data) {
        condition.lock()
        data = value
        condition.signal()
        condition.unlock()
    }

    func wait() -> Data {
        condition.lock()
        defer { condition.unlock() }
        while data == nil { condition.wait() }
        return data!
    }
}
