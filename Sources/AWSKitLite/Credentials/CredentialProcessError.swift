/// Why a profile's `credential_process` gave no credentials. Messages name the profile and the program (never its
/// arguments, which may carry secrets) and never quote what it printed on standard output.
public enum CredentialProcessError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The setting cannot be split into a command (an unclosed quote, nothing but spaces).
    case invalidCommand(profile: String, reason: String)
    /// The program could not be started (not found, not executable).
    case cannotStart(profile: String, program: String, reason: String)
    /// The program exited with a status other than 0; `standardError` is the end of what it wrote there.
    case exited(profile: String, program: String, status: Int32, standardError: String)
    /// The program was ended by signal `signal`.
    case killed(profile: String, program: String, signal: Int32)
    /// What it printed is not a JSON object with `AccessKeyId` and `SecretAccessKey` (and, if given, an ISO 8601
    /// `Expiration`); `reason` says what is missing or wrong.
    case invalidOutput(profile: String, program: String, reason: String)
    /// Its `Version` is not 1, the only version AWS defines; `version` is as printed (`2`, `"1"`, `none`).
    case unsupportedVersion(profile: String, program: String, version: String)

    public var description: String {
        switch self {
        case .invalidCommand(let profile, let reason):
            return "credential_process of AWS profile '\(profile)' is not a valid command: \(reason)"
        case .cannotStart(let profile, let program, let reason):
            return "credential_process of AWS profile '\(profile)': cannot start \(program): \(reason)"
        case .exited(let profile, let program, let status, let standardError):
            return "credential_process of AWS profile '\(profile)': \(program) exited with status \(status)"
                + (standardError.isEmpty ? "" : ": \(standardError)")
        case .killed(let profile, let program, let signal):
            return "credential_process of AWS profile '\(profile)': \(program) was killed by signal \(signal)"
        case .invalidOutput(let profile, let program, let reason):
            return "credential_process of AWS profile '\(profile)': \(program) printed \(reason)"
        case .unsupportedVersion(let profile, let program, let version):
            return "credential_process of AWS profile '\(profile)': \(program) printed Version \(version); only Version 1 is supported"
        }
    }
}
