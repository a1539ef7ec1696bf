import Foundation

/// AWS Lambda's control and invoke API over REST-JSON (`/<api.version>/functions/...`).
///
/// Every method throws `AWSError` for an error response (e.g. `ResourceNotFoundException`,
/// `ResourceConflictException`, `InvalidParameterValueException`) and `HTTPClientError` when no response came.
/// Spec: https://docs.aws.amazon.com/lambda/latest/api/API_Operations.html
public struct LambdaClient: AWSServiceClient {
    static let api = AWSServiceAPI.restJSON(.lambda, version: "2015-03-31")
    let core: AWSServiceCore

    /// A client for the endpoint `configuration` resolves (standard AWS, or an `AWS_ENDPOINT_URL*`/explicit override).
    /// - Throws: `AWSConfigurationError.invalidEndpoint` for a malformed override.
    public init(configuration: AWSConfiguration, httpClient: HTTPClient = .shared, retryPolicy: RetryPolicy = .standard) throws {
        core = try Self.core(configuration: configuration, httpClient: httpClient, retryPolicy: retryPolicy)
    }

    /// Where this client sends requests.
    public var endpoint: AWSEndpoint { core.endpoint }

    private static func functionPath(_ name: String, _ suffix: String = "") -> String {
        "/\(api.version)/functions/\(name)\(suffix)"
    }

    private struct NoInput: Encodable, Sendable {}
    private static let noInput: NoInput? = nil

    private struct EnvironmentInput: Encodable, Sendable { let Variables: [String: String] }

    /// Creates a function that runs the container image `imageUri` (PackageType `Image`); `settings.role` is required.
    public func createFunction(name: String, imageUri: String, settings: LambdaFunctionSettings) async throws -> LambdaFunctionConfiguration {
        struct Code: Encodable, Sendable { let ImageUri: String }
        struct Input: Encodable, Sendable {
            let FunctionName: String
            let PackageType = "Image"
            let Code: Code
            let Role: String?
            let Timeout: Int?
            let MemorySize: Int?
            let Environment: EnvironmentInput?
            let Architectures: [String]?
        }
        let input = Input(
            FunctionName: name, Code: Code(ImageUri: imageUri), Role: settings.role, Timeout: settings.timeout,
            MemorySize: settings.memorySize, Environment: settings.environment.map(EnvironmentInput.init),
            Architectures: settings.architectures)
        return try await call("CreateFunction", method: "POST", path: "/\(Self.api.version)/functions", json: input,
                              as: LambdaFunctionConfiguration.self)
    }

    /// The function's configuration and image.
    public func getFunction(name: String) async throws -> LambdaFunction {
        struct Code: Decodable { let ImageUri: String? }
        struct Output: Decodable { let Configuration: LambdaFunctionConfiguration; let Code: Code? }
        let output = try await call("GetFunction", method: "GET", path: Self.functionPath(name), json: Self.noInput, as: Output.self)
        return LambdaFunction(configuration: output.Configuration, imageUri: output.Code?.ImageUri)
    }

    /// Points the function at a new image.
    public func updateFunctionCode(name: String, imageUri: String) async throws -> LambdaFunctionConfiguration {
        struct Input: Encodable, Sendable { let ImageUri: String }
        return try await call("UpdateFunctionCode", method: "PUT", path: Self.functionPath(name, "/code"),
                              json: Input(ImageUri: imageUri), as: LambdaFunctionConfiguration.self)
    }

    /// Changes the settings given (non-nil) and leaves the others as they are.
    public func updateFunctionConfiguration(name: String, settings: LambdaFunctionSettings) async throws -> LambdaFunctionConfiguration {
        struct Input: Encodable, Sendable {
            let Role: String?
            let Timeout: Int?
            let MemorySize: Int?
            let Environment: EnvironmentInput?
        }
        let input = Input(Role: settings.role, Timeout: settings.timeout, MemorySize: settings.memorySize,
                          Environment: settings.environment.map(EnvironmentInput.init))
        return try await call("UpdateFunctionConfiguration", method: "PUT", path: Self.functionPath(name, "/configuration"),
                              json: input, as: LambdaFunctionConfiguration.self)
    }

    /// Adds a statement to the function's resource policy; returns the statement JSON the service stored.
    @discardableResult
    public func addPermission(functionName: String, permission: LambdaPermission) async throws -> String {
        struct Input: Encodable, Sendable {
            let StatementId: String
            let Action: String
            let Principal: String
            let SourceArn: String?
            let SourceAccount: String?
        }
        struct Output: Decodable { let Statement: String? }
        let input = Input(StatementId: permission.statementId, Action: permission.action, Principal: permission.principal,
                          SourceArn: permission.sourceArn, SourceAccount: permission.sourceAccount)
        return try await call("AddPermission", method: "POST", path: Self.functionPath(functionName, "/policy"),
                              json: input, as: Output.self).Statement ?? ""
    }

    /// Removes the statement `statementId` from the function's resource policy.
    public func removePermission(functionName: String, statementId: String) async throws {
        _ = try await send("RemovePermission", method: "DELETE", path: Self.functionPath(functionName, "/policy/\(statementId)"),
                           json: Self.noInput)
    }

    /// The function's resource policy document (JSON text); `ResourceNotFoundException` when it has none.
    public func getPolicy(functionName: String) async throws -> String {
        struct Output: Decodable { let Policy: String }
        return try await call("GetPolicy", method: "GET", path: Self.functionPath(functionName, "/policy"),
                              json: Self.noInput, as: Output.self).Policy
    }

    /// Deletes the function.
    public func deleteFunction(name: String) async throws {
        _ = try await send("DeleteFunction", method: "DELETE", path: Self.functionPath(name), json: Self.noInput)
    }

    /// Invokes the function synchronously (`RequestResponse`) with `payload` (the event, usually JSON) and returns
    /// its reply. A failure inside the function is not thrown: it comes back as `functionError` with the error report.
    /// `timeout` bounds the whole call (default: Lambda's 900 s maximum run time plus a minute).
    public func invoke(functionName: String, payload: [UInt8], timeout: Duration = .seconds(960)) async throws -> LambdaInvocationResult {
        let response = try await send("Invoke", timeout: .after(timeout)) {
            core.request(method: "POST", path: Self.functionPath(functionName, "/invocations"), headers: [
                (name: "X-Amz-Invocation-Type", value: "RequestResponse"),
                (name: "Content-Type", value: "application/json"),
            ], body: payload)
        }
        return LambdaInvocationResult(
            statusCode: response.status, payload: response.body,
            functionError: response.header("X-Amz-Function-Error"),
            executedVersion: response.header("X-Amz-Executed-Version"))
    }
}
