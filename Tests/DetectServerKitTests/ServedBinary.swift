import Foundation
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// `detect-server serve --port 0 <arguments>` as a child process: its announced port, its metrics, memory and open
/// files, read over raw sockets and /proc.
final class ServedBinary: @unchecked Sendable {
    struct NeverListened: Error, CustomStringConvertible {
        var log: String
        var description: String { "detect-server did not announce its port (within 120 s); its log: \(log)" }
    }

    let process: DetectServerProcess
    let port: Int

    private init(process: DetectServerProcess, port: Int) {
        self.process = process
        self.port = port
    }

    /// Starts the server and waits for its `listening` log line (the port the OS gave it).
    static func start(_ arguments: [String], logLevel: String = "notice") async throws -> ServedBinary {
        let process = try DetectServerProcess(
            arguments: ["serve", "--port", "0", "--log-level", logLevel] + arguments,
            environment: DetectServerProcess.baseEnvironment())
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            if let range = process.stderr.range(of: #"url=http://127\.0\.0\.1:\d+"#, options: .regularExpression),
                let port = Int(process.stderr[range].split(separator: ":").last ?? "")
            {
                return ServedBinary(process: process, port: port)
            }
            if process.stderr.contains("Error:") { break }  // refused its arguments, or failed to start
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        throw NeverListened(log: process.stderr)
    }

    /// A new connection to the server.
    func connect() throws -> RawConnection { try RawConnection(port: port) }

    /// One request on a connection of its own (`Connection: close`); the whole answer as text.
    func request(_ method: String, _ path: String, headers: [String] = [], body: Data = Data()) throws -> String {
        let connection = try connect()
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for header in headers { head += header + "\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        try connection.send(Data(head.utf8) + body)
        return String(decoding: connection.readUntilClosed(within: .seconds(60)).data, as: UTF8.self)
    }

    /// The value of one line of `/metrics` (`name` with its labels, e.g. `detect_connections_open`).
    func metric(_ name: String) throws -> Double {
        let text = try request("GET", "/metrics")
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespacesAndNewlines)) ?? .nan
        }
        return .nan
    }

    /// Reads `/metrics` until `name` satisfies `condition`, for up to `seconds`; the last value read.
    @discardableResult
    func waitForMetric(_ name: String, within seconds: Int = 60, until condition: (Double) -> Bool) async throws -> Double {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var value = try metric(name)
        while !condition(value), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            value = try metric(name)
        }
        return value
    }

    /// The process's resident memory in bytes (VmRSS).
    var residentBytes: Int {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    /// The process's open file descriptors.
    var openFiles: Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.processIdentifier)/fd").count) ?? -1
    }

    /// SIGTERM, then the exit status (-1 if it had to be killed after `seconds`).
    func stop(within seconds: Int = 60) async -> Int32 {
        process.terminate()
        return await process.waitForExit(within: seconds)
    }
}

/// A client TCP connection to 127.0.0.1 with blocking sends and deadline-bounded reads. Raw sockets, not an HTTP
/// client: the tests send partial, stalled and over-limit requests, and hold connections open, as no HTTP client does.
final class RawConnection: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let fd: Int32
    private var buffered = Data()

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            close(fd)
            throw Failure(description: "connect() to port \(port) failed: errno \(errno)")
        }
    }

    deinit { close(fd) }

    /// Sends every byte (blocking).
    func send(_ data: Data) throws {
        try data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let sent = Glibc.send(fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                guard sent > 0 else { throw Failure(description: "send() failed: errno \(errno)") }
                offset += sent
            }
        }
    }

    func send(_ text: String) throws { try send(Data(text.utf8)) }

    /// Reads until the server closes the connection (or resets it), or until `duration` has passed.
    func readUntilClosed(within duration: Duration) -> (data: Data, closed: Bool) {
        let deadline = ContinuousClock.now + duration
        while true {
            switch readSome(until: deadline) {
            case .data: continue
            case .closed: return (buffered, true)
            case .timedOut: return (buffered, false)
            }
        }
    }

    /// Reads one whole answer (head and `Content-Length` body) and removes it from what was read; nil if the
    /// connection closed or `duration` passed first.
    func readResponse(within duration: Duration) -> String? {
        let deadline = ContinuousClock.now + duration
        while true {
            if let end = buffered.range(of: Data("\r\n\r\n".utf8)) {
                let head = String(decoding: buffered[..<end.lowerBound], as: UTF8.self)
                let length = head.split(separator: "\r\n").compactMap { line -> Int? in
                    let parts = line.split(separator: ":", maxSplits: 1)
                    guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                    return Int(parts[1].trimmingCharacters(in: .whitespaces))
                }.first ?? 0
                let total = end.upperBound - buffered.startIndex + length
                if buffered.count >= total {
                    let answer = String(decoding: buffered.prefix(total), as: UTF8.self)
                    buffered = Data(buffered.dropFirst(total))
                    return answer
                }
            }
            guard case .data = readSome(until: deadline) else { return nil }
        }
    }

    private enum ReadResult { case data, closed, timedOut }

    private func readSome(until deadline: ContinuousClock.Instant) -> ReadResult {
        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero else { return .timedOut }
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(min(remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000 + 1, 60_000))
        guard poll(&descriptor, 1, milliseconds) > 0 else { return .timedOut }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = recv(fd, &chunk, chunk.count, 0)
        if count <= 0 { return .closed }
        buffered.append(contentsOf: chunk[0..<count])
        return .data
    }
}
