import DetectServerKit
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import YoloCore

/// The real detect-server application on 127.0.0.1, port 0, for the length of `body`, which gets the bound
/// base URL (`http://127.0.0.1:<port>`).
enum LiveDetectServer {
    static func with<T: Sendable>(
        _ configure: (inout DetectServerConfiguration) -> Void = { _ in },
        _ body: (String) async throws -> T
    ) async throws -> T {
        var configuration = DetectServerConfiguration(port: 0, modelDirectory: ModelFiles.defaultDirectory())
        configure(&configuration)
        var logger = Logger(label: "detect-client-test-server")
        logger.logLevel = .warning
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = try buildDetectServer(configuration: configuration, logger: logger) { port in
            portContinuation.yield(port)
        }
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            guard let port = await ports.first(where: { _ in true }) else { throw CancellationError() }
            do {
                let value = try await body("http://127.0.0.1:\(port)")
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return value
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
        }
    }
}

/// A loopback port nothing listens on: bound once to get a free number, then closed.
func closedLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw POSIXError(.EBADF) }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}
