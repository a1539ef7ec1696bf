/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and optional `AWS_SESSION_TOKEN`.
/// Spec: https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-envvars.html
public struct EnvironmentCredentialProvider: CredentialProvider {
    public let environment: [String: String]
    public var sourceDescription: String { "environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)" }

    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// nil when neither key variable is set (empty counts as unset).
    /// - Throws: `AWSConfigurationError.incompleteCredentials` when only one of the two is set.
    public func credentials() async throws -> AWSCredentials? {
        let accessKeyId = environment["AWS_ACCESS_KEY_ID"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = environment["AWS_SECRET_ACCESS_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        switch (accessKeyId, secret) {
        case (nil, nil):
            return nil
        case (.some, nil):
            throw AWSConfigurationError.incompleteCredentials(source: "environment", missing: "AWS_SECRET_ACCESS_KEY")
        case (nil, .some):
            throw AWSConfigurationError.incompleteCredentials(source: "environment", missing: "AWS_ACCESS_KEY_ID")
        case (.some(let accessKeyId), .some(let secret)):
            let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            return AWSCredentials(accessKeyId: accessKeyId, secretAccessKey: secret, sessionToken: token)
        }
    }
}
