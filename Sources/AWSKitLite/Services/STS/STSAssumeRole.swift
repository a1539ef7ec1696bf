/// What AssumeRole / AssumeRoleWithWebIdentity return: temporary credentials (with `expiration` set) and who they are.
public struct STSAssumedRole: Sendable, Equatable {
    public var credentials: AWSCredentials      // accessKeyId, secretAccessKey, sessionToken, expiration
    public var assumedRoleArn: String           // arn:aws:sts::<account>:assumed-role/<role>/<session>
    public var assumedRoleId: String

    public init(credentials: AWSCredentials, assumedRoleArn: String, assumedRoleId: String) {
        self.credentials = credentials
        self.assumedRoleArn = assumedRoleArn
        self.assumedRoleId = assumedRoleId
    }
}

extension STSClient {
    /// Temporary credentials for the role `roleArn`, asked for with this client's credentials, which the role's trust
    /// policy must allow.
    ///
    /// `sessionName` (2–64 of `[\w+=,.@-]`) ends the assumed-role ARN; `durationSeconds` is 900 up to the role's
    /// maximum session duration (AWS's default 3600); `externalId` is what a trust policy's `sts:ExternalId`
    /// condition compares; `policy` is a session policy (JSON) that can only narrow the role's permissions.
    /// - Throws: `AWSError` (`AccessDenied` when the trust policy does not allow the caller, `ValidationError`,
    ///   `MalformedPolicyDocument`, `RegionDisabledException`), `AWSResponseDecodingError` for an answer without
    ///   credentials, `HTTPClientError` when no answer came.
    /// Spec: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
    public func assumeRole(roleArn: String, sessionName: String, durationSeconds: Int? = nil,
                           externalId: String? = nil, policy: String? = nil) async throws -> STSAssumedRole {
        var parameters = [("RoleArn", roleArn), ("RoleSessionName", sessionName)]
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        if let externalId { parameters.append(("ExternalId", externalId)) }
        if let policy { parameters.append(("Policy", policy)) }
        let result = try await call("AssumeRole", parameters)
        return try assumedRole(from: result, operation: "AssumeRole")
    }

    /// Temporary credentials for the role `roleArn` in exchange for `webIdentityToken`, an OpenID Connect token
    /// (a JWT, e.g. from EKS or a CI system) from a provider the role's trust policy names as `Federated`.
    ///
    /// The request is not signed: the token is the proof of identity, so this client needs no credentials.
    /// `sessionName` and `durationSeconds` as in `assumeRole`. The token never appears in an error.
    /// - Throws: `AWSError` (`AccessDenied`, `InvalidIdentityToken`, `ExpiredTokenException`,
    ///   `IDPCommunicationError`), `AWSResponseDecodingError`, `HTTPClientError`.
    /// Spec: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
    public func assumeRoleWithWebIdentity(roleArn: String, sessionName: String, webIdentityToken: String,
                                          durationSeconds: Int? = nil) async throws -> STSAssumedRole {
        var parameters = [("RoleArn", roleArn), ("RoleSessionName", sessionName), ("WebIdentityToken", webIdentityToken)]
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        let result = try await call("AssumeRoleWithWebIdentity", parameters, signed: false)
        return try assumedRole(from: result, operation: "AssumeRoleWithWebIdentity")
    }

    /// The `<Credentials>` and `<AssumedRoleUser>` of an AssumeRole* result.
    private func assumedRole(from result: XMLTreeNode, operation: String) throws -> STSAssumedRole {
        func missing(_ what: String) -> AWSResponseDecodingError {
            AWSResponseDecodingError(service: core.service, operation: operation, statusCode: 200, reason: "no \(what)")
        }
        guard let credentials = result.child("Credentials"),
              let accessKeyId = credentials.text(of: "AccessKeyId"), !accessKeyId.isEmpty,
              let secret = credentials.text(of: "SecretAccessKey"), !secret.isEmpty,
              let token = credentials.text(of: "SessionToken"), !token.isEmpty
        else { throw missing("<Credentials> with AccessKeyId, SecretAccessKey and SessionToken") }
        guard let expirationText = credentials.text(of: "Expiration"), let expiration = ISO8601Date.parse(expirationText) else {
            throw missing("ISO 8601 <Expiration> in <Credentials>")
        }
        guard let user = result.child("AssumedRoleUser"), let arn = user.text(of: "Arn") else {
            throw missing("<AssumedRoleUser> with Arn")
        }
        return STSAssumedRole(
            credentials: AWSCredentials(accessKeyId: accessKeyId, secretAccessKey: secret, sessionToken: token,
                                        expiration: expiration),
            assumedRoleArn: arn, assumedRoleId: user.text(of: "AssumedRoleId") ?? "")
    }
}
