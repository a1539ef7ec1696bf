/// One place credentials can come from (explicit values, the environment, a profile, the container agent).
public protocol CredentialProvider: Sendable {
    /// What this source is, for error messages: e.g. `environment (AWS_ACCESS_KEY_ID)`.
    var sourceDescription: String { get }

    /// The credentials, or nil when this source is not configured at all.
    /// - Throws: `AWSConfigurationError` when the source is configured but broken (half a key pair, a bad
    ///   file, a failing endpoint), so a misconfiguration is reported rather than skipped.
    func credentials() async throws -> AWSCredentials?
}
