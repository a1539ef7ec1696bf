import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The local Lambda's HTTP face, in the shape of Lambda's own Invoke APIs so that anything that invokes a function by
/// URL (MiniStack's S3 trigger in proxy mode, a test, `curl`) can reach it:
/// - `POST /2015-03-31/functions/<name>/invocations`: Invoke. `X-Amz-Invocation-Type: RequestResponse` (the default)
///   answers 200 with the function's response, with `X-Amz-Function-Error: Unhandled` when it failed; `Event` queues
///   the event and answers 202 at once.
/// - `POST /2014-11-13/functions/<name>/invoke-async/`: InvokeAsync, always asynchronous: 202 `{"Status": 202}`.
///   This is the URL to give MiniStack's S3 trigger, since S3 invokes functions asynchronously.
/// - `GET /status`: `LocalLambda.Status` as JSON (environments, queue, outcomes), for progress and tests.
/// A function name other than the served one answers 404 `ResourceNotFoundException`.
/// Spec: https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
public enum LocalLambdaServer {
    /// Lambda's limit on a synchronous invocation's payload (6 MB).
    public static let maxPayloadBytes = 6 * 1024 * 1024

    /// The application serving `lambda` on `configuration`'s host and port (0 picks a free port, given to
    /// `onServerRunning`). Under `runService()`, SIGTERM and SIGINT stop the server, then drain the lambda (queued
    /// and running invocations finish within `configuration.drain`) and stop its environments.
    public static func application(
        lambda: LocalLambda, configuration: Configuration, logger: Logger,
        onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        router.post("/2015-03-31/functions/:name/invocations") { request, context in
            try await invoke(request, context: context, lambda: lambda, asynchronous: false)
        }
        router.post("/2014-11-13/functions/:name/invoke-async") { request, context in
            try await invoke(request, context: context, lambda: lambda, asynchronous: true)
        }
        router.get("/status") { _, _ in
            let status = await lambda.currentStatus()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(status))))
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "local-lambda"),
            // On graceful shutdown, after the HTTP server has stopped taking requests (services shut down in reverse
            // order, the server last started): drain the lambda and stop its environments.
            services: [ClosureService { try? await gracefulShutdown(); await lambda.shutdown(drain: configuration.drain) }],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }

    static func invoke(_ request: Request, context: some RequestContext, lambda: LocalLambda, asynchronous: Bool) async throws -> Response {
        let name = context.parameters.get("name") ?? ""
        guard serves(name, functionName: lambda.configuration.functionName) else {
            return error(.notFound, type: "ResourceNotFoundException", message: "Function not found: \(name)")
        }
        let body = try await request.body.collect(upTo: maxPayloadBytes)
        let event = Array(body.readableBytesView)
        let type = request.headers[.amzInvocationType] ?? "RequestResponse"
        if asynchronous || type == "Event" {
            do {
                let requestId = try await lambda.enqueue(event)
                let answer = asynchronous ? #"{"Status": 202}"# : ""
                return Response(status: .accepted, headers: [.amznRequestId: requestId],
                                body: .init(byteBuffer: ByteBuffer(string: answer)))
            } catch {
                return self.error(.serviceUnavailable, type: error.errorType, message: error.description)
            }
        }
        guard type == "RequestResponse" else {
            return error(.badRequest, type: "InvalidParameterValueException", message: "unsupported X-Amz-Invocation-Type \(type)")
        }
        let result = await lambda.invoke(event)
        var headers: HTTPFields = [
            .contentType: "application/json", .amznRequestId: result.requestId,
            .amzExecutedVersion: "$LATEST",
        ]
        if !result.succeeded { headers[.amzFunctionError] = "Unhandled" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: result.payload)))
    }

    /// Whether `requested` (a name, a full or partial ARN) names the served function.
    static func serves(_ requested: String, functionName: String) -> Bool {
        let name = { (text: String) in text.split(separator: ":").last.map(String.init) ?? text }
        return requested.removingPercentEncoding.map(name) == name(functionName)
    }

    private static func error(_ status: HTTPResponse.Status, type: String, message: String) -> Response {
        let body = (try? JSONSerialization.data(withJSONObject: ["Type": "User", "Message": message], options: [.sortedKeys])) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json", .amznErrorType: type],
                        body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension HTTPFields.Element.Name {
    static let amzInvocationType = Self("X-Amz-Invocation-Type")!
    static let amznRequestId = Self("X-Amzn-RequestId")!
    static let amzExecutedVersion = Self("X-Amz-Executed-Version")!
    static let amzFunctionError = Self("X-Amz-Function-Error")!
    static let amznErrorType = Self("X-Amzn-ErrorType")!
}
