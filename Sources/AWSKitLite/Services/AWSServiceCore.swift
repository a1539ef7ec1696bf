import Foundation

/// What every service client shares: where to send, how to sign, how to retry, how to read errors.
///
/// Each attempt builds the request afresh and signs it with the current time and current credentials, so a retry
/// carries a fresh `X-Amz-Date` and refreshed temporary credentials.
struct AWSServiceCore: Sendable {
    let api: AWSServiceAPI
    let configuration: AWSConfiguration
    let endpoint: AWSEndpoint
    let httpClient: HTTPClient
    let retryPolicy: RetryPolicy

    /// Resolves the endpoint of `api`'s service from `configuration`.
    /// - Throws: `AWSConfigurationError.invalidEndpoint` for a malformed endpoint override.
    init(api: AWSServiceAPI, configuration: AWSConfiguration, httpClient: HTTPClient, retryPolicy: RetryPolicy) throws {
        self.api = api
        self.configuration = configuration
        self.endpoint = try configuration.endpoint(for: api.service)
        self.httpClient = httpClient
        self.retryPolicy = retryPolicy
    }

    /// The SigV4 signing name (`s3`, `dynamodb`, `lambda`, `iam`, `sts`, `ecr`).
    var service: String { endpoint.signingName }

    /// A request to `path` (unencoded, below the endpoint's base path) on this service's endpoint.
    func request(
        method: String, path: String = "/", query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [], body: [UInt8] = []
    ) -> HTTPRequest {
        endpoint.request(method: method, path: path, query: query, headers: headers, body: body)
    }

    /// Sends the request `makeRequest` builds, signed (unless `signed` is false: operations AWS serves without
    /// credentials), retried per `retryPolicy`; returns a 2xx response. A refusal for clock skew is sent again once
    /// per call, signed with the corrected clock (not counted as a retry); S3's 307 redirects are followed within each
    /// try (`exchange`).
    /// Throws `AWSError` for an error response and `HTTPClientError` when no response came, after the last try.
    func send(
        operation: String, payload: PayloadSigning = .signed, signed: Bool = true, timeout: HTTPClient.Timeout = .default,
        _ makeRequest: @Sendable () -> HTTPRequest
    ) async throws -> HTTPResponse {
        var clockCorrected = false
        return try await retryPolicy.run { _ in
            while true {
                let response = try await exchange(makeRequest(), payload: payload, signed: signed, timeout: timeout)
                guard !(200..<300).contains(response.status) else { return response }
                let error = AWSError.decode(response, service: service, operation: operation, wireProtocol: api.wireProtocol)
                guard !clockCorrected, correctClock(after: error, in: response) else { throw error }
                clockCorrected = true
            }
        }
    }

    /// A JSON-protocol call (`X-Amz-Target: <api.targetPrefix>.<operation>`): `input` encoded as the body; returns
    /// the 2xx response.
    /// Spec: https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html
    func sendJSON(operation: String, input: some Encodable & Sendable) async throws -> HTTPResponse {
        guard let targetPrefix = api.targetPrefix, let jsonVersion = api.jsonVersion else {
            preconditionFailure("\(api.service.signingName) does not speak a JSON protocol")
        }
        let body = try [UInt8](JSONEncoder().encode(input))
        return try await send(operation: operation) {
            request(method: "POST", headers: [
                (name: "Content-Type", value: "application/x-amz-json-\(jsonVersion)"),
                (name: "X-Amz-Target", value: "\(targetPrefix).\(operation)"),
            ], body: body)
        }
    }

    /// A JSON-protocol call whose output is decoded as `Output`.
    func sendJSON<Output: Decodable>(
        operation: String, input: some Encodable & Sendable, as: Output.Type = Output.self
    ) async throws -> Output {
        try decodeJSON(Output.self, from: await sendJSON(operation: operation, input: input), operation: operation)
    }

    /// A Query-protocol call (`Action=<operation>&Version=<api.version>&...`, form-encoded POST); returns the
    /// `<operation>Result` element (or the root when there is none); `signed` as in `send`.
    /// Spec: https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
    func sendQuery(operation: String, parameters: [(String, String)], signed: Bool = true) async throws -> XMLTreeNode {
        var form: [UInt8] = []
        for (index, (name, value)) in ([("Action", operation), ("Version", api.version)] + parameters).enumerated() {
            if index > 0 { form.append(UInt8(ascii: "&")) }
            URIEncoding.append(name, encodeSlash: true, to: &form)
            form.append(UInt8(ascii: "="))
            URIEncoding.append(value, encodeSlash: true, to: &form)
        }
        let body = form
        let response = try await send(operation: operation, signed: signed) {
            request(method: "POST", headers: [
                (name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8"),
            ], body: body)
        }
        let root = try parseXML(response, operation: operation)
        return root.firstDescendant("\(operation)Result") ?? root
    }

    /// An XML body's root element, or `AWSResponseDecodingError` when the body is not XML.
    func parseXML(_ response: HTTPResponse, operation: String) throws -> XMLTreeNode {
        guard let root = XMLTreeNode.parse(response.body) else {
            throw decodingError(operation: operation, response: response, reason: "the body is not XML")
        }
        return root
    }

    /// Decodes a JSON body, or throws `AWSResponseDecodingError` naming what did not fit.
    func decodeJSON<Output: Decodable>(_ type: Output.Type, from response: HTTPResponse, operation: String) throws -> Output {
        do {
            let body = response.body.isEmpty ? Array("{}".utf8) : response.body
            return try JSONDecoder().decode(Output.self, from: Data(body))
        } catch {
            throw decodingError(operation: operation, response: response, reason: String(describing: error))
        }
    }

    func decodingError(operation: String, response: HTTPResponse, reason: String) -> AWSResponseDecodingError {
        AWSResponseDecodingError(
            service: service, operation: operation, statusCode: response.status, reason: reason,
            requestId: response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id"))
    }
}
