import AWSKitLite
import Foundation
import Logging

/// A custom runtime's main loop over the Lambda Runtime API: initialize the function once (reporting a failure
/// through `/runtime/init/error`), then forever: `next`, handle the event, post the result to `response` or the
/// failure to `error`.
/// Spec: https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html (tasks of a runtime: initialization,
/// processing tasks) and https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
public struct LambdaRuntimeLoop: Sendable {
    public let client: LambdaRuntimeClient
    private let logger: Logger

    public init(client: LambdaRuntimeClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Runs `makeHandler` (the function's init). When it throws, reports the error through `/runtime/init/error`
    /// (errorType from a `LambdaFunctionError`, else `Runtime.InitError`) and rethrows it, so the caller exits
    /// non-zero; a failure to report is logged, not thrown over the init error.
    public func initialize<Handler: LambdaEventHandler>(_ makeHandler: () async throws -> Handler) async throws -> Handler {
        do {
            return try await makeHandler()
        } catch {
            let report = Self.report(for: error, defaultType: "Runtime.InitError")
            logger.critical("init failed", metadata: ["error_type": "\(report.errorType)", "error": "\(report.errorMessage)"])
            do {
                try await client.sendInitializationError(report: report)
            } catch {
                logger.error("could not report the init error to the Runtime API", metadata: ["error": "\(error)"])
            }
            throw error
        }
    }

    /// Handles invocations one at a time until the calling task is cancelled (returns normally) or `next` fails
    /// (throws `LambdaRuntimeAPIError`, e.g. 500 when Lambda wants the runtime to exit, or `HTTPClientError`).
    /// A handler error is posted to the error endpoint; a refused response or error post is logged and the loop goes
    /// on (that invocation then times out in Lambda).
    /// - Parameter maxInvocations: stop after this many invocations (nil: never).
    public func run(handler: some LambdaEventHandler, maxInvocations: Int? = nil) async throws {
        var handled = 0
        do {
            while maxInvocations.map({ handled < $0 }) ?? true, !Task.isCancelled {
                let invocation = try await client.nextInvocation()
                handled += 1
                try await answer(invocation, with: handler)
            }
        } catch let error as HTTPClientError where error.kind == .cancelled {
            return
        }
    }

    /// Runs the handler on one invocation and posts its result or its error.
    private func answer(_ invocation: LambdaInvocation, with handler: some LambdaEventHandler) async throws {
        let context = InvocationContext(
            requestId: invocation.requestId,
            deadlineMilliseconds: invocation.deadlineMilliseconds == 0 ? nil : invocation.deadlineMilliseconds,
            invokedFunctionArn: invocation.invokedFunctionArn.isEmpty ? nil : invocation.invokedFunctionArn,
            traceId: invocation.traceId)
        let result: [UInt8]
        do {
            result = try await handler.handle(event: invocation.payload, context: context)
        } catch {
            let report = Self.report(for: error, defaultType: "Runtime.HandlerError")
            logger.error(
                "invocation failed",
                metadata: [
                    "request_id": "\(invocation.requestId)", "error_type": "\(report.errorType)",
                    "error": "\(report.errorMessage)",
                ])
            try await post("error", requestId: invocation.requestId) {
                try await client.sendError(requestId: invocation.requestId, report: report)
            }
            return
        }
        try await post("response", requestId: invocation.requestId) {
            try await client.sendResponse(requestId: invocation.requestId, body: result)
        }
    }

    /// Runs one post to the Runtime API; a refusal (4xx, e.g. an unknown request id or a result over 6 MB) is logged,
    /// while cancellation and a missing Runtime API are rethrown.
    private func post(_ call: String, requestId: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as LambdaRuntimeAPIError {
            logger.error("the Runtime API refused the \(call)", metadata: ["request_id": "\(requestId)", "error": "\(error)"])
        }
    }

    /// The error report Lambda shows for `error`: its `LambdaFunctionError` type and message, else `defaultType`
    /// and the error's description.
    static func report(for error: any Error, defaultType: String) -> LambdaErrorReport {
        if let error = error as? any LambdaFunctionError {
            return LambdaErrorReport(errorType: error.errorType, errorMessage: error.description)
        }
        return LambdaErrorReport(errorType: defaultType, errorMessage: "\(error)")
    }
}
