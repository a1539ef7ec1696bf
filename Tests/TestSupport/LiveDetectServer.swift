import DetectServerKit
import Foundation
import Logging
import ServiceLifecycle
import YoloCore

/// The real detect-server application (`buildDetectServer`) on 127.0.0.1 port 0, for the length of a test's body.
public enum LiveDetectServer {
    /// The running server: its bound base URL (`http://127.0.0.1:<port>`) and a way to stop it early.
    public struct Running: Sendable {
        public let baseURL: String
        public let shutdown: @Sendable () async -> Void
    }

    /// Runs `body` with the server's base URL (`http://127.0.0.1:<port>`), then shuts the server down.
    public static func with<T: Sendable>(
        _ configure: (inout DetectServerConfiguration) -> Void = { _ in },
        _ body: (String) async throws -> T
    ) async throws -> T {
        try await run(configure) { try await body($0.baseURL) }
    }

    /// Runs `body` with the running server, then shuts it down gracefully (also when `body` throws).
    public static func run<T: Sendable>(
        _ configure: (inout DetectServerConfiguration) -> Void = { _ in },
        _ body: (Running) async throws -> T
    ) async throws -> T {
        // OpenCV's own backend, 1 thread per loop: the default core-sharing backend may only be installed before any
        // other OpenCV work in a process, and tests run OpenCV concurrently (CoreSharingTests runs it in a process of
        // its own).
        var configuration = try DetectServerConfiguration(
            port: 0, modelDirectory: ModelFiles.defaultDirectory(), openCVThreading: .fixed(threads: 1))
        configure(&configuration)
        var logger = Logger(label: "detect-server-test")
        logger.logLevel = .warning
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = try buildDetectServer(configuration: configuration, logger: logger) { port in
            portContinuation.yield(port)
        }
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            guard let port = await ports.first(where: { _ in true }) else { throw CancellationError() }
            let server = Running(baseURL: "http://127.0.0.1:\(port)", shutdown: { await group.triggerGracefulShutdown() })
            do {
                let value = try await body(server)
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
