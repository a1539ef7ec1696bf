import Foundation

/// Temporary credentials for an IAM role from STS AssumeRole, asked for with the credentials of another source
/// (a source profile, the environment, the container endpoint).
///
/// They are fetched on first use, kept until `CredentialProviderChain.refreshMargin` seconds before they expire and
/// then fetched again, once for all concurrent callers; the source is asked anew for every fetch.
/// Spec: https://docs.aws.amazon.com/sdkref/latest/guide/feature-assume-role-credentials.html
public final class AssumeRoleCredentialProvider: CredentialProvider {
    public let roleArn: String
    /// `role_session_name`, else `AssumeRoleCredentialProvider.defaultSessionName` at creation.
    public let sessionName: String
    public let externalId: String?
    public let durationSeconds: Int?
    /// Where the credentials that sign AssumeRole come from.
    public let source: any CredentialProvider
    /// E.g. `role arn:aws:iam::123456789012:role/deploy (profile deploy)`.
    public let sourceDescription: String
    private let sts: STSAccess?
    private let cache: CredentialCache

    /// `profile` names the profile that configured the role, for messages. `sts` nil makes every fetch fail with
    /// `AWSConfigurationError.stsNotConfigured`. `clock` decides when cached credentials are due for refresh.
    public init(
        roleArn: String, sessionName: String? = nil, externalId: String? = nil, durationSeconds: Int? = nil,
        source: any CredentialProvider, sts: STSAccess?, profile: String? = nil,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.roleArn = roleArn
        self.sessionName = sessionName ?? Self.defaultSessionName(at: clock())
        self.externalId = externalId
        self.durationSeconds = durationSeconds
        self.source = source
        self.sts = sts
        sourceDescription = Self.description(roleArn: roleArn, profile: profile)
        cache = CredentialCache(source: sourceDescription, refreshMargin: CredentialProviderChain.refreshMargin, clock: clock,
                                logger: sts?.logger ?? AWSConfiguration.silentLogger)
    }

    /// `role <arn>`, with ` (profile <name>)` when a profile configured it.
    static func description(roleArn: String, profile: String?) -> String {
        "role \(roleArn)" + (profile.map { " (profile \($0))" } ?? "")
    }

    /// The session name when none is configured: `awskitlite-session-<unix seconds>`, as botocore names its own
    /// `botocore-session-<unix seconds>`.
    public static func defaultSessionName(at date: Date) -> String {
        "awskitlite-session-\(Int(date.timeIntervalSince1970))"
    }

    /// The role's credentials (cached), never nil.
    /// - Throws: `AWSConfigurationError.roleSourceHasNoCredentials` or the source's own error, `AWSError` from STS
    ///   (e.g. `AccessDenied`, `SignatureDoesNotMatch` for a wrong source secret), `.stsNotConfigured`.
    public func credentials() async throws -> AWSCredentials? {
        try await cache.credentials { [self] in try await assume() }
    }

    private func assume() async throws -> AWSCredentials {
        guard let sts else { throw AWSConfigurationError.stsNotConfigured(source: sourceDescription) }
        guard let sourceCredentials = try await source.credentials() else {
            throw AWSConfigurationError.roleSourceHasNoCredentials(role: sourceDescription, source: source.sourceDescription)
        }
        let assumed = try await sts.client(signingWith: sourceCredentials).assumeRole(
            roleArn: roleArn, sessionName: sessionName, durationSeconds: durationSeconds, externalId: externalId)
        sts.logger.info("assumed role", metadata: [
            "arn": "\(assumed.assumedRoleArn)",
            "expiration": "\(assumed.credentials.expiration.map { SigningTimestamp($0).amzDate } ?? "")",
        ])
        return assumed.credentials
    }
}
