import Foundation

/// Tries credential sources in order and returns the first that has credentials, caching them until five
/// minutes before they expire.
///
/// The standard chain, as the AWS SDKs order it (no EC2 instance metadata): explicit credentials, environment,
/// shared credentials/config files, container endpoint. As in botocore, naming a profile explicitly (not via
/// `AWS_PROFILE`) skips the environment variables. A source that is configured but broken stops the chain
/// with its error instead of being skipped.
/// Spec: https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html
public actor CredentialProviderChain: CredentialProvider {
    public nonisolated let providers: [any CredentialProvider]
    private let clock: @Sendable () -> Date
    private var cached: AWSCredentials?
    /// Seconds before `expiration` at which cached credentials are fetched again.
    public static let refreshMargin: TimeInterval = 300

    public init(providers: [any CredentialProvider], clock: @escaping @Sendable () -> Date = { Date() }) {
        self.providers = providers
        self.clock = clock
    }

    /// The standard chain for `environment`; `fetch` is needed only for container credentials.
    public static func standard(
        environment: [String: String], explicit: AWSCredentials? = nil, profile: String? = nil,
        fetch: HTTPFetch? = nil, clock: @escaping @Sendable () -> Date = { Date() }
    ) -> CredentialProviderChain {
        var providers: [any CredentialProvider] = []
        if let explicit { providers.append(StaticCredentialProvider(explicit)) }
        if profile == nil { providers.append(EnvironmentCredentialProvider(environment: environment)) }
        providers.append(ProfileCredentialProvider(environment: environment, profile: profile))
        providers.append(ContainerCredentialProvider(environment: environment, fetch: fetch))
        return CredentialProviderChain(providers: providers, clock: clock)
    }

    public nonisolated var sourceDescription: String {
        "credential chain: " + providers.map(\.sourceDescription).joined(separator: ", ")
    }

    /// The first source's credentials (cached).
    /// - Throws: `AWSConfigurationError.noCredentials` listing every source tried, or the first configured
    ///   source's own error.
    public func resolve() async throws -> AWSCredentials {
        if let cached, !cached.isExpired(at: clock(), margin: Self.refreshMargin) { return cached }
        for provider in providers {
            if let credentials = try await provider.credentials() {
                cached = credentials
                return credentials
            }
        }
        throw AWSConfigurationError.noCredentials(tried: providers.map(\.sourceDescription))
    }

    /// As `resolve()`; never nil.
    public func credentials() async throws -> AWSCredentials? {
        try await resolve()
    }

    /// Drops cached credentials so the next call asks the sources again (e.g. after an ExpiredToken answer).
    public func invalidate() {
        cached = nil
    }
}
