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
        }
    }
}
