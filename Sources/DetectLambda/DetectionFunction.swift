import AWSKitLite
import Foundation
import Logging

/// The two ways `detect-server lambda` runs the detection function: inside Lambda over the Runtime API, or outside it
/// behind the local `POST /invoke` server. Both load the model once, from the same environment, before the first
/// event (`DetectLambdaConfiguration` lists the variables).
public enum DetectionFunction {
    /// Whether the process runs inside Lambda: `AWS_LAMBDA_RUNTIME_API` names the Runtime API.
    public static func isInsideLambda(environment: [String: String]) -> Bool {
        LambdaRuntimeClient(environment: environment) != nil
    }

    /// Inside Lambda (`AWS_LAMBDA_RUNTIME_API` set, else this returns at once): initializes, reporting an init failure
    /// through the Runtime API's init-error endpoint and rethrowing it, then handles invocations until `next` fails or
    /// the task is cancelled.
    public static func runInLambda(environment: [String: String], logger: Logger) async throws {
        guard let client = LambdaRuntimeClient(environment: environment) else { return }
        let loop = LambdaRuntimeLoop(client: client, logger: logger)
        let started = ContinuousClock.now
        let handler = try await loop.initialize { try DetectionHandler(configuration: .init(environment: environment), logger: logger) }
        defer { handler.shutdown() }
        logger.notice(
            "ready",
            metadata: [
                "mode": "runtime-api", "runtime_api": "\(client.endpoint)", "table": "\(handler.configuration.table)",
                "init_ms": "\(milliseconds(since: started))",
            ])
        try await loop.run(handler: handler)
    }

    /// Outside Lambda: initializes (throwing `DetectLambdaError` on failure, before binding), then serves
    /// `POST /invoke` on `host:port` until SIGTERM or SIGINT. `onReady` gets the bound port once it accepts events.
    public static func runLocally(
        host: String = "127.0.0.1", port: Int, environment: [String: String], logger: Logger,
        onReady: @escaping @Sendable (_ port: Int) async -> Void
    ) async throws {
        let started = ContinuousClock.now
        let handler = try DetectionHandler(configuration: .init(environment: environment), logger: logger)
        let table = handler.configuration.table
        let app = LocalInvokeServer.application(
            handler: handler, host: host, port: port, logger: logger,
            onServerRunning: { port in
                logger.notice(
                    "ready",
                    metadata: [
                        "mode": "local", "url": "http://\(host):\(port)/invoke", "table": "\(table)",
                        "init_ms": "\(milliseconds(since: started))",
                    ])
                await onReady(port)
            },
            onShutdown: { handler.shutdown() })
        try await app.runService()
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> String {
        let elapsed = ContinuousClock.now - start
        return String(format: "%.1f", Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
    }
}
