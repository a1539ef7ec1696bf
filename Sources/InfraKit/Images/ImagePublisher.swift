import AWSKitLite

/// Where the function's container image comes from on `up`.
public enum ImageSource: Sendable, Equatable {
    /// An image already in ECR (`<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>` or `@sha256:...`).
    case uri(String)
    /// Build it from the Dockerfile, log in to ECR and push it to the pipeline's repository.
    case build(ImageBuild)
}

/// What `--build` builds: `docker build -f <dockerfile> <context>`, tagged `<repository URI>:<tag>`.
public struct ImageBuild: Sendable, Equatable {
    /// The build context (the repository root, which holds Package.swift, Sources/ and scripts/).
    public var context: String
    public var dockerfile: String
    public var tag: String

    public init(context: String = ".", dockerfile: String = "deploy/lambda/Dockerfile", tag: String = "latest") {
        self.context = context
        self.dockerfile = dockerfile
        self.tag = tag
    }
}

/// Builds the detect image and pushes it to the pipeline's ECR repository, logging in with the token from
/// GetAuthorizationToken (user `AWS`, password on docker's standard input).
/// Spec: https://docs.aws.amazon.com/AmazonECR/latest/userguide/docker-push-ecr-image.html
struct ImagePublisher: Sendable {
    let ecr: ECRClient
    let docker: DockerCLI

    /// Logs in, builds one image manifest for the function's platform without attestations and pushes it (the
    /// commands `DockerBuilder` lists for the builder docker runs here); returns the pushed image as
    /// `<repository URI>@<digest>` (what the function should run: a digest names exactly this build, where a tag can
    /// move), or `<repository URI>:<tag>` when ECR does not report a digest. What the push produced is checked by
    /// `FunctionImageCheck` before the function uses it.
    /// - Throws: `DockerError` (build/login/push failed) or `AWSError` from ECR.
    func publish(_ build: ImageBuild, repository: ECRRepository, architecture: String, report: StepReporter) async throws -> String {
        guard let repositoryUri = repository.repositoryUri else {
            throw InfraError.resourceMismatch(resource: .repository, name: repository.repositoryName, detail: "ECR reports no repository URI")
        }
        let tagged = "\(repositoryUri):\(build.tag)"
        let platform = FunctionImageCheck.platform(forArchitecture: architecture).description
        let builder = try await docker.builder()

        let authorization = try await ecr.getAuthorizationToken()
        let registry = Self.registryHost(proxyEndpoint: authorization.proxyEndpoint, repositoryUri: repositoryUri)
        try await docker.login(registry: registry, username: authorization.username, password: authorization.password)
        try await docker.buildAndPush(dockerfile: build.dockerfile, context: build.context, tag: tagged, platform: platform, builder: builder)
        let digest = try await ecr.describeImages(repository: repository.repositoryName, tag: build.tag).first?.imageDigest
        let pushed = digest.map { "\(repositoryUri)@\($0)" } ?? tagged
        report(StepReport(resource: .image, name: pushed, outcome: .published("built for \(platform) and pushed (\(builder.summary))")))
        return pushed
    }

    /// `123456789012.dkr.ecr.us-east-1.amazonaws.com`: the proxy endpoint without its scheme, else the
    /// repository URI's host.
    static func registryHost(proxyEndpoint: String?, repositoryUri: String) -> String {
        if let proxyEndpoint, !proxyEndpoint.isEmpty {
            var host = Substring(proxyEndpoint)
            if let scheme = host.range(of: "://") { host = host[scheme.upperBound...] }
            return String(host.prefix { $0 != "/" })
        }
        return String(repositoryUri.prefix { $0 != "/" })
    }
}
