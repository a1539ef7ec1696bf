/// Why a `docker` step failed. `arguments` never include a password (logins send it on standard input).
public enum DockerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `docker` program in PATH.
    case clientNotFound(path: String)
    /// The client runs but no Docker engine answered it (no daemon, wrong DOCKER_HOST, no permission on the socket).
    case engineUnavailable(detail: String)
    /// `docker <arguments>` exited with `status`; `detail` is the end of what it printed on standard error.
    case commandFailed(arguments: [String], status: Int32, detail: String)
    /// `docker <arguments>` did not finish within `seconds` and was stopped.
    case timedOut(arguments: [String], seconds: Int)

    public var description: String {
        switch self {
        case .clientNotFound(let path):
            return "docker: no 'docker' program found in PATH (\(path)); install the Docker CLI or give --image-uri"
        case .engineUnavailable(let detail):
            return "docker: no Docker engine answered (\(detail)); start one (or set DOCKER_HOST) to use --build, or push the image elsewhere and give --image-uri"
        case .commandFailed(let arguments, let status, let detail):
            return "docker \(arguments.joined(separator: " ")) exited with status \(status)" + (detail.isEmpty ? "" : ": \(detail)")
        case .timedOut(let arguments, let seconds):
            return "docker \(arguments.joined(separator: " ")) did not finish within \(seconds) s"
        }
    }
}
