import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The function outside Lambda: `POST /invoke` on a loopback port runs the handler on the request body (the Swift
/// Lambda runtime's local-server convention: 127.0.0.1, default port 7000, path `/invoke`). MiniStack's Lambda proxy
/// mode POSTs every invocation there, S3 notifications included, with `X-Amzn-Lambda-Request-Id`,
/// `X-Amzn-Lambda-Deadline-Ms` and `X-Amzn-Lambda-Function-Arn` headers, and takes the reply body as the result.
///
/// Answers: 200 with the handler's result; 400 `{"errorType", "errorMessage"}` for a body that is not an event
/// (`DetectLambdaError.invalidEvent`); 413 for a body over `maxEventBytes`; 500 with the same error shape when the
/// handler fails (MiniStack reports any non-2xx as a function error, so the event is retried).
public enum LocalInvokeServer {
    /// Lambda's limit on a synchronous invocation's payload (6 MB).
    public static let maxEventBytes = 6 * 1024 * 1024
    public static let defaultPort = 7000

    /// The application serving `handler` on `host:port` (port 0 picks a free one, reported to `onServerRunning`).
    /// Under `runService()`, SIGTERM and SIGINT stop accepting, let in-flight invocations finish, then run
    /// `onShutdown` (e.g. stopping the detector thread).
    public static func application(
        handler: some LambdaEventHandler, host: String = "127.0.0.1", port: Int = defaultPort, logger: Logger,
        onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in },
        onShutdown: @escaping @Sendable () -> Void = {}
    ) -> some ApplicationProtocol {
        let router = Router()
        router.post("/invoke") { request, context in
            await invoke(request, handler: handler, logger: context.logger)
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "detect-server-lambda"),
            services: [ShutdownAction(action: onShutdown)],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// Runs one invocation; never throws: every failure is an error response.
    static func invoke(_ request: Request, handler: some LambdaEventHandler, logger: Logger) async -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maxEventBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            return errorResponse(.contentTooLarge, type: "Runtime.PayloadTooLarge", message: "the event is over \(maxEventBytes) bytes")
        } catch {
            return errorResponse(.badRequest, type: "Runtime.InvalidRequest", message: "could not read the body: \(error)")
        }
        func header(_ lowercasedName: String) -> String? {
            request.headers.first { $0.name.canonicalName == lowercasedName }?.value
        }
        let context = InvocationContext(
            requestId: header("x-amzn-lambda-request-id") ?? UUID().uuidString.lowercased(),
            deadlineMilliseconds: header("x-amzn-lambda-deadline-ms").flatMap { Int64($0) },
            invokedFunctionArn: header("x-amzn-lambda-function-arn"),
            traceId: header("x-amzn-trace-id"))
        do {
            let result = try await handler.handle(event: Array(body.readableBytesView), context: context)
            return Response(
                status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: result)))
        } catch {
            let report = LambdaRuntimeLoop.report(for: error, defaultType: "Runtime.HandlerError")
            let status: HTTPResponse.Status
            if case .invalidEvent = error as? DetectLambdaError {
                status = .badRequest
            } else {
                status = .internalServerError
                logger.error(
                    "invocation failed",
                    metadata: [
                        "request_id": "\(context.requestId)", "error_type": "\(report.errorType)",
                        "error": "\(report.errorMessage)",
                    ])
            }
            return errorResponse(status, type: report.errorType, message: report.errorMessage)
        }
    }

    private static func errorResponse(_ status: HTTPResponse.Status, type: String, message: String) -> Response {
        let data = (try? JSONSerialization.data(
            withJSONObject: ["errorType": type, "errorMessage": message], options: [.sortedKeys])) ?? Data()
        return Response(
            status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Runs `action` when the application shuts down, after the HTTP server has stopped (services stop in reverse order
/// of start, and the server starts last).
struct ShutdownAction: Service {
    let action: @Sendable () -> Void

    func run() async throws {
        try? await gracefulShutdown()
        action()
    }
}
