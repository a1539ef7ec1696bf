import AWSKitLite
import DetectLambda
import Foundation
import Logging
import ServiceLifecycle
import TestSupport

/// The local `POST /invoke` server run in-process on a free loopback port, with a `DetectionHandler` writing to a
/// MiniStack table, exactly as `detect-server lambda --local-port 0` wires it.
struct LocalInvokeHarness: Sendable {
    struct Reply: Sendable {
        var status: Int
        var body: String
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }
    }

    let port: Int

    /// Runs `body` against a fresh server (so its first event is a cold start), then shuts it down gracefully.
    static func with<Result: Sendable>(
        table: String, configure: (inout DetectLambdaConfiguration) -> Void = { _ in },
        _ body: (LocalInvokeHarness) async throws -> Result
    ) async throws -> Result {
        var configuration = DetectLambdaConfiguration(
            table: table, modelDirectory: Fixtures.modelDirectory, aws: try MiniStack.configuration())
        configure(&configuration)
        let logger = Logger(label: "detect-lambda-test")
        let handler = try DetectionHandler(configuration: configuration, logger: logger)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = LocalInvokeServer.application(
            handler: handler, port: 0, logger: logger, onServerRunning: { portContinuation.yield($0) },
            onShutdown: { handler.shutdown() })
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = await iterator.next() ?? 0
            do {
                let result = try await body(LocalInvokeHarness(port: port))
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }

    /// POSTs an event to `/invoke` with the headers MiniStack's proxy mode sends.
    func invoke(_ event: [UInt8], requestId: String = UUID().uuidString.lowercased()) async throws -> Reply {
        try await Self.invoke(port: port, event, requestId: requestId)
    }

    static func invoke(port: Int, _ event: [UInt8], requestId: String = UUID().uuidString.lowercased()) async throws -> Reply {
        let request = HTTPRequest(
            method: "POST", scheme: "http", host: "127.0.0.1", port: port, path: "/invoke",
            headers: [
                (name: "Content-Type", value: "application/json"),
                (name: "X-Amzn-Lambda-Request-Id", value: requestId),
                (name: "X-Amzn-Lambda-Deadline-Ms", value: String(Int64(Date().timeIntervalSince1970 * 1000) + 30_000)),
                (name: "X-Amzn-Lambda-Function-Arn", value: "arn:aws:lambda:us-east-1:123456789012:function:detect"),
            ],
            body: event)
        let response = try await HTTPClient.shared.execute(request, timeout: .after(.seconds(120)))
        return Reply(status: response.status, body: String(decoding: response.body, as: UTF8.self))
    }
}
