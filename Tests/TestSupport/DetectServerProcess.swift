import Foundation

/// The real `detect-server` executable, run as a child process with an environment of the test's choosing (nothing
/// is inherited from the test process but PATH and HOME, so no AWS variable of the machine leaks in).
public final class DetectServerProcess: @unchecked Sendable {
    public struct NotFound: Error, CustomStringConvertible {
        public var tried: [String]
        public var description: String {
            "detect-server is not built (tried \(tried.joined(separator: ", "))): run `swift build` first, "
                + "or set DETECT_SERVER_BINARY"
        }
    }

    /// The `detect-server` built beside this test bundle (`.build/<triple>/debug/`), or `DETECT_SERVER_BINARY`.
    public static func executable() throws -> URL {
        var candidates: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["DETECT_SERVER_BINARY"], !explicit.isEmpty {
            candidates.append(explicit)
        }
        let selfPath = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        for path in [selfPath] + CommandLine.arguments.filter({ $0.hasSuffix(".xctest") }) {
            var directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            // Inside a bundle directory (macOS layout), climb out of it.
            while directory.path.contains(".xctest") { directory.deleteLastPathComponent() }
            candidates.append(directory.appendingPathComponent("detect-server").path)
        }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw NotFound(tried: candidates)
        }
        return URL(fileURLWithPath: found)
    }

    /// The environment every run starts from: PATH, HOME, and the model directory the tests use.
    public static func baseEnvironment() -> [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        return [
            "PATH": inherited["PATH"] ?? "/usr/bin:/bin",
            "HOME": inherited["HOME"] ?? "/root",
            "YOLO_MODEL_DIR": Fixtures.modelDirectory,
        ]
    }

    private let process = Process()
    private let stdoutPipe = Pipe()
    private let stderrPipe = Pipe()
    private let lock = NSLock()
    private var stdoutText = ""
    private var stderrText = ""
    private var lineWaiters: [(prefix: String, continuation: CheckedContinuation<String?, Never>)] = []
    private var stdoutClosed = false

    /// Starts `detect-server <arguments>` with exactly `environment`.
    public init(arguments: [String], environment: [String: String]) throws {
        process.executableURL = try Self.executable()
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        process.standardInput = FileHandle.nullDevice
        stdoutPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.appendStdout(data)
        }
        stderrPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else {
                handle.readabilityHandler = nil
                return
            }
            self.lock.withLock { self.stderrText += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    private func appendStdout(_ data: Data) {
        let resumptions: [(line: String?, continuation: CheckedContinuation<String?, Never>)] = lock.withLock {
            if data.isEmpty {
                stdoutClosed = true
                stdoutPipe.fileHandleForReading.readabilityHandler = nil
                defer { lineWaiters.removeAll() }
                return lineWaiters.map { (nil, $0.continuation) }
            }
            stdoutText += String(decoding: data, as: UTF8.self)
            var ready: [(line: String?, continuation: CheckedContinuation<String?, Never>)] = []
            lineWaiters.removeAll { waiter in
                guard let line = Self.completeLine(in: stdoutText, startingWith: waiter.prefix) else { return false }
                ready.append((line, waiter.continuation))
                return true
            }
            return ready
        }
        for (line, continuation) in resumptions { continuation.resume(returning: line) }
    }

    /// The first newline-terminated line of `text` that starts with `prefix`.
    private static func completeLine(in text: String, startingWith prefix: String) -> String? {
        guard let lastNewline = text.lastIndex(of: "\n") else { return nil }
        return text[..<lastNewline].split(separator: "\n").first { $0.hasPrefix(prefix) }.map(String.init)
    }

    /// Waits for a complete stdout line starting with `prefix`; nil when stdout closes (the process exited) first.
    public func waitForLine(startingWith prefix: String) async -> String? {
        await withCheckedContinuation { continuation in
            let (line, closed): (String?, Bool) = lock.withLock {
                if let line = Self.completeLine(in: stdoutText, startingWith: prefix) { return (line, false) }
                if stdoutClosed { return (nil, true) }
                lineWaiters.append((prefix, continuation))
                return (nil, false)
            }
            if let line { continuation.resume(returning: line) } else if closed { continuation.resume(returning: nil) }
        }
    }

    public var processIdentifier: Int32 { process.processIdentifier }

    /// Sends SIGTERM.
    public func terminate() {
        if process.isRunning { process.terminate() }
    }

    /// Waits for the process to exit (polling, so no thread blocks) and returns its exit status; after `seconds`
    /// the process is killed and -1 returned.
    public func waitForExit(within seconds: Int = 60) async -> Int32 {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while process.isRunning {
            if ContinuousClock.now > deadline {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return -1
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    /// Everything the process wrote to stderr so far (its log).
    public var stderr: String { lock.withLock { stderrText } }
    public var stdout: String { lock.withLock { stdoutText } }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
