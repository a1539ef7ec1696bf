/// What CreateFunction, GetFunction and the Update calls report about a function (the fields this project reads).
/// Spec: https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html
public struct LambdaFunctionConfiguration: Sendable, Equatable, Decodable {
    public var functionName: String
    public var functionArn: String?
    public var role: String?
    /// `Image` or `Zip`.
    public var packageType: String?
    /// Seconds.
    public var timeout: Int?
    /// MiB.
    public var memorySize: Int?
    /// `Pending`, `Active`, `Inactive`, `Failed`.
    public var state: String?
    /// Why the function is not `Active` ("The function is being created.") and the code for it (`Creating`,
    /// `Idle`, `Restoring`, ...).
    public var stateReason: String?
    public var stateReasonCode: String?
    /// `InProgress`, `Successful`, `Failed`.
    public var lastUpdateStatus: String?
    /// Why the last update is not `Successful`, and the code for it.
    public var lastUpdateStatusReason: String?
    public var lastUpdateStatusReasonCode: String?
    public var environment: [String: String]?
    public var architectures: [String]?
    /// Changes with every update of the function's code or configuration.
    public var revisionId: String?
    /// ISO 8601 time of the last update.
    public var lastModified: String?
    /// `LoggingConfig.LogGroup`: where the function's logs go (default `/aws/lambda/<name>`).
    public var logGroup: String?

    enum CodingKeys: String, CodingKey {
        case functionName = "FunctionName", functionArn = "FunctionArn", role = "Role", packageType = "PackageType"
        case timeout = "Timeout", memorySize = "MemorySize", state = "State", lastUpdateStatus = "LastUpdateStatus"
        case stateReason = "StateReason", stateReasonCode = "StateReasonCode"
        case lastUpdateStatusReason = "LastUpdateStatusReason", lastUpdateStatusReasonCode = "LastUpdateStatusReasonCode"
        case environment = "Environment", architectures = "Architectures", revisionId = "RevisionId"
        case lastModified = "LastModified", loggingConfig = "LoggingConfig"
    }

    private struct Environment: Decodable {
        var variables: [String: String]?
        enum CodingKeys: String, CodingKey { case variables = "Variables" }
    }

    private struct LoggingConfig: Decodable {
        var logGroup: String?
        enum CodingKeys: String, CodingKey { case logGroup = "LogGroup" }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        functionName = try container.decode(String.self, forKey: .functionName)
        functionArn = try container.decodeIfPresent(String.self, forKey: .functionArn)
        role = try container.decodeIfPresent(String.self, forKey: .role)
        packageType = try container.decodeIfPresent(String.self, forKey: .packageType)
        timeout = try container.decodeIfPresent(Int.self, forKey: .timeout)
        memorySize = try container.decodeIfPresent(Int.self, forKey: .memorySize)
        state = try container.decodeIfPresent(String.self, forKey: .state)
        lastUpdateStatus = try container.decodeIfPresent(String.self, forKey: .lastUpdateStatus)
        stateReason = try container.decodeIfPresent(String.self, forKey: .stateReason)
        stateReasonCode = try container.decodeIfPresent(String.self, forKey: .stateReasonCode)
        lastUpdateStatusReason = try container.decodeIfPresent(String.self, forKey: .lastUpdateStatusReason)
        lastUpdateStatusReasonCode = try container.decodeIfPresent(String.self, forKey: .lastUpdateStatusReasonCode)
        environment = try container.decodeIfPresent(Environment.self, forKey: .environment)?.variables
        architectures = try container.decodeIfPresent([String].self, forKey: .architectures)
        revisionId = try container.decodeIfPresent(String.self, forKey: .revisionId)
        lastModified = try container.decodeIfPresent(String.self, forKey: .lastModified)
        logGroup = try container.decodeIfPresent(LoggingConfig.self, forKey: .loggingConfig)?.logGroup
    }
}

/// GetFunction's answer: the configuration and the image it runs.
public struct LambdaFunction: Sendable, Equatable {
    public var configuration: LambdaFunctionConfiguration
    /// The image URI the function was created or last updated with.
    public var imageUri: String?
}

/// The settings of an image-packaged function; `nil` fields are left to the service's defaults (or unchanged on update).
public struct LambdaFunctionSettings: Sendable, Equatable {
    /// The timeouts Lambda accepts, seconds (CreateFunction, UpdateFunctionConfiguration: `Timeout`).
    public static let validTimeouts = 1...900
    /// The memory sizes Lambda accepts, MiB (CreateFunction, UpdateFunctionConfiguration: `MemorySize`).
    /// Spec: https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html
    public static let validMemorySizes = 128...10240
    /// The instruction set architectures Lambda runs (`Architectures`).
    public static let validArchitectures = ["x86_64", "arm64"]

    /// IAM role ARN the function runs as.
    public var role: String?
    /// Seconds, within `validTimeouts`.
    public var timeout: Int?
    /// MiB, within `validMemorySizes`.
    public var memorySize: Int?
    public var environment: [String: String]?
    /// Each one of `validArchitectures`.
    public var architectures: [String]?

    public init(role: String? = nil, timeout: Int? = nil, memorySize: Int? = nil, environment: [String: String]? = nil, architectures: [String]? = nil) {
        self.role = role
        self.timeout = timeout
        self.memorySize = memorySize
        self.environment = environment
        self.architectures = architectures
    }
}

/// A resource-policy statement to add: who (`principal`) may do what (`action`) to the function, from where.
/// Spec: https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html
public struct LambdaPermission: Sendable, Equatable {
    public var statementId: String
    public var action: String
    /// A service (`s3.amazonaws.com`) or account.
    public var principal: String
    public var sourceArn: String?
    public var sourceAccount: String?

    public init(statementId: String, action: String = "lambda:InvokeFunction", principal: String, sourceArn: String? = nil, sourceAccount: String? = nil) {
        self.statementId = statementId
        self.action = action
        self.principal = principal
        self.sourceArn = sourceArn
        self.sourceAccount = sourceAccount
    }
}

/// The outcome of a synchronous Invoke.
/// Spec: https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
public struct LambdaInvocationResult: Sendable, Equatable {
    /// 200 for RequestResponse, 202 for Event, 204 for DryRun.
    public var statusCode: Int
    /// The function's reply, or its error report when `functionError` is set.
    public var payload: [UInt8]
    /// `Unhandled` (or `Handled`) when the function itself failed: the invocation worked, the function did not.
    public var functionError: String?
    public var executedVersion: String?
}
