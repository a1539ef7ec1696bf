import Foundation

/// Runs a program to completion without a shell, collecting what it prints: the way `credential_process` is run.
enum ChildProcess {
    struct Outcome: Sendable {
        /// True when a signal ended it.
        var killed: Bool
        /// The exit status, or the signal number when `killed`.
        var status: Int32
        var standardOutput: [UInt8]
        var standardError: [UInt8]
    }

    struct StartFailure: Error {
        var reason: String
    }

    /// Runs `arguments[0]` (looked up in `environment["PATH"]` unless it contains a `/`) with the other arguments and
    /// `environment`, standard input inherited, and waits for it to exit.
    ///
    /// The blocking reads and the wait run on threads of their own, never on Swift's cooperative pool.
    /// - Throws: `StartFailure` when the program is not found or cannot be started.
    static func run(_ arguments: [String], environment: [String: String]) async throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try executablePath(arguments[0], environment: environment))
        process.arguments = Array(arguments.dropFirst())
        process.environment = environment
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        do {
            try process.run()
        } catch {
            throw StartFailure(reason: (error as NSError).localizedDescription)
        }
        return await withCheckedContinuation { continuation in
            let errorBytes = Handoff()
            Thread { errorBytes.set(error.fileHandleForReading.readDataToEndOfFile()) }.start()
            Thread {
                let outputBytes = output.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: Outcome(
                    killed: process.terminationReason == .uncaughtSignal, status: process.terminationStatus,
                    standardOutput: [UInt8](outputBytes), standardError: [UInt8](errorBytes.wait())))
            }.start()
        }
    }

    /// `name` itself when it contains a `/`, else the first executable file of that name in `PATH`.
    private static func executablePath(_ name: String, environment: [String: String]) throws -> String {
        if name.contains("/") { return name }
        let path = environment["PATH"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw StartFailure(reason: "not found in PATH")
    }
}

/// Bytes handed from one thread to another.
private final class Handoff: @unchecked Sendable {
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
