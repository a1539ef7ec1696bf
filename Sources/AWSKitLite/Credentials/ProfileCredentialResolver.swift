import Foundation

/// Turns a profile of the shared config and credentials files into the credential provider its settings describe,
/// by the rules of botocore and the AWS SDKs:
/// - `role_arn` + `web_identity_token_file`: web identity (`role_session_name`, `duration_seconds`);
/// - `role_arn` + `source_profile` (resolved by these same rules, to any depth) or `credential_source`
///   (`Environment`, `EcsContainer`): an assumed role (`external_id`, `role_session_name`, `duration_seconds`);
///   a profile may name itself as source to use its own static keys; `mfa_serial` is refused (nothing can prompt);
/// - `credential_process`: the command's credentials;
/// - `aws_access_key_id` + `aws_secret_access_key` (+ `aws_session_token`): static keys.
/// As a source, a profile's static keys come first: they end the chain even beside a `role_arn`.
/// Spec: https://docs.aws.amazon.com/sdkref/latest/guide/feature-assume-role-credentials.html
struct ProfileCredentialResolver {
    var files: SharedConfigFiles
    var environment: [String: String]
    /// For `credential_source = EcsContainer`.
    var fetch: HTTPFetch?
    var sts: STSAccess?
    var clock: @Sendable () -> Date

    /// The provider for `profile`, which must exist; nil when it has no credential settings.
    /// - Throws: `AWSConfigurationError` for a setting that cannot work (see its cases), naming the profile.
    func provider(for profile: String) throws -> (any CredentialProvider)? {
        try provider(for: profile, path: [])
    }

    /// `path` holds the profiles that led here through `source_profile`, the first one first.
    private func provider(for name: String, path: [String]) throws -> (any CredentialProvider)? {
        let settings = files.settings(for: name) ?? [:]
        func value(_ key: String) -> String? { settings[key].flatMap { $0.isEmpty ? nil : $0 } }
        let isSource = !path.isEmpty
        let path = path + [name]

        if isSource, let keys = try staticKeys(settings, profile: name) { return keys }
        if let roleArn = value("role_arn") {
            if let tokenFile = value("web_identity_token_file") {
                return WebIdentityCredentialProvider(
                    tokenFile: tokenFile, roleArn: roleArn, sessionName: value("role_session_name"),
                    durationSeconds: try durationSeconds(value("duration_seconds"), profile: name),
                    tokenFileSetting: "web_identity_token_file of profile \(name)", sts: sts, clock: clock)
            }
            return try assumeRole(roleArn, settings: settings, profile: name, path: path)
        }
        if value("web_identity_token_file") != nil {
            throw AWSConfigurationError.incompleteCredentials(source: "profile \(name)", missing: "role_arn")
        }
        if let command = settings["credential_process"] {
            return ProcessCredentialProvider(command: command, profile: name, environment: environment, clock: clock,
                                             logger: sts?.logger ?? AWSConfiguration.silentLogger)
        }
        return try staticKeys(settings, profile: name)
    }

    private func assumeRole(_ roleArn: String, settings: [String: String], profile: String, path: [String]) throws -> AssumeRoleCredentialProvider {
        func value(_ key: String) -> String? { settings[key].flatMap { $0.isEmpty ? nil : $0 } }
        if let mfaSerial = value("mfa_serial") {
            throw AWSConfigurationError.mfaNotSupported(profile: profile, mfaSerial: mfaSerial)
        }
        let source: any CredentialProvider
        switch (value("source_profile"), value("credential_source")) {
        case (.some, .some):
            throw AWSConfigurationError.conflictingRoleSources(profile: profile)
        case (nil, nil):
            throw AWSConfigurationError.missingRoleSource(profile: profile)
        case (nil, .some(let credentialSource)):
            source = try namedSource(credentialSource, profile: profile)
        case (.some(let sourceProfile), nil):
            if sourceProfile == profile, let keys = try staticKeys(settings, profile: profile) {
                source = keys
            } else if path.contains(sourceProfile) {
                throw AWSConfigurationError.profileCycle(profiles: path + [sourceProfile])
            } else if files.settings(for: sourceProfile) == nil {
                throw AWSConfigurationError.sourceProfileNotFound(profile: profile, sourceProfile: sourceProfile,
                                                                  files: files.searchedPaths)
            } else if let sourceProvider = try provider(for: sourceProfile, path: path) {
                source = sourceProvider
            } else {
                throw AWSConfigurationError.roleSourceHasNoCredentials(
                    role: AssumeRoleCredentialProvider.description(roleArn: roleArn, profile: profile),
                    source: "source profile '\(sourceProfile)'")
            }
        }
        return AssumeRoleCredentialProvider(
            roleArn: roleArn, sessionName: value("role_session_name"), externalId: value("external_id"),
            durationSeconds: try durationSeconds(value("duration_seconds"), profile: profile), source: source, sts: sts,
            profile: profile, clock: clock)
    }

    /// The provider a `credential_source` names.
    private func namedSource(_ name: String, profile: String) throws -> any CredentialProvider {
        switch name {
        case "Environment": EnvironmentCredentialProvider(environment: environment)
        case "EcsContainer": ContainerCredentialProvider(environment: environment, fetch: fetch)
        default: throw AWSConfigurationError.unsupportedCredentialSource(profile: profile, credentialSource: name)
        }
    }

    /// The profile's static keys; nil when it has neither key.
    /// - Throws: `AWSConfigurationError.incompleteCredentials` for half a key pair.
    private func staticKeys(_ settings: [String: String], profile: String) throws -> StaticCredentialProvider? {
        let accessKeyId = settings["aws_access_key_id"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = settings["aws_secret_access_key"].flatMap { $0.isEmpty ? nil : $0 }
        switch (accessKeyId, secret) {
        case (nil, nil):
            return nil
        case (.some, nil):
            throw AWSConfigurationError.incompleteCredentials(source: "profile \(profile)", missing: "aws_secret_access_key")
        case (nil, .some):
            throw AWSConfigurationError.incompleteCredentials(source: "profile \(profile)", missing: "aws_access_key_id")
        case (.some(let accessKeyId), .some(let secret)):
            let token = settings["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
            return StaticCredentialProvider(AWSCredentials(accessKeyId: accessKeyId, secretAccessKey: secret, sessionToken: token),
                                            sourceDescription: "static keys (profile \(profile))")
        }
    }

    /// `duration_seconds` as a whole number of seconds (AWS accepts 900 to 43200).
    private func durationSeconds(_ text: String?, profile: String) throws -> Int? {
        guard let text else { return nil }
        guard let seconds = Int(text), (900...43_200).contains(seconds) else {
            throw AWSConfigurationError.invalidProfileSetting(
                profile: profile, key: "duration_seconds", value: text, expected: "a whole number of seconds from 900 to 43200")
        }
        return seconds
    }
}
