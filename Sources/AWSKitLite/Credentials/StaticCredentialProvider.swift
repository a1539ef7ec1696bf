/// Credentials given explicitly, e.g. from command-line options.
public struct StaticCredentialProvider: CredentialProvider {
    public let fixed: AWSCredentials
    public var sourceDescription: String { "explicit credentials" }

    public init(_ credentials: AWSCredentials) {
        self.fixed = credentials
    }

    /// Always the given credentials.
    public func credentials() async throws -> AWSCredentials? { fixed }
}
