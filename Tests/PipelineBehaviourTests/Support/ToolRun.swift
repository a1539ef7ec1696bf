import Foundation
import TestSupport

/// One of the package's executables (`infractl`, `detect-client`) run as a user runs it: arguments, exactly the given
/// environment, standard input from /dev/null, output captured. The blocking reads and the wait run on threads of
/// their own, never on Swift's cooperative pool, which the in-process local-lambda under test needs.
struct ToolRun: Sendable {
    var status: Int32
    var standardOutput: String
    var standardError: String

    /// Output and errors together, for failure messages.
    var transcript: String { "exit \(status)\n--- stdout\n\(standardOutput)\n--- stderr\n\(standardError)" }

    struct NotBuilt: Error, CustomStringConvertible {
        var path: String
        var description: String { "\(path) is not built: run `swift build --build-tests` first (make test does)" }
    }

    /// `launcher... <tool> arguments...` (`WallClockShift.launcher(seconds:)` runs the tool with a wrong clock).
    static func run(_ tool: String, _ arguments: [String], environment: [String: String], launcher: [String] = []) async throws -> ToolRun {
        let path = try DetectServerProcess.executable().deletingLastPathComponent().appendingPathComponent(tool).path
        guard FileManager.default.isExecutableFile(atPath: path) else { throw NotBuilt(path: path) }
        let process = Process()
        let command = launcher + [path] + arguments
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        return await withCheckedContinuation { continuation in
            Thread {
                let errorData = Box()
                let reader = Thread { errorData.data = error.fileHandleForReading.readDataToEndOfFile(); errorData.done.signal() }
                reader.start()
                let out = output.fileHandleForReading.readDataToEndOfFile()
                errorData.done.wait()
                process.waitUntilExit()
                continuation.resume(returning: ToolRun(
                    status: process.terminationStatus, standardOutput: String(decoding: out, as: UTF8.self),
                    standardError: String(decoding: errorData.data, as: UTF8.self)))
            }.start()
        }
    }

    private final class Box: @unchecked Sendable {
        var data = Data()
        let done = DispatchSemaphore(value: 0)
    }
}
