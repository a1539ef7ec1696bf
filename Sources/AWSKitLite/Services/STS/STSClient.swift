/// Who the caller is, as STS GetCallerIdentity reports it.
/// Spec: https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
public struct STSCallerIdentity: Sendable, Equatable {
    /// 12-digit account id.
    public var account: String
    public var arn: String
    public var userId: String
}

/// STS over the Query protocol (Version 2011-06-15).
///
/// Throws `AWSError` for an error response (e.g. `InvalidClientTokenId`, `SignatureDoesNotMatch`) and
/// `HTTPClientError` when no response came. Spec: https://docs.aws.amazon.com/STS/latest/APIReference/welcome.html
public struct STSClient: AWSServiceClient {
    static let api = AWSServiceAPI.query(.sts, version: "2011-06-15")
    let core: AWSServiceCore

    /// A client for the endpoint `configuration` resolves (standard AWS, or an `AWS_ENDPOINT_URL*`/explicit override).
    /// - Throws: `AWSConfigurationError.invalidEndpoint` for a malformed override.
    public init(configuration: AWSConfiguration, httpClient: HTTPClient = .shared, retryPolicy: RetryPolicy = .standard) throws {
        core = try Self.core(configuration: configuration, httpClient: httpClient, retryPolicy: retryPolicy)
    }

    /// Where this client sends requests.
    public var endpoint: AWSEndpoint { core.endpoint }

    /// The account, ARN and user id of the credentials that signed the call.
    public func getCallerIdentity() async throws -> STSCallerIdentity {
        let result = try await call("GetCallerIdentity")
        guard let account = result.text(of: "Account"), let arn = result.text(of: "Arn") else {
            throw AWSResponseDecodingError(service: core.service, operation: "GetCallerIdentity", statusCode: 200, reason: "no Account and Arn")
        }
        return STSCallerIdentity(account: account, arn: arn, userId: result.text(of: "UserId") ?? "")
    }
}
