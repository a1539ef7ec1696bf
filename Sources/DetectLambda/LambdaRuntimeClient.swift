import Foundation
import HTTPTransport

/// A client of the Lambda Runtime API that a custom runtime (our function's `bootstrap`) polls for events.
///
/// Plain HTTP to `AWS_LAMBDA_RUNTIME_API` (`host:port`), unsigned. `nextInvocation` waits as long as Lambda keeps
/// the function frozen, so it has no total timeout. Every call throws `LambdaRuntimeAPIError` for a non-2xx
/// answer and `HTTPClientError` when there is none.
/// Spec: https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
public struct LambdaRuntimeClient: Sendable {
    /// `host:port` of the Runtime API.
    public let endpoint: String
    private let httpClient: HTTPClient
    private let host: String
    private let port: Int?

    private static let apiVersion = "/2018-06-01"

    /// A client for `endpoint` (`host:port`, as in `AWS_LAMBDA_RUNTIME_API`).
    public init(endpoint: String, httpClient: HTTPClient = .shared) {
        self.endpoint = endpoint
        self.httpClient = httpClient
        if let colon = endpoint.lastIndex(of: ":"), let port = Int(endpoint[endpoint.index(after: colon)...]) {
            host = String(endpoint[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            self.port = port
        } else {
            host = endpoint
            port = nil
        }
    }

    /// A client for the Runtime API named by `AWS_LAMBDA_RUNTIME_API` in `environment`; nil when it is unset
    /// (the process is not running inside Lambda).
    public init?(environment: [String: String] = ProcessInfo.processInfo.environment, httpClient: HTTPClient = .shared) {
        guard let endpoint = environment["AWS_LAMBDA_RUNTIME_API"], !endpoint.isEmpty else { return nil }
        self.init(endpoint: endpoint, httpClient: httpClient)
    }

    private func request(_ method: String, _ path: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) -> HTTPRequest {
        HTTPRequest(method: method, scheme: "http", host: host, port: port, path: Self.apiVersion + path, headers: headers, body: body)
    }

    private func check(_ response: HTTPResponse, call: String) throws {
        guard !(200..<300).contains(response.status) else { return }
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        throw LambdaRuntimeAPIError(
            call: call, statusCode: response.status,
            errorType: object?["errorType"] as? String, errorMessage: object?["errorMessage"] as? String)
    }

    /// Waits for the next event (GET /runtime/invocation/next), however long that takes.
    public func nextInvocation() async throws -> LambdaInvocation {
        let response = try await httpClient.execute(request("GET", "/runtime/invocation/next"), timeout: .none)
        try check(response, call: "next")
        guard let requestId = response.header("Lambda-Runtime-Aws-Request-Id"), !requestId.isEmpty else {
            throw LambdaRuntimeAPIError(call: "next", statusCode: response.status, errorType: nil,
                                        errorMessage: "no Lambda-Runtime-Aws-Request-Id header")
        }
        return LambdaInvocation(
            requestId: requestId,
            deadlineMilliseconds: response.header("Lambda-Runtime-Deadline-Ms").flatMap { Int64($0) } ?? 0,
            invokedFunctionArn: response.header("Lambda-Runtime-Invoked-Function-Arn") ?? "",
            traceId: response.header("Lambda-Runtime-Trace-Id"),
            clientContext: response.header("Lambda-Runtime-Client-Context"),
            cognitoIdentity: response.header("Lambda-Runtime-Cognito-Identity"),
            payload: response.body)
    }

    /// Sends the function's result for `requestId` (POST /runtime/invocation/{id}/response).
    public func sendResponse(requestId: String, body: [UInt8], contentType: String = "application/json") async throws {
        let response = try await httpClient.execute(request(
            "POST", "/runtime/invocation/\(requestId)/response",
            headers: [(name: "Content-Type", value: contentType)], body: body))
        try check(response, call: "response")
    }

    /// Reports that handling `requestId` failed (POST /runtime/invocation/{id}/error).
    public func sendError(requestId: String, report: LambdaErrorReport) async throws {
        let response = try await httpClient.execute(request(
            "POST", "/runtime/invocation/\(requestId)/error", headers: errorHeaders(report), body: try encode(report)))
        try check(response, call: "error")
    }

    /// Reports that the runtime could not initialize (POST /runtime/init/error); Lambda then stops the environment.
    public func sendInitializationError(report: LambdaErrorReport) async throws {
        let response = try await httpClient.execute(request(
            "POST", "/runtime/init/error", headers: errorHeaders(report), body: try encode(report)))
        try check(response, call: "init/error")
    }

    private func errorHeaders(_ report: LambdaErrorReport) -> [(name: String, value: String)] {
        [(name: "Content-Type", value: "application/json"), (name: "Lambda-Runtime-Function-Error-Type", value: report.errorType)]
    }

    private func encode(_ report: LambdaErrorReport) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try [UInt8](encoder.encode(report))
    }
}
