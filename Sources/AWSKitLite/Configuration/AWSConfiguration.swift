import Foundation
import Logging

/// Everything a service client needs to address and sign requests: region, credentials, endpoint overrides
/// and the clock signatures are dated with.
public struct AWSConfiguration: Sendable {
    public var region: String
    public var credentialProvider: any CredentialProvider
    /// An endpoint URL for every service, before any `AWS_ENDPOINT_URL*` variable.
    public var endpointOverride: String?
    /// The environment variables consulted for endpoints (injected so tests never touch the process's).
    public var environment: [String: String]
    /// This machine's clock; injectable for tests. Signatures carry `signingDate()`, this clock corrected.
    public var clock: @Sendable () -> Date
    /// The offset learned from AWS's clock-skew answers; shared by every copy of this configuration, so every
    /// client made from it signs with the corrected time once any of them has learned it.
    public var clockSkew: ClockSkewCorrection
    /// Where the clients report what a caller may want to know but need not act on (a corrected clock, refreshed
    /// credentials). Silent unless the caller passes a logger of its own.
    public var logger: Logger

    public init(region: String, credentialProvider: any CredentialProvider, endpointOverride: String? = nil,
                environment: [String: String] = [:], clock: @escaping @Sendable () -> Date = { Date() },
                logger: Logger = AWSConfiguration.silentLogger, clockSkew: ClockSkewCorrection = ClockSkewCorrection()) {
        self.region = region
        self.credentialProvider = credentialProvider
        self.endpointOverride = endpointOverride
        self.environment = environment
        self.clock = clock
        self.logger = logger
        self.clockSkew = clockSkew
    }

    /// A logger that drops everything: the default, so a library user sees nothing unasked.
    public static let silentLogger = Logger(label: "AWSKitLite", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A logger for command-line tools: warnings and worse (a corrected clock, a failed credential refresh), one line
    /// each on standard error, where they never mix with a tool's results.
    public static func standardErrorLogger(label: String) -> Logger {
        var logger = Logger(label: label, factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = .warning
        return logger
    }

    /// Resolves region (explicit, `AWS_REGION`, `AWS_DEFAULT_REGION`, profile) and builds the standard credential
    /// chain (see `CredentialProviderChain.standard`): explicit, environment keys, web identity from the environment,
    /// the profile (assumed role, web identity, `credential_process`, static keys), container credentials. Container
    /// credentials and STS calls for roles go through `httpClient`; STS calls use this configuration's region and
    /// endpoint. Credentials are not fetched until first needed.
    /// - Throws: `AWSConfigurationError.noRegion` or `.malformedProfile`.
    public static func resolve(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        region: String? = nil, profile: String? = nil, credentials: AWSCredentials? = nil,
        endpointURL: String? = nil, httpClient: HTTPClient = .shared, clock: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = AWSConfiguration.silentLogger
    ) throws -> AWSConfiguration {
        let resolvedRegion = try RegionResolver.resolve(explicit: region, environment: environment, profile: profile)
        let sts = STSAccess(region: resolvedRegion, endpointOverride: endpointURL, environment: environment,
                            httpClient: httpClient, clock: clock, logger: logger)
        let chain = CredentialProviderChain.standard(
            environment: environment, explicit: credentials, profile: profile, fetch: httpClient.fetch, sts: sts,
            clock: clock, logger: logger)
        return AWSConfiguration(region: resolvedRegion, credentialProvider: chain, endpointOverride: endpointURL,
                                environment: environment, clock: clock, logger: logger)
    }

    /// The endpoint for `service` (see `EndpointResolver`).
    /// - Throws: `AWSConfigurationError.invalidEndpoint`.
    public func endpoint(for service: AWSService) throws -> AWSEndpoint {
        try EndpointResolver.resolve(service: service, region: region, environment: environment, explicit: endpointOverride)
    }

    /// The current credentials.
    /// - Throws: `AWSConfigurationError.noCredentials` or the failing source's error.
    public func credentials() async throws -> AWSCredentials {
        guard let credentials = try await credentialProvider.credentials() else {
            throw AWSConfigurationError.noCredentials(tried: [credentialProvider.sourceDescription])
        }
        return credentials
    }

    /// A signer for `endpoint` with the current credentials.
    public func signer(for endpoint: AWSEndpoint) async throws -> SigV4Signer {
        SigV4Signer(credentials: try await credentials(), region: endpoint.signingRegion, service: endpoint.signingName)
    }

    /// The time a signature made now carries: `clock()` plus the learned clock-skew offset.
    public func signingDate() -> Date {
        clockSkew.corrected(clock())
    }

    /// Signs `request` for `endpoint` at `signingDate()`.
    public func sign(_ request: inout HTTPRequest, for endpoint: AWSEndpoint, payload: PayloadSigning = .signed) async throws {
        try await signer(for: endpoint).sign(&request, date: signingDate(), payload: payload)
    }
}
