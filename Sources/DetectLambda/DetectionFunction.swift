import AWSKitLite
import Foundation
import Logging

/// How `detect-server lambda` runs the detection function: as its own runtime over the Lambda Runtime API, inside
/// Lambda or under AWS's Runtime Interface Emulator (which `local-lambda` runs on this machine). The model is loaded
/// once, from the environment, before the first event (`DetectLambdaConfiguration` lists the variables).
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
        let handler = try await loop.initialize { try DetectionHandler(configuration: .init(environment: environment, logger: logger), logger: logger) }
        defer { handler.shutdown() }
        logger.notice(
            "ready",
            metadata: [
                "mode": "runtime-api", "runtime_api": "\(client.endpoint)", "table": "\(handler.configuration.table)",
                "init_ms": "\(milliseconds(since: started))",
            ])
        try await loop.run(handler: handler)
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> String {
        let elapsed = ContinuousClock.now - start
        return String(format: "%.1f", Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
    }
}
