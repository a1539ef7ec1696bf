import Foundation

/// Temporary credentials for an IAM role from STS AssumeRoleWithWebIdentity (an unsigned call), in exchange for
/// the OpenID Connect token in `tokenFile`, as EKS (IAM roles for service accounts) and CI systems provide it.
///
/// The token file is read again for every fetch, because those systems rotate it. Credentials are fetched on first
/// use and refreshed `CredentialProviderChain.refreshMargin` seconds before they expire, once for all concurrent
/// callers. The token never appears in an error or log.
/// Spec: https://docs.aws.amazon.com/sdkref/latest/guide/feature-assume-role-credentials.html
public final class WebIdentityCredentialProvider: CredentialProvider {
    public let tokenFile: String
    public let roleArn: String
    /// `role_session_name` / `AWS_ROLE_SESSION_NAME`, else `AssumeRoleCredentialProvider.defaultSessionName`.
    public let sessionName: String
    public let durationSeconds: Int?
    /// E.g. `web identity role arn:... (AWS_WEB_IDENTITY_TOKEN_FILE)`.
    public let sourceDescription: String
    /// Where `tokenFile` was configured (`AWS_WEB_IDENTITY_TOKEN_FILE`, `web_identity_token_file of profile ci`).
    let tokenFileSetting: String
    private let sts: STSAccess?
    private let cache: CredentialCache

    /// `sts` nil makes every fetch fail with `AWSConfigurationError.stsNotConfigured`. `clock` decides when cached
    /// credentials are due for refresh.
    public init(
        tokenFile: String, roleArn: String, sessionName: String? = nil, durationSeconds: Int? = nil,
        tokenFileSetting: String = "web_identity_token_file", sts: STSAccess?, clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.tokenFile = tokenFile
        self.roleArn = roleArn
        self.sessionName = sessionName ?? AssumeRoleCredentialProvider.defaultSessionName(at: clock())
        self.durationSeconds = durationSeconds
        self.tokenFileSetting = tokenFileSetting
        self.sts = sts
        sourceDescription = "web identity role \(roleArn) (\(tokenFileSetting))"
        cache = CredentialCache(source: sourceDescription, refreshMargin: CredentialProviderChain.refreshMargin, clock: clock,
                                logger: sts?.logger ?? AWSConfiguration.silentLogger)
    }

    /// The role's credentials (cached), never nil.
    /// - Throws: `AWSConfigurationError.webIdentityTokenUnreadable`, `.stsNotConfigured`, `AWSError` from STS
    ///   (`AccessDenied`, `InvalidIdentityToken`, `ExpiredTokenException`).
    public func credentials() async throws -> AWSCredentials? {
        try await cache.credentials { [self] in try await assume() }
    }

    private func assume() async throws -> AWSCredentials {
        guard let sts else { throw AWSConfigurationError.stsNotConfigured(source: sourceDescription) }
        let token = FileManager.default.contents(atPath: tokenFile)
            .map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        guard !token.isEmpty else {
            throw AWSConfigurationError.webIdentityTokenUnreadable(file: tokenFile, setting: tokenFileSetting)
        }
        let assumed = try await sts.unsignedClient().assumeRoleWithWebIdentity(
            roleArn: roleArn, sessionName: sessionName, webIdentityToken: token, durationSeconds: durationSeconds)
        sts.logger.info("assumed role with web identity", metadata: [
            "arn": "\(assumed.assumedRoleArn)",
            "expiration": "\(assumed.credentials.expiration.map { SigningTimestamp($0).amzDate } ?? "")",
        ])
        return assumed.credentials
    }
}

/// Web identity configured by the environment, as EKS and CI systems set it: `AWS_WEB_IDENTITY_TOKEN_FILE`,
/// `AWS_ROLE_ARN`, optional `AWS_ROLE_SESSION_NAME`.
/// Spec: https://docs.aws.amazon.com/sdkref/latest/guide/feature-assume-role-credentials.html
public struct EnvironmentWebIdentityCredentialProvider: CredentialProvider {
    public let environment: [String: String]
    private let role: WebIdentityCredentialProvider?

    public init(environment: [String: String], sts: STSAccess?, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.environment = environment
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let tokenFile = value("AWS_WEB_IDENTITY_TOKEN_FILE"), let roleArn = value("AWS_ROLE_ARN") {
            role = WebIdentityCredentialProvider(
                tokenFile: tokenFile, roleArn: roleArn, sessionName: value("AWS_ROLE_SESSION_NAME"),
                tokenFileSetting: "AWS_WEB_IDENTITY_TOKEN_FILE", sts: sts, clock: clock)
        } else {
            role = nil
        }
    }

    public var sourceDescription: String { "web identity (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN)" }

    /// nil when `AWS_WEB_IDENTITY_TOKEN_FILE` is not set.
    /// - Throws: `AWSConfigurationError.incompleteCredentials` when `AWS_ROLE_ARN` is missing, else as
    ///   `WebIdentityCredentialProvider.credentials()`.
    public func credentials() async throws -> AWSCredentials? {
        if let role { return try await role.credentials() }
        guard environment["AWS_WEB_IDENTITY_TOKEN_FILE"].map({ !$0.isEmpty }) == true else { return nil }
        throw AWSConfigurationError.incompleteCredentials(source: "environment (web identity)", missing: "AWS_ROLE_ARN")
    }
}
