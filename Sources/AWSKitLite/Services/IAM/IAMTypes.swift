/// An IAM role as CreateRole and GetRole report it.
/// Spec: https://docs.aws.amazon.com/IAM/latest/APIReference/API_Role.html
public struct IAMRole: Sendable, Equatable {
    public var roleName: String
    public var roleId: String
    public var arn: String
    public var path: String
    /// The trust policy JSON, URL-decoded.
    public var assumeRolePolicyDocument: String?
}

/// An IAM user as CreateUser reports it.
public struct IAMUser: Sendable, Equatable {
    public var userName: String
    public var userId: String
    public var arn: String
}

/// A new access key pair. The secret is shown by AWS only once, at creation; `description` never shows it.
public struct IAMAccessKey: Sendable, Equatable, CustomStringConvertible {
    public var userName: String
    public var accessKeyId: String
    public var secretAccessKey: String
    /// `Active` or `Inactive`.
    public var status: String

    /// The key pair as credentials to sign with.
    public var credentials: AWSCredentials {
        AWSCredentials(accessKeyId: accessKeyId, secretAccessKey: secretAccessKey)
    }

    public var description: String {
        "IAMAccessKey(userName: \(userName), accessKeyId: \(accessKeyId), secretAccessKey: <redacted>, status: \(status))"
    }
}
