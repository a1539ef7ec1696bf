/// Why AWSKitLite could not work out credentials, a region or an endpoint. Messages name the file, line,
/// variable or URL to fix; they never contain a secret key, session token or signature.
public enum AWSConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No source in the chain had credentials; `tried` says, per source, what was looked at.
    case noCredentials(tried: [String])
    /// A source had part of a key pair (e.g. an access key id without a secret).
    case incompleteCredentials(source: String, missing: String)
    /// No region was given, nor found in `AWS_REGION`, `AWS_DEFAULT_REGION` or the profile.
    case noRegion(tried: [String])
    /// A shared config or credentials file has a line that is neither a section, `key = value`, a comment,
    /// a continuation nor blank. `line` counts from 1.
    case malformedProfile(file: String, line: Int, reason: String)
    /// A profile was asked for by name (explicitly or `AWS_PROFILE`) but is in none of the files.
    case profileNotFound(profile: String, files: [String])
    /// An endpoint URL (explicit, `AWS_ENDPOINT_URL*`) that is not `http(s)://host[:port][/path]`.
    case invalidEndpoint(url: String, source: String)
    /// The container credentials endpoint refused, failed or answered something that is not credentials.
    case containerCredentialsFailed(url: String, status: Int?, reason: String)
    /// `AWS_CONTAINER_CREDENTIALS_FULL_URI` names a plain-http host that is not loopback or the ECS/EKS agent.
    case containerCredentialsHostNotAllowed(url: String)
    /// `source_profile` settings lead back to a profile already on the way; `profiles` is the path, the repeated
    /// profile last (`["a", "b", "a"]`).
    case profileCycle(profiles: [String])
    /// A profile's `source_profile` names a profile that is in neither file.
    case sourceProfileNotFound(profile: String, sourceProfile: String, files: [String])
    /// A profile with `role_arn` sets both `source_profile` and `credential_source` (the AWS SDKs refuse it too).
    case conflictingRoleSources(profile: String)
    /// A profile with `role_arn` says neither where the credentials to assume it come from (`source_profile`,
    /// `credential_source`) nor a `web_identity_token_file`.
    case missingRoleSource(profile: String)
    /// A `credential_source` other than `Environment` and `EcsContainer`; `Ec2InstanceMetadata` is one, because
    /// AWSKitLite does not read EC2 instance metadata.
    case unsupportedCredentialSource(profile: String, credentialSource: String)
    /// A profile with `mfa_serial`: assuming its role needs a code typed in, and AWSKitLite never prompts.
    case mfaNotSupported(profile: String, mfaSerial: String)
    /// A profile setting whose value is not what it must be (e.g. `duration_seconds` that is not a whole number).
    case invalidProfileSetting(profile: String, key: String, value: String, expected: String)
    /// The source of a role's credentials (`source`: a source profile or a `credential_source`) has none; `role`
    /// says which role (`role arn:... (profile deploy)`).
    case roleSourceHasNoCredentials(role: String, source: String)
    /// A web identity token file (named by `setting`) that cannot be read or is empty.
    case webIdentityTokenUnreadable(file: String, setting: String)
    /// `source` must call STS, but its chain was built without a way to reach STS (`STSAccess`).
    case stsNotConfigured(source: String)

    public var description: String {
        switch self {
        case .noCredentials(let tried):
            return "no AWS credentials found; tried: " + tried.joined(separator: "; ")
        case .incompleteCredentials(let source, let missing):
            return "incomplete AWS credentials in \(source): \(missing) is missing"
        case .noRegion(let tried):
            return "no AWS region configured; set one explicitly or via " + tried.joined(separator: ", ")
        case .malformedProfile(let file, let line, let reason):
            return "\(file):\(line): \(reason)"
        case .profileNotFound(let profile, let files):
            return "AWS profile '\(profile)' not found in " + files.joined(separator: " or ")
        case .invalidEndpoint(let url, let source):
            return "invalid endpoint URL '\(url)' from \(source): expected http(s)://host[:port][/path]"
        case .containerCredentialsFailed(let url, let status, let reason):
            return "container credentials from \(url) failed" + (status.map { " (HTTP \($0))" } ?? "") + ": \(reason)"
        case .containerCredentialsHostNotAllowed(let url):
            return "container credentials URL \(url) must be https, or http to a loopback address or the ECS/EKS agent"
        case .profileCycle(let profiles):
            return "AWS profiles source each other in a loop: " + profiles.joined(separator: " -> ")
        case .sourceProfileNotFound(let profile, let sourceProfile, let files):
            return "source_profile '\(sourceProfile)' of AWS profile '\(profile)' not found in " + files.joined(separator: " or ")
        case .conflictingRoleSources(let profile):
            return "AWS profile '\(profile)' sets both source_profile and credential_source; keep one"
        case .missingRoleSource(let profile):
            return "AWS profile '\(profile)' has role_arn but no source_profile, credential_source or web_identity_token_file"
        case .unsupportedCredentialSource(let profile, let credentialSource) where credentialSource == "Ec2InstanceMetadata":
            return "credential_source Ec2InstanceMetadata in AWS profile '\(profile)' is not supported: AWSKitLite does not "
                + "read EC2 instance metadata; use Environment, EcsContainer or a source_profile"
        case .unsupportedCredentialSource(let profile, let credentialSource):
            return "credential_source '\(credentialSource)' in AWS profile '\(profile)' is not valid: expected Environment or EcsContainer"
        case .mfaNotSupported(let profile, let mfaSerial):
            return "AWS profile '\(profile)' needs an MFA code (mfa_serial \(mfaSerial)) and AWSKitLite never prompts; "
                + "use credentials from a session that already passed MFA, or a profile without mfa_serial"
        case .invalidProfileSetting(let profile, let key, let value, let expected):
            return "\(key) '\(value)' in AWS profile '\(profile)' is not valid: expected \(expected)"
        case .roleSourceHasNoCredentials(let role, let source):
            return "cannot assume \(role): \(source) has no credentials"
        case .webIdentityTokenUnreadable(let file, let setting):
            return "web identity token file \(file) (\(setting)) cannot be read or is empty"
        case .stsNotConfigured(let source):
            return "\(source) needs STS, but the credential chain was built without STS access"
        }
    }
}
