import Foundation

/// A Lambda function body: one event in, one result out. The Runtime API loop drives it without knowing what the
/// function does.
public protocol LambdaEventHandler: Sendable {
    /// Handles one event (usually JSON) and returns the function's result (JSON). A thrown error becomes the
    /// invocation's error (a `LambdaFunctionError` gives its own `errorType`).
    func handle(event: [UInt8], context: InvocationContext) async throws -> [UInt8]
}

/// What the Runtime API said about one invocation (its `Lambda-Runtime-*` headers).
/// Spec: https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html#runtimes-api-next
public struct InvocationContext: Sendable, Equatable {
    public var requestId: String
    /// When the invocation times out, in milliseconds since 1970 (UTC); nil when the caller did not say.
    public var deadlineMilliseconds: Int64?
    public var invokedFunctionArn: String?
    public var traceId: String?

    public init(requestId: String, deadlineMilliseconds: Int64? = nil, invokedFunctionArn: String? = nil, traceId: String? = nil) {
        self.requestId = requestId
        self.deadlineMilliseconds = deadlineMilliseconds
        self.invokedFunctionArn = invokedFunctionArn
        self.traceId = traceId
    }
}
