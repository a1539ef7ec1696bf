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

/// Which image of a repository: by tag (`latest`) or by digest (`sha256:...`).
/// Spec: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageIdentifier.html
public enum ECRImageIdentifier: Sendable, Equatable, Encodable, CustomStringConvertible {
    case tag(String)
    case digest(String)

    enum CodingKeys: String, CodingKey { case imageTag, imageDigest }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .tag(let tag): try container.encode(tag, forKey: .imageTag)
        case .digest(let digest): try container.encode(digest, forKey: .imageDigest)
        }
    }

    /// `:latest` or `@sha256:...`, as it follows a repository URI.
    public var description: String {
        switch self {
        case .tag(let tag): ":\(tag)"
        case .digest(let digest): "@\(digest)"
        }
    }
}

/// An image as BatchGetImage returns it: its manifest (or index) document, that document's media type and digest.
/// Spec: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_Image.html
public struct ECRImage: Sendable, Equatable {
    public var registryId: String?
    public var repositoryName: String
    /// `sha256:<hex>` of the manifest document.
    public var digest: String
    public var tag: String?
    /// The manifest or index JSON, exactly as stored.
    public var manifest: String
    /// `application/vnd.docker.distribution.manifest.v2+json`, `application/vnd.oci.image.index.v1+json`, ...
    /// (ECR's `imageManifestMediaType`, else the document's own `mediaType`).
    public var mediaType: String?
}

/// An image BatchGetImage could not return, with ECR's reason (`ImageNotFound`, `ImageTagDoesNotMatchDigest`,
/// `UnsupportedImageType`, ...).
/// Spec: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageFailure.html
public struct ECRImageFailure: Sendable, Equatable {
    public var image: ECRImageIdentifier?
    public var failureCode: String
    public var failureReason: String
}

/// What one BatchGetImage call found and did not find.
public struct ECRBatchGetImageResult: Sendable, Equatable {
    public var images: [ECRImage]
    public var failures: [ECRImageFailure]
}

/// Fetching a blob from the URL GetDownloadUrlForLayer gave failed: the answer was not 2xx, or the bytes do not
/// hash to the digest asked for.
public struct ECRBlobDownloadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var repository: String
    public var digest: String
    /// The HTTP status, or nil when the bytes arrived but did not match the digest.
    public var statusCode: Int?
    public var detail: String

    public var description: String {
        "ecr blob \(digest) of \(repository): " + (statusCode.map { "HTTP \($0): " } ?? "") + detail
    }
}
