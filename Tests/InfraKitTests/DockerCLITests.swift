@testable import InfraKit
import Foundation
import Testing

/// The `docker` subprocess: a clear error when no engine answers (the case on these machines), and the registry
/// password only ever on docker's standard input.
@Suite struct DockerCLITests {
    /// The real docker client, pointed at a socket nobody listens on, so no engine can answer whatever the machine runs.
    static func dockerWithoutEngine() -> DockerCLI {
        var environment = ProcessInfo.processInfo.environment
        environment["DOCKER_HOST"] = "unix:///tmp/infractl-no-engine-\(UUID().uuidString)/docker.sock"
        return DockerCLI(environment: environment)
    }

    @Test func noEngineGivesTheClearError() async throws {
        let docker = Self.dockerWithoutEngine()
        _ = try #require(try? docker.executablePath(), "the docker client must be installed (Debian: docker.io or docker-ce-cli)")
        let error = await #expect(throws: DockerError.self) { try await docker.checkEngine() }
        guard case .engineUnavailable(let detail) = error else {
            Issue.record("expected engineUnavailable, got \(String(describing: error))")
            return
        }
        #expect(detail.lowercased().contains("docker daemon") || detail.lowercased().contains("connect"))
        #expect(error?.description.contains("no Docker engine answered") == true)
        #expect(error?.description.contains("--image-uri") == true)
    }

    @Test func noClientGivesTheClearError() async {
        let docker = DockerCLI(environment: ["PATH": "/nonexistent-\(UUID().uuidString)"])
        await #expect(throws: DockerError.clientNotFound(path: docker.environment["PATH"]!)) { try await docker.checkEngine() }
    }

    /// A stand-in `docker` program that records its arguments and standard input: what the real client would receive.
    func recordingDocker() throws -> (DockerCLI, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fake-docker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = directory.appendingPathComponent("docker")
        try """
            #!/bin/sh
            printf '%s\\n' "$@" > "\(directory.path)/arguments"
            cat > "\(directory.path)/stdin"
            """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return (DockerCLI(program: script.path, environment: ["PATH": "/usr/bin:/bin"]), directory)
    }

    @Test func loginSendsThePasswordOnStandardInputOnly() async throws {
        let (docker, directory) = try recordingDocker()
        defer { try? FileManager.default.removeItem(at: directory) }
        let password = "eyJwYXlsb2FkIjoi-secret-token"
        try await docker.login(registry: "123456789012.dkr.ecr.us-east-1.amazonaws.com", username: "AWS", password: password)
        let arguments = try String(contentsOf: directory.appendingPathComponent("arguments"), encoding: .utf8)
        #expect(arguments == "login\n--username\nAWS\n--password-stdin\n123456789012.dkr.ecr.us-east-1.amazonaws.com\n")
        #expect(!arguments.contains(password))
        #expect(try String(contentsOf: directory.appendingPathComponent("stdin"), encoding: .utf8) == password)
    }

    @Test func failedLoginErrorDoesNotCarryThePassword() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fake-docker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("docker")
        try "#!/bin/sh\ncat >/dev/null\necho 'Error response from daemon: login denied' >&2\nexit 1\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let password = "do-not-print-me"
        let error = await #expect(throws: DockerError.self) {
            try await DockerCLI(program: script.path, environment: [:]).login(registry: "r.example", username: "AWS", password: password)
        }
        #expect(error?.description.contains("login denied") == true)
        #expect(error?.description.contains(password) == false)
    }

    /// Which builder docker runs decides the flags: BuildKit needs its attestations switched off and pushes itself;
    /// the classic builder knows no such flags, and an engine with the containerd image store needs `push --platform`.
    @Test func eachBuilderGetsTheCommandsThatMakeOneImageManifest() async throws {
        let cases: [(FakeDocker.Kind, DockerBuilder, [[String]])] = [
            (.buildKit, .buildKit, [["buildx", "build", "--platform", "linux/arm64", "--provenance=false", "--sbom=false", "--push",
                                     "-f", "deploy/lambda/Dockerfile", "-t", "repo:v1", "."]]),
            (.classic(containerdImageStore: false), .classic(containerdImageStore: false),
             [["build", "--platform", "linux/arm64", "-f", "deploy/lambda/Dockerfile", "-t", "repo:v1", "."], ["push", "repo:v1"]]),
            (.classic(containerdImageStore: true), .classic(containerdImageStore: true),
             [["build", "--platform", "linux/arm64", "-f", "deploy/lambda/Dockerfile", "-t", "repo:v1", "."],
              ["push", "--platform", "linux/arm64", "repo:v1"]]),
        ]
        for (kind, expectedBuilder, expectedCommands) in cases {
            let docker = try FakeDocker(kind)
            defer { docker.remove() }
            let builder = try await docker.cli.builder()
            #expect(builder == expectedBuilder)
            try await docker.cli.buildAndPush(dockerfile: "deploy/lambda/Dockerfile", context: ".", tag: "repo:v1",
                                              platform: "linux/arm64", builder: builder)
            let asked = docker.invocations.filter { ["build", "buildx", "push"].contains($0.first) && $0 != ["buildx", "version"] }
            #expect(asked == expectedCommands)
        }
    }

    @Test func buildKitIsNotUsedWhenSwitchedOff() async throws {
        let docker = try FakeDocker(.buildKit)
        defer { docker.remove() }
        var cli = docker.cli
        cli.environment["DOCKER_BUILDKIT"] = "0"
        #expect(try await cli.builder() == .classic(containerdImageStore: true))
    }

    @Test func registryHostComesFromTheProxyEndpoint() {
        #expect(ImagePublisher.registryHost(proxyEndpoint: "https://123456789012.dkr.ecr.us-east-1.amazonaws.com",
                                            repositoryUri: "x/y") == "123456789012.dkr.ecr.us-east-1.amazonaws.com")
        #expect(ImagePublisher.registryHost(proxyEndpoint: nil, repositoryUri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/p1/detect-server")
            == "123456789012.dkr.ecr.us-east-1.amazonaws.com")
    }
}
