import Foundation
import Logging

/// How credential providers that assume a role reach STS: with the region and endpoint override the rest of the
/// configuration uses (so an emulator answers these calls too; on AWS the regional `sts.<region>.amazonaws.com`),
/// the HTTP client, the clock requests are signed with, and the logger.
public struct STSAccess: Sendable {
    public var region: String
    /// An endpoint URL for STS, before any `AWS_ENDPOINT_URL*` variable in `environment`.
    public var endpointOverride: String?
    /// The variables consulted for the endpoint.
    public var environment: [String: String]
    public var httpClient: HTTPClient
    public var clock: @Sendable () -> Date
    public var logger: Logger

    public init(region: String, endpointOverride: String? = nil, environment: [String: String] = [:],
                httpClient: HTTPClient = .shared, clock: @escaping @Sendable () -> Date = { Date() },
                logger: Logger = AWSConfiguration.silentLogger) {
        self.region = region
        self.endpointOverride = endpointOverride
        self.environment = environment
        self.httpClient = httpClient
        self.clock = clock
        self.logger = logger
    }

    /// An STS client that signs with `credentials`.
    /// - Throws: `AWSConfigurationError.invalidEndpoint` for a malformed endpoint override.
    func client(signingWith credentials: AWSCredentials) throws -> STSClient {
        try client(StaticCredentialProvider(credentials))
    }

    /// An STS client for unsigned operations only (AssumeRoleWithWebIdentity): it has no credentials to sign with.
    func unsignedClient() throws -> STSClient {
        try client(NoCredentialProvider())
    }

    private func client(_ credentials: any CredentialProvider) throws -> STSClient {
        let configuration = AWSConfiguration(region: region, credentialProvider: credentials, endpointOverride: endpointOverride,
                                             environment: environment, clock: clock, logger: logger)
        return try STSClient(configuration: configuration, httpClient: httpClient)
    }
}

/// No credentials at all: what a client that only sends unsigned requests is given.
private struct NoCredentialProvider: CredentialProvider {
    var sourceDescription: String { "none (unsigned requests only)" }
    func credentials() async throws -> AWSCredentials? { nil }
}
