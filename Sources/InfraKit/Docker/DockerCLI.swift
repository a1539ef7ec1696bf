import Foundation

/// The `docker` command-line client, run as a subprocess: engine check, builder detection, registry login, build and push.
///
/// Build and push output goes to this process's standard error as it comes (so a person sees progress); the
/// engine check and login are captured. A registry password is written to `docker login --password-stdin`'s
/// standard input and never appears in arguments, errors or logs.
/// Spec: https://docs.docker.com/reference/cli/docker/
public struct DockerCLI: Sendable {
    /// The program name (looked up in PATH) or an absolute path.
    public var program: String
    /// The subprocess's environment (DOCKER_HOST, DOCKER_CONFIG, PATH, ...).
    public var environment: [String: String]
    /// How long the engine check may take before it counts as "no engine".
    public var checkTimeout: Duration

    public init(program: String = "docker", environment: [String: String] = ProcessInfo.processInfo.environment,
                checkTimeout: Duration = .seconds(20)) {
        self.program = program
        self.environment = environment
        self.checkTimeout = checkTimeout
    }

    /// Succeeds when a Docker engine answers (`docker version` reports a server).
    /// - Throws: `DockerError.clientNotFound` or `.engineUnavailable` with the client's own explanation.
    public func checkEngine() async throws {
        let arguments = ["version", "--format", "{{.Server.Version}}"]
        let result: Output
        do {
            result = try await run(arguments, captureOutput: true, timeout: checkTimeout)
        } catch DockerError.timedOut(_, let seconds) {
            throw DockerError.engineUnavailable(detail: "docker version got no answer within \(seconds) s")
        }
        let version = result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, !version.isEmpty else {
            let detail = Self.lastLines(result.standardError).isEmpty ? "docker version exited with status \(result.status)" : Self.lastLines(result.standardError)
            throw DockerError.engineUnavailable(detail: detail)
        }
    }

    /// Which builder `docker build` runs here: BuildKit when the buildx plugin answers (and `DOCKER_BUILDKIT` is not
    /// `0`), else the classic builder, for which it also asks the engine whether it keeps images in containerd.
    /// - Throws: `DockerError.clientNotFound`.
    public func builder() async throws -> DockerBuilder {
        if environment["DOCKER_BUILDKIT"] != "0",
           try await run(["buildx", "version"], captureOutput: true, timeout: checkTimeout).status == 0 {
            return .buildKit
        }
        let info = try await run(["info", "--format", "{{json .DriverStatus}}"], captureOutput: true, timeout: checkTimeout)
        return .classic(containerdImageStore: info.standardOutput.contains("io.containerd.snapshotter"))
    }

    /// Builds `dockerfile` in `context` for `platform` (`linux/amd64`) as ONE image manifest without attestations,
    /// tagged `tag` (`<repository URI>:<tag>`), and pushes it: the docker commands `DockerBuilder.commands` lists.
    /// Log in to the registry first.
    /// - Throws: `DockerError.commandFailed` when a command fails.
    public func buildAndPush(dockerfile: String, context: String, tag: String, platform: String, builder: DockerBuilder) async throws {
        for arguments in builder.commands(dockerfile: dockerfile, context: context, tag: tag, platform: platform) {
            try await runChecked(arguments)
        }
    }

    /// `docker login --username <username> --password-stdin <registry>`, the password on standard input.
    /// - Throws: `DockerError.commandFailed` when the registry refuses.
    public func login(registry: String, username: String, password: String) async throws {
        let arguments = ["login", "--username", username, "--password-stdin", registry]
        let result = try await run(arguments, input: Array(password.utf8), captureOutput: true, timeout: .seconds(120))
        guard result.status == 0 else {
            throw DockerError.commandFailed(arguments: arguments, status: result.status, detail: Self.lastLines(result.standardError))
        }
    }

    // MARK: Running

    struct Output {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    private func runChecked(_ arguments: [String]) async throws {
        let result = try await run(arguments, captureOutput: false, timeout: nil)
        guard result.status == 0 else {
            throw DockerError.commandFailed(arguments: arguments, status: result.status, detail: "see docker's output above")
        }
    }

    /// The absolute path of `program`, searched in the environment's PATH when it has no `/`.
    func executablePath() throws -> String {
        if program.contains("/") {
            guard FileManager.default.isExecutableFile(atPath: program) else { throw DockerError.clientNotFound(path: program) }
            return program
        }
        let searchPath = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in searchPath.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw DockerError.clientNotFound(path: searchPath)
    }

    /// Runs `docker <arguments>`; captured output goes through temporary files (no pipe can fill up and stall it).
    func run(_ arguments: [String], input: [UInt8]? = nil, captureOutput: Bool, timeout: Duration?) async throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try executablePath())
        process.arguments = arguments
        process.environment = environment

        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("infractl-docker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        if captureOutput {
            _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
            _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: outURL)
            process.standardError = try FileHandle(forWritingTo: errURL)
        } else {
            process.standardOutput = FileHandle.standardError
            process.standardError = FileHandle.standardError
        }
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin

        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: DockerError.commandFailed(arguments: arguments, status: -1, detail: "\(error)"))
                return
            }
            if let input {
                stdin.fileHandleForWriting.write(Data(input))
                try? stdin.fileHandleForWriting.close()
            }
            if let timeout {
                Task.detached {
                    try? await Task.sleep(for: timeout)
                    if process.isRunning { process.terminate() }
                }
            }
        }
        if let timeout, process.terminationReason == .uncaughtSignal {
            throw DockerError.timedOut(arguments: arguments, seconds: Int(timeout.components.seconds))
        }
        let out = captureOutput ? (try? String(contentsOf: outURL, encoding: .utf8)) ?? "" : ""
        let err = captureOutput ? (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" : ""
        return Output(status: status, standardOutput: out, standardError: err)
    }

    /// The last non-empty lines of `text` (at most 3), joined: enough to say why without a wall of output.
    static func lastLines(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.suffix(3).joined(separator: " / ")
    }
}
