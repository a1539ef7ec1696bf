import Foundation

/// What every service client is: the API it calls (`api`: wire protocol, version, target prefix) and the core that
/// sends to it (`core`: endpoint, signing, retries, errors). A client's own file holds its `api`, its initializer and
/// its operations; the calls those operations make, one per wire protocol, are here.
protocol AWSServiceClient: Sendable {
    /// The API this client calls.
    static var api: AWSServiceAPI { get }
    var core: AWSServiceCore { get }
}

extension AWSServiceClient {
    /// The core for `api` at the endpoint `configuration` resolves: what each client's initializer keeps.
    /// - Throws: `AWSConfigurationError.invalidEndpoint` for a malformed endpoint override.
    static func core(configuration: AWSConfiguration, httpClient: HTTPClient, retryPolicy: RetryPolicy) throws -> AWSServiceCore {
        try AWSServiceCore(api: api, configuration: configuration, httpClient: httpClient, retryPolicy: retryPolicy)
    }

    /// A JSON-protocol operation: `input` encoded as the body, the answer decoded as `Output`.
    func call<Output: Decodable>(
        _ operation: String, _ input: some Encodable & Sendable, as: Output.Type = Output.self
    ) async throws -> Output {
        try core.decodeJSON(Output.self, from: await core.sendJSON(operation: operation, input: input), operation: operation)
    }

    /// A Query-protocol operation: the `<Operation>Result` element of the answer (or its root when there is none).
    /// `signed` is false for the operations AWS serves without credentials.
    func call(_ operation: String, _ parameters: [(String, String)] = [], signed: Bool = true) async throws -> XMLTreeNode {
        try await core.sendQuery(operation: operation, parameters: parameters, signed: signed)
    }

    /// A REST operation (S3, Lambda): the request `makeRequest` builds, signed and retried as `AWSServiceCore.send`
    /// says; returns the 2xx response.
    func send(
        _ operation: String, timeout: HTTPClient.Timeout = .default, _ makeRequest: @escaping @Sendable () -> HTTPRequest
    ) async throws -> HTTPResponse {
        try await core.send(operation: operation, timeout: timeout, makeRequest)
    }

    /// A REST-JSON operation (Lambda) on `path` (below the endpoint, unencoded): `input`, when given, as the JSON body.
    func send(
        _ operation: String, method: String, path: String, json input: (some Encodable & Sendable)?,
        query: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = []
    ) async throws -> HTTPResponse {
        var headers = headers
        var body: [UInt8] = []
        if let input {
            body = try [UInt8](JSONEncoder().encode(input))
            headers.append((name: "Content-Type", value: "application/json"))
        }
        let requestHeaders = headers, requestBody = body
        return try await send(operation) {
            core.request(method: method, path: path, query: query, headers: requestHeaders, body: requestBody)
        }
    }

    /// A REST-JSON operation whose answer is decoded as `Output`.
    func call<Output: Decodable>(
        _ operation: String, method: String, path: String, json input: (some Encodable & Sendable)?,
        query: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = [], as: Output.Type
    ) async throws -> Output {
        let response = try await send(operation, method: method, path: path, json: input, query: query, headers: headers)
        return try core.decodeJSON(Output.self, from: response, operation: operation)
    }

    /// An XML answer's root element, or `AWSResponseDecodingError` when the body is not XML.
    func parseXML(_ response: HTTPResponse, operation: String) throws -> XMLTreeNode {
        try core.parseXML(response, operation: operation)
    }
}
