import Foundation
import Logging

/// Tries credential sources in order and returns the first that has credentials.
///
/// The standard chain follows the order the AWS SDKs document (without EC2 instance metadata): explicit
/// credentials; the environment's keys; web identity from the environment (`AWS_WEB_IDENTITY_TOKEN_FILE`,
/// `AWS_ROLE_ARN`); the profile (an assumed role, web identity, `credential_process` or static keys); container
/// credentials. As in botocore, naming a profile explicitly (not via `AWS_PROFILE`) skips the environment's keys
/// and web identity. A source that is configured but broken stops the chain with its error instead of being
/// skipped.
///
/// Nothing is fetched before the first call. Credentials are then kept until `refreshMargin` seconds before they
/// expire; concurrent callers share one refresh, and a refresh that fails while the kept credentials have not
/// expired yet returns those, with a warning on the logger.
/// Spec: https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html
public final class CredentialProviderChain: CredentialProvider {
    public let providers: [any CredentialProvider]
    private let cache: CredentialCache
    /// Seconds before `expiration` at which kept credentials are fetched again.
    public static let refreshMargin: TimeInterval = 300

    /// `clock` decides when kept credentials are due for refresh; `logger` gets the warning for a failed refresh.
    public init(providers: [any CredentialProvider], clock: @escaping @Sendable () -> Date = { Date() },
                logger: Logger = AWSConfiguration.silentLogger) {
        self.providers = providers
        cache = CredentialCache(source: "credential chain", refreshMargin: Self.refreshMargin, clock: clock, logger: logger)
    }

    /// The standard chain for `environment`. `fetch` serves container credentials (also as a role's
    /// `credential_source = EcsContainer`), `sts` assumed roles and web identity; without them those sources fail
    /// with an error saying so.
    /// Spec: https://docs.aws.amazon.com/sdkref/latest/guide/feature-assume-role-credentials.html
    public static func standard(
        environment: [String: String], explicit: AWSCredentials? = nil, profile: String? = nil,
        fetch: HTTPFetch? = nil, sts: STSAccess? = nil, clock: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = AWSConfiguration.silentLogger
    ) -> CredentialProviderChain {
        var providers: [any CredentialProvider] = []
        if let explicit { providers.append(StaticCredentialProvider(explicit)) }
        if profile == nil {
            providers.append(EnvironmentCredentialProvider(environment: environment))
            providers.append(EnvironmentWebIdentityCredentialProvider(environment: environment, sts: sts, clock: clock))
        }
        providers.append(ProfileCredentialProvider(environment: environment, profile: profile, fetch: fetch, sts: sts, clock: clock))
        providers.append(ContainerCredentialProvider(environment: environment, fetch: fetch))
        return CredentialProviderChain(providers: providers, clock: clock, logger: logger)
    }

    public var sourceDescription: String {
        "credential chain: " + providers.map(\.sourceDescription).joined(separator: ", ")
    }

    /// The first source's credentials (kept until due for refresh).
    /// - Throws: `AWSConfigurationError.noCredentials` listing every source tried, or the first configured
    ///   source's own error.
    public func resolve() async throws -> AWSCredentials {
        let providers = self.providers
        let found = try await cache.credentials {
            for provider in providers {
                if let credentials = try await provider.credentials() { return credentials }
            }
            return nil
        }
        guard let found else { throw AWSConfigurationError.noCredentials(tried: providers.map(\.sourceDescription)) }
        return found
    }

    /// As `resolve()`; never nil.
    public func credentials() async throws -> AWSCredentials? {
        try await resolve()
    }

    /// Drops the kept credentials so the next call asks the sources again (e.g. after an ExpiredToken answer).
    public func invalidate() async {
        await cache.invalidate()
    }
}
