import AWSKitLite
import DetectionContract

/// What `up` found out about the image it points the function at.
public struct FunctionImage: Sendable, Equatable {
    public var uri: String
    /// The manifest's media type, when ECR was asked.
    public var mediaType: String?
    /// The manifest's digest, when ECR was asked.
    public var digest: String?
    /// `linux/amd64`, when the image config was read.
    public var platform: String?
    /// Why part of the check could not be made (and was left to Lambda), if it could not.
    public var unchecked: String?

    /// The step report's words: `Docker image manifest, linux/amd64, sha256:...`.
    var summary: String {
        var parts: [String] = []
        if let mediaType { parts.append(Self.names[mediaType] ?? mediaType) }
        if let platform { parts.append(platform) }
        if let digest { parts.append(digest) }
        if let unchecked { parts.append(unchecked) }
        return parts.joined(separator: ", ")
    }

    private static let names = [
        ContainerImageMediaType.dockerManifest: "Docker image manifest", ContainerImageMediaType.ociManifest: "OCI image manifest",
    ]
}

/// Before CreateFunction or UpdateFunctionCode, what the image URI points at, read from ECR: Lambda runs one image
/// manifest (Docker v2 schema 2 or OCI) for one Linux architecture, from ECR in the function's region, and refuses
/// an index ("The image manifest, config or layer media type for the source image ... is not supported").
///
/// An image in another account's repository is inspected when this caller may read it; when ECR refuses
/// (that repository's policy grants Lambda, not us), the check is left to Lambda, which pulls with its own
/// permissions, and the step report says so. When the manifest can be read but its config blob cannot
/// (GetDownloadUrlForLayer refused or not offered), the architecture is left unchecked the same way.
/// Spec: https://docs.aws.amazon.com/lambda/latest/dg/images-create.html
struct FunctionImageCheck: Sendable {
    let ecr: ECRClient
    let names: PipelineNames

    /// The OCI platform of a Lambda architecture: `x86_64` runs `linux/amd64`, `arm64` runs `linux/arm64`.
    static func platform(forArchitecture architecture: String) -> ContainerImageManifest.Platform {
        .init(architecture: architecture == "arm64" ? "arm64" : "amd64", os: "linux")
    }

    /// Checks that `uri` is an image Lambda can run on `architecture`.
    /// - Throws: `FunctionImageError` for an image Lambda would refuse; `AWSError` when ECR fails otherwise.
    func check(_ uri: String, architecture: String) async throws -> FunctionImage {
        guard let reference = ECRImageReference(uri) else {
            throw FunctionImageError.notInECR(uri: uri, repositoryUri: "\(names.accountId).dkr.ecr.\(names.region).amazonaws.com/\(names.repository)")
        }
        guard reference.region == names.region else {
            throw FunctionImageError.inAnotherRegion(uri: uri, imageRegion: reference.region, functionRegion: names.region)
        }
        let ours = reference.accountId == names.accountId
        let found: ECRBatchGetImageResult
        do {
            found = try await ecr.batchGetImage(repository: reference.repository, images: [reference.image], registryId: reference.accountId)
        } catch let error as AWSError where ours && error.code == "RepositoryNotFoundException" {
            throw FunctionImageError.notFound(uri: uri, detail: "repository \(reference.repository) does not exist")
        } catch let error as AWSError where !ours && (error.statusCode == 403 || Self.foreignRefusals.contains(error.code)) {
            return FunctionImage(uri: uri, unchecked: "not inspected: account \(reference.accountId)'s repository refused this caller "
                + "(\(error.code)), so Lambda checks the image when it pulls it")
        }
        guard let image = found.images.first else {
            let reason = found.failures.first.map { "\($0.failureCode): \($0.failureReason)" } ?? "ECR returned no image"
            throw FunctionImageError.notFound(uri: uri, detail: reason)
        }
        let wanted = Self.platform(forArchitecture: architecture)
        let manifest = try? ContainerImageManifest.parse(image.manifest)
        let mediaType = image.mediaType ?? manifest?.mediaType ?? "no media type"
        if ContainerImageMediaType.indexes.contains(mediaType) {
            let entries = manifest?.manifests ?? []
            throw FunctionImageError.isIndex(
                uri: uri, repositoryUri: reference.repositoryUri, mediaType: mediaType,
                entries: entries.map { entry in
                    (entry.isAttestation ? "attestation" : entry.platform?.description ?? "no platform") + " " + entry.digest
                },
                platform: wanted.description,
                matchingDigest: entries.first { !$0.isAttestation && $0.platform == wanted }?.digest)
        }
        guard ContainerImageMediaType.manifests.contains(mediaType), let configDigest = manifest?.config?.digest else {
            throw FunctionImageError.unsupportedMediaType(uri: uri, mediaType: mediaType)
        }

        var result = FunctionImage(uri: uri, mediaType: mediaType, digest: image.digest)
        let config: ContainerImageConfig
        do {
            config = try ContainerImageConfig.parse(try await ecr.blob(repository: reference.repository, digest: configDigest,
                                                                       registryId: reference.accountId))
        } catch let error as AWSError {
            result.unchecked = "architecture not checked: GetDownloadUrlForLayer failed (HTTP \(error.statusCode) \(error.code))"
            return result
        } catch let error as ECRBlobDownloadError {
            result.unchecked = "architecture not checked: \(error.description)"
            return result
        } catch is DecodingError {
            result.unchecked = "architecture not checked: the image config is not JSON"
            return result
        }
        guard let platform = config.platform else {
            result.unchecked = "architecture not checked: the image config names no architecture or OS"
            return result
        }
        result.platform = platform.description
        guard platform.os == wanted.os, platform.architecture == wanted.architecture else {
            throw FunctionImageError.wrongPlatform(uri: uri, imagePlatform: platform.description, functionArchitecture: architecture,
                                                   platform: wanted.description)
        }
        return result
    }

    /// What ECR answers when another account's repository does not let this caller read it.
    static let foreignRefusals: Set<String> = ["AccessDeniedException", "RepositoryNotFoundException", "RepositoryPolicyNotFoundException"]
}
