import Foundation

/// Amazon ECR over the JSON 1.1 protocol (`X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.<Operation>`).
///
/// Every method throws `AWSError` for an error response (e.g. `RepositoryNotFoundException`,
/// `RepositoryAlreadyExistsException`) and `HTTPClientError` when no response came, after retries.
/// Spec: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/Welcome.html
public struct ECRClient: AWSServiceClient {
    static let api = AWSServiceAPI.json(.ecr, version: "2015-09-21", jsonVersion: "1.1",
                                        targetPrefix: "AmazonEC2ContainerRegistry_V20150921")
    let core: AWSServiceCore

    /// A client for the endpoint `configuration` resolves (standard AWS, or an `AWS_ENDPOINT_URL*`/explicit override).
    /// - Throws: `AWSConfigurationError.invalidEndpoint` for a malformed override.
    public init(configuration: AWSConfiguration, httpClient: HTTPClient = .shared, retryPolicy: RetryPolicy = .standard) throws {
        core = try Self.core(configuration: configuration, httpClient: httpClient, retryPolicy: retryPolicy)
    }

    /// Where this client sends requests.
    public var endpoint: AWSEndpoint { core.endpoint }

    /// Creates a private repository with mutable tags.
    public func createRepository(name: String) async throws -> ECRRepository {
        struct Output: Decodable { let repository: ECRRepository }
        return try await call("CreateRepository", ["repositoryName": name], as: Output.self).repository
    }

    /// The named repositories (all of the registry's when `names` is empty, first page only);
    /// `RepositoryNotFoundException` if a named one does not exist.
    public func describeRepositories(names: [String] = []) async throws -> [ECRRepository] {
        struct Input: Encodable, Sendable { let repositoryNames: [String]? }
        struct Output: Decodable { let repositories: [ECRRepository]? }
        return try await call("DescribeRepositories", Input(repositoryNames: names.isEmpty ? nil : names), as: Output.self)
            .repositories ?? []
    }

    /// Deletes the repository; `force` deletes it even when it still holds images.
    @discardableResult
    public func deleteRepository(name: String, force: Bool = true) async throws -> ECRRepository {
        struct Input: Encodable, Sendable { let repositoryName: String; let force: Bool }
        struct Output: Decodable { let repository: ECRRepository }
        return try await call("DeleteRepository", Input(repositoryName: name, force: force), as: Output.self).repository
    }

    /// A registry login, decoded from the base64 `user:password` token the service returns.
    public func getAuthorizationToken() async throws -> ECRAuthorization {
        struct Data64: Decodable { let authorizationToken: String; let proxyEndpoint: String?; let expiresAt: Double? }
        struct Output: Decodable { let authorizationData: [Data64] }
        struct Input: Encodable, Sendable {}
        let response = try await core.sendJSON(operation: "GetAuthorizationToken", input: Input())
        let output = try core.decodeJSON(Output.self, from: response, operation: "GetAuthorizationToken")
        guard let first = output.authorizationData.first,
              let decoded = Data(base64Encoded: first.authorizationToken).map({ String(decoding: $0, as: UTF8.self) }),
              let colon = decoded.firstIndex(of: ":") else {
            throw core.decodingError(operation: "GetAuthorizationToken", response: response, reason: "no base64 user:password token")
        }
        return ECRAuthorization(
            username: String(decoded[..<colon]), password: String(decoded[decoded.index(after: colon)...]),
            proxyEndpoint: first.proxyEndpoint, expiresAt: first.expiresAt)
    }

    /// The images of a repository (every page), optionally only those with `tag`.
    public func describeImages(repository: String, tag: String? = nil) async throws -> [ECRImageDetail] {
        struct ImageId: Encodable, Sendable { let imageTag: String }
        struct Input: Encodable, Sendable { let repositoryName: String; let imageIds: [ImageId]?; let nextToken: String? }
        struct Output: Decodable { let imageDetails: [ECRImageDetail]?; let nextToken: String? }
        var details: [ECRImageDetail] = []
        var token: String?
        repeat {
            let output = try await call("DescribeImages", Input(
                repositoryName: repository, imageIds: tag.map { [ImageId(imageTag: $0)] }, nextToken: token
            ), as: Output.self)
            details += output.imageDetails ?? []
            token = output.nextToken.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return details
    }

    /// Stores `manifest` (a manifest or index document of `mediaType`) in the repository, tagged `tag` when given;
    /// its layers and config must be there already (pushed through the registry API).
    /// Spec: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutImage.html
    @discardableResult
    public func putImage(repository: String, manifest: String, mediaType: String, tag: String? = nil) async throws -> ECRImage {
        struct Input: Encodable, Sendable {
            let repositoryName: String
            let imageManifest: String
            let imageManifestMediaType: String
            let imageTag: String?
        }
        struct Output: Decodable { let image: WireImage }
        return try await call("PutImage", Input(repositoryName: repository, imageManifest: manifest,
                                                imageManifestMediaType: mediaType, imageTag: tag), as: Output.self).image.image
    }

    /// The manifests (or indexes) of the images named, as stored; images ECR cannot return are listed in
    /// `failures` (not thrown). `registryId` names another account's registry (default: the caller's).
    /// `acceptedMediaTypes` defaults to every single-image and multi-platform type, so an index comes back as it is
    /// rather than being refused.
    /// - Throws: `AWSError` (`RepositoryNotFoundException`, `AccessDeniedException`, ...).
    /// Spec: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_BatchGetImage.html
    public func batchGetImage(
        repository: String, images: [ECRImageIdentifier], registryId: String? = nil,
        acceptedMediaTypes: [String] = [ContainerImageMediaType.dockerManifest, ContainerImageMediaType.dockerManifestList,
                                        ContainerImageMediaType.ociManifest, ContainerImageMediaType.ociIndex]
    ) async throws -> ECRBatchGetImageResult {
        struct Input: Encodable, Sendable {
            let repositoryName: String
            let imageIds: [ECRImageIdentifier]
            let registryId: String?
            let acceptedMediaTypes: [String]
        }
        struct Failure: Decodable {
            struct Id: Decodable { let imageTag: String?; let imageDigest: String? }
            let imageId: Id?
            let failureCode: String?
            let failureReason: String?
        }
        struct Output: Decodable { let images: [WireImage]?; let failures: [Failure]? }
        let output = try await call("BatchGetImage", Input(repositoryName: repository, imageIds: images, registryId: registryId,
                                                           acceptedMediaTypes: acceptedMediaTypes), as: Output.self)
        return ECRBatchGetImageResult(
            images: (output.images ?? []).map(\.image),
            failures: (output.failures ?? []).map { failure in
                let image: ECRImageIdentifier? = failure.imageId.flatMap { id in
                    id.imageDigest.map(ECRImageIdentifier.digest) ?? id.imageTag.map(ECRImageIdentifier.tag)
                }
                return ECRImageFailure(image: image, failureCode: failure.failureCode ?? "", failureReason: failure.failureReason ?? "")
            })
    }

    /// An image as BatchGetImage and PutImage return it on the wire.
    private struct WireImage: Decodable {
        struct Id: Decodable { let imageTag: String?; let imageDigest: String? }
        let registryId: String?
        let repositoryName: String
        let imageId: Id
        let imageManifest: String
        let imageManifestMediaType: String?

        var image: ECRImage {
            let ownType = (try? ContainerImageManifest.parse(imageManifest))?.mediaType
            let digest = imageId.imageDigest ?? ContainerImageManifest.digest(of: Array(imageManifest.utf8))
            return ECRImage(registryId: registryId, repositoryName: repositoryName, digest: digest, tag: imageId.imageTag,
                            manifest: imageManifest, mediaType: imageManifestMediaType ?? ownType)
        }
    }

    /// A URL the blob `layerDigest` (a layer or an image config) can be downloaded from without signing: on AWS a
    /// presigned S3 URL, valid for a short while.
    /// Spec: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetDownloadUrlForLayer.html
    public func getDownloadUrlForLayer(repository: String, layerDigest: String, registryId: String? = nil) async throws -> String {
        struct Input: Encodable, Sendable { let repositoryName: String; let layerDigest: String; let registryId: String? }
        struct Output: Decodable { let downloadUrl: String }
        return try await call("GetDownloadUrlForLayer", Input(repositoryName: repository, layerDigest: layerDigest, registryId: registryId),
                              as: Output.self).downloadUrl
    }

    /// The bytes of the blob `digest` (an image config, or a layer), fetched from the URL GetDownloadUrlForLayer
    /// gives, unsigned, and checked against the digest.
    ///
    /// On AWS that URL is a presigned S3 URL and is fetched as it is. With an endpoint override (an emulator) it
    /// names a registry host that does not resolve (MiniStack answers `https://<account>.dkr.ecr.<region>.amazonaws.com/v2/...`,
    /// see its services/ecr.py), so its path and query are sent to the override instead, which serves the
    /// registry's `/v2/` API on the same port.
    /// - Throws: `AWSError` from GetDownloadUrlForLayer (`LayersNotFoundException`, ...), `HTTPClientError` when
    ///   the download got no answer, `ECRBlobDownloadError` for a refused download or a digest mismatch.
    public func blob(repository: String, digest: String, registryId: String? = nil) async throws -> [UInt8] {
        let downloadUrl = try await getDownloadUrlForLayer(repository: repository, layerDigest: digest, registryId: registryId)
        guard var url = EndpointURL(downloadUrl) else {
            throw ECRBlobDownloadError(repository: repository, digest: digest, statusCode: nil, detail: "the download URL is not an http(s) URL")
        }
        if core.endpoint.isCustom {
            (url.scheme, url.host, url.port) = (core.endpoint.url.scheme, core.endpoint.url.host, core.endpoint.url.port)
        }
        let request = url.request(method: "GET", path: "")
        let response = try await core.retryPolicy.run { _ in try await core.httpClient.execute(request) }
        guard (200..<300).contains(response.status) else {
            throw ECRBlobDownloadError(repository: repository, digest: digest, statusCode: response.status,
                                       detail: String(decoding: response.body.prefix(300), as: UTF8.self))
        }
        let actual = ContainerImageManifest.digest(of: response.body)
        guard actual == digest else {
            throw ECRBlobDownloadError(repository: repository, digest: digest, statusCode: nil, detail: "the bytes hash to \(actual)")
        }
        return response.body
    }
}
