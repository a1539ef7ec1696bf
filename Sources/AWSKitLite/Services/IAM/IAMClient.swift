/// IAM over the Query protocol (Version 2010-05-08). IAM is global: requests go to its one endpoint, signed
/// for `us-east-1`.
///
/// Every method throws `AWSError` for an error response (e.g. `NoSuchEntity`, `EntityAlreadyExists`,
/// `MalformedPolicyDocument`) and `HTTPClientError` when no response came, after retries.
/// Spec: https://docs.aws.amazon.com/IAM/latest/APIReference/welcome.html
public struct IAMClient: AWSServiceClient {
    static let api = AWSServiceAPI.query(.iam, version: "2010-05-08")
    let core: AWSServiceCore

    /// A client for the endpoint `configuration` resolves (standard AWS, or an `AWS_ENDPOINT_URL*`/explicit override).
    /// - Throws: `AWSConfigurationError.invalidEndpoint` for a malformed override.
    public init(configuration: AWSConfiguration, httpClient: HTTPClient = .shared, retryPolicy: RetryPolicy = .standard) throws {
        core = try Self.core(configuration: configuration, httpClient: httpClient, retryPolicy: retryPolicy)
    }

    /// Where this client sends requests.
    public var endpoint: AWSEndpoint { core.endpoint }

    private func role(from result: XMLTreeNode, operation: String) throws -> IAMRole {
        guard let role = result.firstDescendant("Role"), let name = role.text(of: "RoleName"), let arn = role.text(of: "Arn") else {
            throw AWSResponseDecodingError(service: core.service, operation: operation, statusCode: 200, reason: "no <Role> with RoleName and Arn")
        }
        return IAMRole(
            roleName: name, roleId: role.text(of: "RoleId") ?? "", arn: arn, path: role.text(of: "Path") ?? "/",
            assumeRolePolicyDocument: role.text(of: "AssumeRolePolicyDocument").map(URIEncoding.decode))
    }

    /// Creates a role that the principals in `assumeRolePolicyDocument` (a trust policy, JSON) may assume.
    public func createRole(name: String, assumeRolePolicyDocument: String, path: String = "/", description: String? = nil) async throws -> IAMRole {
        var parameters = [("RoleName", name), ("AssumeRolePolicyDocument", assumeRolePolicyDocument), ("Path", path)]
        if let description { parameters.append(("Description", description)) }
        return try role(from: await call("CreateRole", parameters), operation: "CreateRole")
    }

    /// The role; `NoSuchEntity` when it does not exist.
    public func getRole(name: String) async throws -> IAMRole {
        try role(from: await call("GetRole", [("RoleName", name)]), operation: "GetRole")
    }

    /// Deletes the role (it must have no attached or inline policies left: `DeleteConflict`).
    public func deleteRole(name: String) async throws {
        _ = try await call("DeleteRole", [("RoleName", name)])
    }

    /// Adds or replaces the role's inline policy `policyName`.
    public func putRolePolicy(roleName: String, policyName: String, policyDocument: String) async throws {
        _ = try await call("PutRolePolicy", [("RoleName", roleName), ("PolicyName", policyName), ("PolicyDocument", policyDocument)])
    }

    /// Deletes the role's inline policy `policyName`.
    public func deleteRolePolicy(roleName: String, policyName: String) async throws {
        _ = try await call("DeleteRolePolicy", [("RoleName", roleName), ("PolicyName", policyName)])
    }

    /// Attaches the managed policy `policyArn` to the role.
    public func attachRolePolicy(roleName: String, policyArn: String) async throws {
        _ = try await call("AttachRolePolicy", [("RoleName", roleName), ("PolicyArn", policyArn)])
    }

    /// Detaches the managed policy `policyArn` from the role.
    public func detachRolePolicy(roleName: String, policyArn: String) async throws {
        _ = try await call("DetachRolePolicy", [("RoleName", roleName), ("PolicyArn", policyArn)])
    }

    /// Creates a user.
    public func createUser(name: String) async throws -> IAMUser {
        let result = try await call("CreateUser", [("UserName", name)])
        guard let user = result.firstDescendant("User"), let userName = user.text(of: "UserName"), let arn = user.text(of: "Arn") else {
            throw AWSResponseDecodingError(service: core.service, operation: "CreateUser", statusCode: 200, reason: "no <User> with UserName and Arn")
        }
        return IAMUser(userName: userName, userId: user.text(of: "UserId") ?? "", arn: arn)
    }

    /// Deletes a user (it must have no keys or policies left).
    public func deleteUser(name: String) async throws {
        _ = try await call("DeleteUser", [("UserName", name)])
    }

    /// Adds or replaces the user's inline policy `policyName`.
    public func putUserPolicy(userName: String, policyName: String, policyDocument: String) async throws {
        _ = try await call("PutUserPolicy", [("UserName", userName), ("PolicyName", policyName), ("PolicyDocument", policyDocument)])
    }

    /// Deletes the user's inline policy `policyName`.
    public func deleteUserPolicy(userName: String, policyName: String) async throws {
        _ = try await call("DeleteUserPolicy", [("UserName", userName), ("PolicyName", policyName)])
    }

    /// Creates an access key for the user; the only time its secret can be read.
    public func createAccessKey(userName: String) async throws -> IAMAccessKey {
        let result = try await call("CreateAccessKey", [("UserName", userName)])
        guard let key = result.firstDescendant("AccessKey"), let id = key.text(of: "AccessKeyId"),
              let secret = key.text(of: "SecretAccessKey") else {
            throw AWSResponseDecodingError(service: core.service, operation: "CreateAccessKey", statusCode: 200, reason: "no <AccessKey> with AccessKeyId and SecretAccessKey")
        }
        return IAMAccessKey(userName: key.text(of: "UserName") ?? userName, accessKeyId: id, secretAccessKey: secret, status: key.text(of: "Status") ?? "Active")
    }

    /// Deletes one of the user's access keys.
    public func deleteAccessKey(userName: String, accessKeyId: String) async throws {
        _ = try await call("DeleteAccessKey", [("UserName", userName), ("AccessKeyId", accessKeyId)])
    }
}
