/// One event handed to the function by the Lambda Runtime API's `next` call.
/// Spec: https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html#runtimes-api-next
public struct LambdaInvocation: Sendable, Equatable {
    /// `Lambda-Runtime-Aws-Request-Id`: names this invocation in the response or error call.
    public var requestId: String
    /// `Lambda-Runtime-Deadline-Ms`: when the function times out, in milliseconds since 1970 (UTC).
    public var deadlineMilliseconds: Int64
    /// `Lambda-Runtime-Invoked-Function-Arn`.
    public var invokedFunctionArn: String
    /// `Lambda-Runtime-Trace-Id` (X-Ray), to be exported as `_X_AMZN_TRACE_ID`.
    public var traceId: String?
    /// `Lambda-Runtime-Client-Context` (mobile SDK invocations), raw JSON.
    public var clientContext: String?
    /// `Lambda-Runtime-Cognito-Identity`, raw JSON.
    public var cognitoIdentity: String?
    /// The event, usually JSON.
    public var payload: [UInt8]

    public init(
        requestId: String, deadlineMilliseconds: Int64, invokedFunctionArn: String, traceId: String? = nil,
        clientContext: String? = nil, cognitoIdentity: String? = nil, payload: [UInt8]
    ) {
        self.requestId = requestId
        self.deadlineMilliseconds = deadlineMilliseconds
        self.invokedFunctionArn = invokedFunctionArn
        self.traceId = traceId
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
        self.payload = payload
    }
}

/// What the function reports when it fails: sent as JSON `{"errorMessage", "errorType", "stackTrace"}` with the
/// `Lambda-Runtime-Function-Error-Type` header. Spec: https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html#runtimes-api-invokeerror
public struct LambdaErrorReport: Sendable, Equatable, Codable {
    public var errorType: String
    public var errorMessage: String
    public var stackTrace: [String]

    public init(errorType: String, errorMessage: String, stackTrace: [String] = []) {
        self.errorType = errorType
        self.errorMessage = errorMessage
        self.stackTrace = stackTrace
    }
}

/// The Runtime API refused a call (e.g. 400 for an unknown request id, 413 for a response over 6 MB, 500 when
/// the runtime must exit); `errorType` and `errorMessage` come from the body when present.
public struct LambdaRuntimeAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `next`, `response`, `error` or `init/error`.
    public var call: String
    public var statusCode: Int
    public var errorType: String?
    public var errorMessage: String?

    public init(call: String, statusCode: Int, errorType: String? = nil, errorMessage: String? = nil) {
        self.call = call
        self.statusCode = statusCode
        self.errorType = errorType
        self.errorMessage = errorMessage
    }

    public var description: String {
        "Lambda Runtime API \(call) failed: HTTP \(statusCode)" + (errorType.map { " \($0)" } ?? "")
            + (errorMessage.map { ": \($0)" } ?? "")
    }
}
