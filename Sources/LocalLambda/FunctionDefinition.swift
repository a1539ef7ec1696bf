import AWSKitLite

/// A function as Lambda's control plane describes it (GetFunction), reduced to what an execution environment is
/// made from: the function's variables, memory size, timeout, role and log group, and the revision that names this
/// version of its configuration (environments of an older revision are retired, as Lambda does after an update).
/// Spec: https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html
public struct FunctionDefinition: Sendable, Equatable {
    public var name: String
    public var arn: String
    /// The execution role's ARN: environments run with credentials of this role.
    public var role: String
    /// MiB.
    public var memoryMB: Int
    /// Seconds one invocation may run.
    public var timeoutSeconds: Int
    /// The function's own environment variables (`Environment.Variables`).
    public var variables: [String: String]
    /// `LoggingConfig.LogGroup`, else `/aws/lambda/<name>`.
    public var logGroup: String
    /// `RevisionId` (else `LastModified`): changes with every update of the code or configuration.
    public var revision: String
    /// `Pending`, `Active`, `Inactive` or `Failed`; Lambda invokes only an `Active` function.
    public var state: String

    public init(
        name: String, arn: String, role: String, memoryMB: Int = 128, timeoutSeconds: Int = 3,
        variables: [String: String] = [:], logGroup: String? = nil, revision: String, state: String = "Active"
    ) {
        self.name = name
        self.arn = arn
        self.role = role
        self.memoryMB = memoryMB
        self.timeoutSeconds = timeoutSeconds
        self.variables = variables
        self.logGroup = logGroup ?? "/aws/lambda/\(name)"
        self.revision = revision
        self.state = state
    }

    /// The definition GetFunction's configuration gives, with Lambda's defaults for what it omits (128 MiB, 3 s).
    /// - Throws: `LocalLambdaError.functionUnusable` when the configuration names no role.
    init(_ configuration: LambdaFunctionConfiguration) throws(LocalLambdaError) {
        guard let role = configuration.role, !role.isEmpty else {
            throw .functionUnusable(function: configuration.functionName, reason: "its configuration names no execution role")
        }
        self.init(
            name: configuration.functionName,
            arn: configuration.functionArn ?? configuration.functionName,
            role: role,
            memoryMB: configuration.memorySize ?? 128,
            timeoutSeconds: configuration.timeout ?? 3,
            variables: configuration.environment ?? [:],
            logGroup: configuration.logGroup,
            revision: configuration.revisionId ?? configuration.lastModified ?? "unversioned",
            state: configuration.state ?? "Active")
    }

    /// The variables Lambda sets for a runtime, over the image's own (`imageEnvironment`, its Dockerfile's `ENV`) and
    /// the function's: name, version, memory, log group and stream, region, the role's temporary credentials, and
    /// `endpointURL` as `AWS_ENDPOINT_URL` when the functions must reach an emulator instead of AWS.
    /// Spec: https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
    func runtimeEnvironment(
        imageEnvironment: [String: String], credentials: AWSCredentials, region: String, logStream: String,
        endpointURL: String?
    ) -> [String: String] {
        var environment = imageEnvironment.merging(variables) { _, function in function }
        environment["PATH"] = environment["PATH"] ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        environment["LANG"] = "en_US.UTF-8"
        environment["TZ"] = ":UTC"
        environment["AWS_REGION"] = region
        environment["AWS_DEFAULT_REGION"] = region
        environment["AWS_LAMBDA_FUNCTION_NAME"] = name
        environment["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST"
        environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = String(memoryMB)
        // Not a variable Lambda sets: the Runtime Interface Emulator's timeout, which Lambda enforces itself.
        environment["AWS_LAMBDA_FUNCTION_TIMEOUT"] = String(timeoutSeconds)
        environment["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand"
        environment["AWS_LAMBDA_LOG_GROUP_NAME"] = logGroup
        environment["AWS_LAMBDA_LOG_STREAM_NAME"] = logStream
        environment["AWS_ACCESS_KEY_ID"] = credentials.accessKeyId
        environment["AWS_SECRET_ACCESS_KEY"] = credentials.secretAccessKey
        environment["AWS_SESSION_TOKEN"] = credentials.sessionToken
        environment["AWS_ENDPOINT_URL"] = endpointURL
        return environment
    }
}
