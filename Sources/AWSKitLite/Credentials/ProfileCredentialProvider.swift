import Foundation
import Synchronization

/// Credentials from a profile of the shared config and credentials files (the credentials file's settings win over
/// the config file's), in whatever form its settings give them: an assumed role, web identity, a
/// `credential_process` or static keys (see `ProfileCredentialResolver` for the rules).
///
/// The files are read on the first call, and what they describe is kept for later calls, so assumed roles keep
/// their cached credentials; a call that fails reading them leaves nothing kept.
/// Spec: https://docs.aws.amazon.com/sdkref/latest/guide/file-format.html
public final class ProfileCredentialProvider: CredentialProvider {
    public let environment: [String: String]
    /// The profile named explicitly (an option), if any; otherwise `AWS_PROFILE`, then `default`.
    public let explicitProfile: String?
    private let fetch: HTTPFetch?
    private let sts: STSAccess?
    private let clock: @Sendable () -> Date
    /// What the profile resolved to, once it was found: a provider, or nil for a profile without credentials.
    private let resolved = Mutex<(any CredentialProvider)??>(nil)

    /// `fetch` serves `credential_source = EcsContainer`; `sts` every role (without it they fail with
    /// `.stsNotConfigured`); `clock` decides when temporary credentials are due for refresh.
    public init(environment: [String: String], profile: String? = nil, fetch: HTTPFetch? = nil, sts: STSAccess? = nil,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.environment = environment
        self.explicitProfile = profile
        self.fetch = fetch
        self.sts = sts
        self.clock = clock
    }

    public var profileName: String { SharedConfigFiles.profileName(explicit: explicitProfile, environment: environment) }

    public var sourceDescription: String { "shared credentials/config files (profile \(profileName))" }

    /// nil when the profile (if it is `default` and not named) or its credential settings are absent.
    /// - Throws: `AWSConfigurationError.profileNotFound` for a named profile in neither file, `.malformedProfile`
    ///   for a bad file, the other `AWSConfigurationError` cases for settings that cannot work, and the error of the
    ///   source they describe (`AWSError` from STS, `CredentialProcessError`).
    public func credentials() async throws -> AWSCredentials? {
        guard let provider = try source() else { return nil }
        return try await provider.credentials()
    }

    /// The provider the profile's settings describe (kept after the first success).
    private func source() throws -> (any CredentialProvider)? {
        try resolved.withLock { resolved in
            if let resolved { return resolved }
            let files = try SharedConfigFiles.load(environment: environment)
            let name = profileName
            guard files.settings(for: name) != nil else {
                let named = explicitProfile != nil || environment["AWS_PROFILE"].map { !$0.isEmpty } == true
                if named { throw AWSConfigurationError.profileNotFound(profile: name, files: files.searchedPaths) }
                return nil
            }
            let resolver = ProfileCredentialResolver(files: files, environment: environment, fetch: fetch, sts: sts, clock: clock)
            let provider = try resolver.provider(for: name)
            resolved = .some(provider)
            return provider
        }
    }
}
