import Foundation

/// The AWS shared config and credentials files, located as the AWS CLI does: `AWS_CONFIG_FILE` /
/// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/config` / `~/.aws/credentials` under `HOME`.
/// A file that does not exist reads as empty.
/// Spec: https://docs.aws.amazon.com/sdkref/latest/guide/file-location.html
public struct SharedConfigFiles: Sendable {
    public var configPath: String?
    public var credentialsPath: String?
    public var config: SharedConfigFile
    public var credentials: SharedConfigFile

    /// The profile name in use: `explicit`, else `AWS_PROFILE`, else `default`.
    public static func profileName(explicit: String?, environment: [String: String]) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let name = environment["AWS_PROFILE"], !name.isEmpty { return name }
        return "default"
    }

    /// Reads both files as `environment` locates them.
    /// - Throws: `AWSConfigurationError.malformedProfile` for a bad line or an unreadable file (line 0).
    public static func load(environment: [String: String]) throws -> SharedConfigFiles {
        let configPath = path(environment["AWS_CONFIG_FILE"], default: "~/.aws/config", environment: environment)
        let credentialsPath = path(environment["AWS_SHARED_CREDENTIALS_FILE"], default: "~/.aws/credentials",
                                   environment: environment)
        return SharedConfigFiles(
            configPath: configPath, credentialsPath: credentialsPath,
            config: try read(configPath, kind: .config), credentials: try read(credentialsPath, kind: .credentials))
    }

    /// The settings of `profile`, credentials-file values over config-file values; nil when neither has it.
    public func settings(for profile: String) -> [String: String]? {
        let fromConfig = config.profiles[profile]
        let fromCredentials = credentials.profiles[profile]
        if fromConfig == nil && fromCredentials == nil { return nil }
        return (fromConfig ?? [:]).merging(fromCredentials ?? [:]) { _, credentialsValue in credentialsValue }
    }

    /// The paths searched, for error messages.
    public var searchedPaths: [String] {
        [credentialsPath, configPath].compactMap { $0 }
    }

    /// `~/` expanded with `HOME`; nil when `HOME` is needed but unset.
    static func path(_ given: String?, default defaultPath: String, environment: [String: String]) -> String? {
        let raw = (given?.isEmpty == false ? given! : defaultPath)
        guard raw.hasPrefix("~/") else { return raw }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + raw.dropFirst()
    }

    private static func read(_ path: String?, kind: SharedConfigFile.Kind) throws -> SharedConfigFile {
        guard let path, FileManager.default.fileExists(atPath: path) else { return SharedConfigFile() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AWSConfigurationError.malformedProfile(file: path, line: 0, reason: "file exists but cannot be read")
        }
        return try SharedConfigFile.parse(String(decoding: data, as: UTF8.self), path: path, kind: kind)
    }
}
