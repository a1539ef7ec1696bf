/// Credentials from a profile of the shared credentials and config files (`aws_access_key_id`,
/// `aws_secret_access_key`, `aws_session_token`); the credentials file wins over the config file.
/// Spec: https://docs.aws.amazon.com/sdkref/latest/guide/file-format.html
public struct ProfileCredentialProvider: CredentialProvider {
    public let environment: [String: String]
    /// The profile named explicitly (an option), if any; otherwise `AWS_PROFILE`, then `default`.
    public let explicitProfile: String?

    public init(environment: [String: String], profile: String? = nil) {
        self.environment = environment
        self.explicitProfile = profile
    }

    public var profileName: String { SharedConfigFiles.profileName(explicit: explicitProfile, environment: environment) }

    public var sourceDescription: String { "shared credentials/config files (profile \(profileName))" }

    /// nil when the profile (if it is `default` and not named) or its keys are absent.
    /// - Throws: `AWSConfigurationError.profileNotFound` for a named profile in neither file,
    ///   `.incompleteCredentials` for half a key pair, `.malformedProfile` for a bad file.
    public func credentials() async throws -> AWSCredentials? {
        let files = try SharedConfigFiles.load(environment: environment)
        let name = profileName
        let named = explicitProfile != nil || environment["AWS_PROFILE"].map { !$0.isEmpty } == true
        guard let settings = files.settings(for: name) else {
            if named { throw AWSConfigurationError.profileNotFound(profile: name, files: files.searchedPaths) }
            return nil
        }
        let accessKeyId = settings["aws_access_key_id"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = settings["aws_secret_access_key"].flatMap { $0.isEmpty ? nil : $0 }
        switch (accessKeyId, secret) {
        case (nil, nil):
            return nil
        case (.some, nil):
            throw AWSConfigurationError.incompleteCredentials(source: "profile \(name)", missing: "aws_secret_access_key")
        case (nil, .some):
            throw AWSConfigurationError.incompleteCredentials(source: "profile \(name)", missing: "aws_access_key_id")
        case (.some(let accessKeyId), .some(let secret)):
            let token = settings["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
            return AWSCredentials(accessKeyId: accessKeyId, secretAccessKey: secret, sessionToken: token)
        }
    }
}
