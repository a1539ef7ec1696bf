import Foundation

/// How one invocation ended, in the terms of Lambda's Invoke API: the function's response, an error the function
/// reported (Invoke answers 200 with `X-Amz-Function-Error: Unhandled`), or a failure of the environment itself (the
/// runtime exited, timed out or could not start).
/// Spec: https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
public struct InvocationResult: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case succeeded
        case functionError(type: String, message: String)
        case environmentFailed(type: String, message: String)
    }

    /// The request id the runtime saw (`Lambda-Runtime-Aws-Request-Id`) and its `REPORT` line carries.
    public var requestId: String
    public var outcome: Outcome
    /// The function's response, or the `{"errorType", "errorMessage"}` object of a failure.
    public var payload: [UInt8]
    /// Which execution environment ran it (1, 2, ...), nil when none could be had.
    public var environment: Int?

    public init(requestId: String, outcome: Outcome, payload: [UInt8], environment: Int?) {
        self.requestId = requestId
        self.outcome = outcome
        self.payload = payload
        self.environment = environment
    }

    /// A failure with no payload of the function's: `{"errorType", "errorMessage"}` made here.
    static func failure(requestId: String, type: String, message: String, environment: Int? = nil) -> InvocationResult {
        let payload = (try? JSONSerialization.data(
            withJSONObject: ["errorType": type, "errorMessage": message], options: [.sortedKeys])).map { [UInt8]($0) } ?? []
        return InvocationResult(requestId: requestId, outcome: .environmentFailed(type: type, message: message),
                                payload: payload, environment: environment)
    }

    public var succeeded: Bool { outcome == .succeeded }
}
