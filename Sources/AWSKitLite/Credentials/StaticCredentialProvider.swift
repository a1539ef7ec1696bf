/// Credentials given explicitly (e.g. from command-line options), or a profile's static keys.
public struct StaticCredentialProvider: CredentialProvider {
    public let fixed: AWSCredentials
    public let sourceDescription: String

    public init(_ credentials: AWSCredentials, sourceDescription: String = "explicit credentials") {
        self.fixed = credentials
        self.sourceDescription = sourceDescription
    }

    /// Always the given credentials.
    public func credentials() async throws -> AWSCredentials? { fixed }
}
