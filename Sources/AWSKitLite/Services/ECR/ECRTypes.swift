import Foundation

/// An ECR repository as CreateRepository and DescribeRepositories report it.
/// Spec: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_Repository.html
public struct ECRRepository: Sendable, Equatable, Decodable {
    public var repositoryName: String
    public var repositoryArn: String?
    public var registryId: String?
    /// `<account>.dkr.ecr.<region>.amazonaws.com/<name>`: what `docker push` targets.
    public var repositoryUri: String?
    /// Seconds since 1970.
    public var createdAt: Double?
}

/// A registry login: user `AWS` and a password, valid until `expiresAt`. Its description hides the password.
/// Spec: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_AuthorizationData.html
public struct ECRAuthorization: Sendable, Equatable, CustomStringConvertible {
    public var username: String
    public var password: String
    /// `https://<account>.dkr.ecr.<region>.amazonaws.com`.
    public var proxyEndpoint: String?
    /// Seconds since 1970.
    public var expiresAt: Double?

    public var description: String {
        "ECRAuthorization(username: \(username), password: <redacted>, proxyEndpoint: \(proxyEndpoint ?? "nil"))"
    }
}

/// An image in a repository: digest, tags, size and push time.
/// Spec: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageDetail.html
public struct ECRImageDetail: Sendable, Equatable, Decodable {
    public var imageDigest: String?
    public var imageTags: [String]?
    public var imageSizeInBytes: Int?
    /// Seconds since 1970.
    public var imagePushedAt: Double?
    public var repositoryName: String?
    public var registryId: String?
}
