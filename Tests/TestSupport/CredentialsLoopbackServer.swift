import Foundation
#if canImport(Glibc)
import Glibc
#endif
import AWSKitLite

/// A one-request-per-connection HTTP server on 127.0.0.1 (a free port) standing in for the ECS/EKS container
/// credentials agent, and a matching loopback-only `HTTPFetch`.
public final class CredentialsLoopbackServer: @unchecked Sendable {
    public struct Recorded: Sendable {
        public var requestLine: String
        public var headers: [(name: String, value: String)]
        public func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
    }

    public let port: Int
    private let listener: Int32
    private let answer: @Sendable (Recorded) -> (status: Int, body: String)
    private let lock = NSLock()
    private var recorded: [Recorded] = []

    struct SocketError: Error, CustomStringConvertible {
        var call: String
        var description: String { "\(call) failed: \(String(cString: strerror(errno)))" }
    }

    /// Starts serving; every request is answered with what `answer` returns for it.
    public init(answer: @escaping @Sendable (Recorded) -> (status: Int, body: String)) throws {
        self.answer = answer
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError(call: "socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else { close(fd); throw SocketError(call: "bind/listen") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    /// The requests served so far, in order.
    public var requests: [Recorded] { lock.lock(); defer { lock.unlock() }; return recorded }

    /// Shuts the listening socket down; the serving thread's accept then fails, and that thread closes it. Closing it
    /// here instead would free the descriptor number while the thread may still accept on it, so the thread could
    /// end up serving another test's socket.
    public func stop() { shutdown(listener, Int32(SHUT_RDWR)) }

    private func serve() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else {
                close(listener)
                return
            }
            let text = Self.readHead(connection)
            var lines = text.components(separatedBy: "\r\n")
            let requestLine = lines.isEmpty ? "" : lines.removeFirst()
            let headers = lines.compactMap { line -> (name: String, value: String)? in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            let request = Recorded(requestLine: requestLine, headers: headers)
            lock.lock(); recorded.append(request); lock.unlock()
            let (status, body) = answer(request)
            let response = "HTTP/1.1 \(status) X\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
                + "Connection: close\r\n\r\n" + body
            Self.writeAll(connection, Array(response.utf8))
            close(connection)
        }
    }

    static func readHead(_ fd: Int32) -> String {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !data.suffix(4).elementsEqual(Array("\r\n\r\n".utf8)) {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            offset += written
        }
    }

    /// GET over a fresh connection to 127.0.0.1 only (refuses any other host, so a test can never reach the
    /// link-local agent address); reads the answer until the server closes.
    public static let fetch: HTTPFetch = { request in
        guard request.host == "127.0.0.1", let port = request.port else {
            throw SocketError(call: "loopback fetch to \(request.host) refused")
        }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError(call: "socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw SocketError(call: "connect") }
        let target = request.encodedPath + (request.query.isEmpty ? "" : "?" + request.encodedQuery)
        var head = "\(request.method) \(target) HTTP/1.1\r\nHost: \(request.hostHeaderValue)\r\n"
        for header in request.headers { head += "\(header.name): \(header.value)\r\n" }
        writeAll(fd, Array((head + "\r\n").utf8))
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        let text = String(decoding: data, as: UTF8.self)
        let parts = text.components(separatedBy: "\r\n\r\n")
        let status = Int(parts[0].split(separator: " ").dropFirst().first ?? "") ?? 0
        return HTTPResponse(status: status, headers: [], body: Array(parts.dropFirst().joined(separator: "\r\n\r\n").utf8))
    }
}
