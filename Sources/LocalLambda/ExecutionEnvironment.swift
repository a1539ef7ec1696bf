import AWSKitLite
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One execution environment: the Runtime Interface Emulator running the function's command with the environment
/// Lambda would give it, taking one invocation at a time (the caller guarantees that; the emulator crashes on a second
/// concurrent one). Every line it and the runtime print goes to `output`, in order.
///
/// The runtime itself starts on the first invocation (the emulator's init phase), so the first invocation of an
/// environment is a cold start, as on Lambda.
final class ExecutionEnvironment: @unchecked Sendable {
    /// 1, 2, ... in the order environments were started.
    let id: Int
    let definition: FunctionDefinition
    /// When the role's credentials it runs with stop working (nil: never).
    let credentialsExpire: Date?
    /// The CloudWatch Logs stream its output goes to.
    let logStream: String
    private let process: Process
    private let invokePort: Int
    private let httpClient: HTTPClient

    private init(id: Int, definition: FunctionDefinition, credentialsExpire: Date?, logStream: String, process: Process,
                 invokePort: Int, httpClient: HTTPClient) {
        self.id = id
        self.definition = definition
        self.credentialsExpire = credentialsExpire
        self.logStream = logStream
        self.process = process
        self.invokePort = invokePort
        self.httpClient = httpClient
    }

    /// Starts the emulator with `command` as the runtime and waits until it takes invocations.
    /// The two loopback ports are picked free just before the start; should another process take one first, the
    /// emulator cannot bind it and exits, and the start is tried again with new ports (three times at most).
    /// - Throws: `LocalLambdaError.environmentStartFailed` with the end of the emulator's output.
    static func start(
        id: Int, definition: FunctionDefinition, credentialsExpire: Date?, logStream: String,
        emulator: RuntimeInterfaceEmulator, command: [String], environment: [String: String], httpClient: HTTPClient,
        output: @escaping @Sendable (String) -> Void
    ) async throws(LocalLambdaError) -> ExecutionEnvironment {
        var lastFailure = ""
        for _ in 1...3 {
            let invokePort: Int, runtimeAPIPort: Int
            do {
                (invokePort, runtimeAPIPort) = (try FreePort.pick(), try FreePort.pick())
            } catch {
                throw .environmentStartFailed(reason: "\(error)")
            }
            let recent = RecentLines(limit: 15)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: emulator.path)
            process.arguments = emulator.arguments(invokePort: invokePort, runtimeAPIPort: runtimeAPIPort, command: command)
            process.environment = environment
            process.standardInput = FileHandle.nullDevice
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            let splitter = LineSplitter { line in
                recent.append(line)
                output(line)
            }
            pipe.fileHandleForReading.readabilityHandler = { handle in
                let data = handle.availableData
                if data.isEmpty {
                    handle.readabilityHandler = nil
                    splitter.finish()
                } else {
                    splitter.append(data)
                }
            }
            do {
                try process.run()
            } catch {
                throw .environmentStartFailed(reason: "could not run \(emulator.path): \(error)")
            }
            let environment = ExecutionEnvironment(
                id: id, definition: definition, credentialsExpire: credentialsExpire, logStream: logStream,
                process: process, invokePort: invokePort, httpClient: httpClient)
            if await environment.waitUntilListening() { return environment }
            await environment.terminate()
            lastFailure = recent.joined()
        }
        throw .environmentStartFailed(reason: "the emulator exited before listening; its last output: \(lastFailure)")
    }

    var isRunning: Bool { process.isRunning }

    /// Polls the invocation port until the emulator answers HTTP (true) or exits (false); gives up after 20 s.
    private func waitUntilListening() async -> Bool {
        let probe = HTTPRequest(method: "GET", scheme: "http", host: "127.0.0.1", port: invokePort, path: "/")
        for _ in 0..<1000 {
            guard process.isRunning else { return false }
            if (try? await httpClient.execute(probe, timeout: .after(.seconds(1)))) != nil { return process.isRunning }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Runs one invocation with `requestId` (which the runtime sees and the `REPORT` line carries).
    /// Never throws: a dead emulator is an `environmentFailed` result.
    func invoke(requestId: String, event: [UInt8]) async -> InvocationResult {
        let request = HTTPRequest(
            method: "POST", scheme: "http", host: "127.0.0.1", port: invokePort,
            path: RuntimeInterfaceEmulator.invocationPath,
            headers: [("X-Amzn-RequestId", requestId), ("Content-Type", "application/json")], body: event)
        do {
            // The emulator enforces the function's timeout itself; the margin covers a runtime's init.
            let response = try await httpClient.execute(request, timeout: .after(.seconds(definition.timeoutSeconds + 30)))
            return InvocationResult(
                requestId: requestId, outcome: RuntimeInterfaceEmulator.result(status: response.status, body: response.body),
                payload: response.body, environment: id)
        } catch {
            return .failure(requestId: requestId, type: "Sandbox.Failure",
                            message: "execution environment \(id) stopped answering: \(error)", environment: id)
        }
    }

    /// Stops the emulator and the runtime it started: SIGTERM to the emulator (which stops its runtime), then
    /// SIGKILL after 3 s to whatever of the two is left; waits for the emulator's exit.
    func terminate() async {
        let pid = process.processIdentifier
        guard pid > 0 else { return }
        let runtime = ProcessTree.descendants(of: pid)
        kill(pid, SIGTERM)
        for _ in 0..<150 where process.isRunning || runtime.contains(where: ProcessTree.isAlive) {
            try? await Task.sleep(for: .milliseconds(20))
        }
        for child in runtime where ProcessTree.isAlive(child) { kill(child, SIGKILL) }
        if process.isRunning { kill(pid, SIGKILL) }
        while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
    }
}

/// A process's children and their children, read from `/proc/<pid>/task/<tid>/children` (Linux).
enum ProcessTree {
    static func descendants(of pid: Int32) -> [Int32] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        let children = tasks.flatMap { task -> [Int32] in
            let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? ""
            return text.split(separator: " ").compactMap { Int32($0) }
        }
        return children + children.flatMap { descendants(of: $0) }
    }

    /// Whether `pid` exists and is not a zombie.
    static func isAlive(_ pid: Int32) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = status.lastIndex(of: ")")
        else { return false }
        return status[status.index(after: close)...].dropFirst().first != "Z"
    }
}

/// Splits a byte stream into lines (without their `\n`; a final line without one is delivered by `finish`), calling
/// `deliver` for each in order.
final class LineSplitter: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [UInt8] = []
    private let deliver: @Sendable (String) -> Void

    init(_ deliver: @escaping @Sendable (String) -> Void) {
        self.deliver = deliver
    }

    func append(_ data: Data) {
        lock.withLock {
            pending.append(contentsOf: data)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                deliver(String(decoding: pending[..<newline], as: UTF8.self))
                pending.removeSubrange(...newline)
            }
        }
    }

    func finish() {
        lock.withLock {
            if !pending.isEmpty { deliver(String(decoding: pending, as: UTF8.self)) }
            pending.removeAll()
        }
    }
}

/// The last `limit` lines seen, for error messages.
final class RecentLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    func append(_ line: String) {
        lock.withLock {
            lines.append(line)
            if lines.count > limit { lines.removeFirst(lines.count - limit) }
        }
    }

    func joined() -> String {
        lock.withLock { lines.joined(separator: " / ") }
    }
}

/// A loopback port nothing listens on at this moment: the kernel's choice for port 0, released at once.
enum FreePort {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    static func pick() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Unavailable(description: "socket() failed: errno \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else { throw Unavailable(description: "bind() to 127.0.0.1:0 failed: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
