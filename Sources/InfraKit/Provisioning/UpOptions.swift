/// What `infractl up` was asked for beyond the names.
public struct UpOptions: Sendable {
    /// Where the image comes from; nil keeps the existing function's image (and fails a first `up`).
    public var image: ImageSource?
    public var function: DetectFunctionSpec
    /// An existing role for the function; nil lets `up` create `<prefix>-detect-role` with the least-privilege policy.
    public var roleArn: String?
    /// How `--build` runs docker.
    public var docker: DockerCLI
    /// Days the function's log group keeps events (`--log-retention-days`); one of `LogRetention.allowedDays`.
    public var logRetentionDays: Int

    public init(image: ImageSource? = nil, function: DetectFunctionSpec = DetectFunctionSpec(), roleArn: String? = nil,
                docker: DockerCLI = DockerCLI(), logRetentionDays: Int = LogRetention.defaultDays) {
        self.image = image
        self.function = function
        self.roleArn = roleArn
        self.docker = docker
        self.logRetentionDays = logRetentionDays
    }
}
