/// Why `up` will not point the function at an image: each is an image Lambda would refuse (at CreateFunction or
/// UpdateFunctionCode, or when it first runs it), said with what to do instead. Nothing in them is secret.
/// Spec: https://docs.aws.amazon.com/lambda/latest/dg/images-create.html
public enum FunctionImageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not an ECR private registry URI: Lambda runs images from Amazon ECR only.
    case notInECR(uri: String, repositoryUri: String)
    /// In ECR, but in another region than the function's.
    case inAnotherRegion(uri: String, imageRegion: String, functionRegion: String)
    /// The repository or the tag/digest does not exist (ECR's reason in `detail`).
    case notFound(uri: String, detail: String)
    /// A multi-platform list of manifests (an OCI index or Docker manifest list, which BuildKit pushes by default
    /// with its provenance attestation); `entries` lists what it holds, `matchingDigest` the entry for the function's
    /// platform, if any.
    case isIndex(uri: String, repositoryUri: String, mediaType: String, entries: [String], platform: String, matchingDigest: String?)
    /// A manifest type Lambda does not run (e.g. Docker schema 1).
    case unsupportedMediaType(uri: String, mediaType: String)
    /// Built for another platform than the function's architecture.
    case wrongPlatform(uri: String, imagePlatform: String, functionArchitecture: String, platform: String)

    public var description: String {
        switch self {
        case .notInECR(let uri, let repositoryUri):
            return "image \(uri) is not in Amazon ECR: Lambda runs container images only from an ECR repository in the function's region; "
                + "push it to \(repositoryUri) and give that URI, or use --build"
        case .inAnotherRegion(let uri, let imageRegion, let functionRegion):
            return "image \(uri) is in ECR in \(imageRegion), but Lambda runs images only from the function's region (\(functionRegion)): "
                + "push it to a repository in \(functionRegion), or use --build"
        case .notFound(let uri, let detail):
            return "image \(uri) is not in ECR (\(detail)): push it first, or use --build to build and push it"
        case .isIndex(let uri, let repositoryUri, let mediaType, let entries, let platform, let matchingDigest):
            var text = "image \(uri) is a multi-platform index (\(mediaType): \(entries.joined(separator: ", "))), which Lambda does not run: "
                + "build one \(platform) image without attestations (docker buildx build --platform \(platform) --provenance=false --sbom=false, "
                + "as up --build does)"
            if let matchingDigest {
                text += ", or give --image-uri \(repositoryUri)@\(matchingDigest) (the \(platform) image in it)"
            }
            return text
        case .unsupportedMediaType(let uri, let mediaType):
            return "image \(uri) has a \(mediaType) manifest; Lambda runs Docker image manifest v2 schema 2 and OCI image manifests: "
                + "push it again with a current Docker, or use --build"
        case .wrongPlatform(let uri, let imagePlatform, let functionArchitecture, let platform):
            return "image \(uri) is built for \(imagePlatform), but the function runs on \(functionArchitecture) (\(platform)): "
                + "build it for \(platform) (up --build builds for --architecture), or run the function on the image's architecture with --architecture"
        }
    }
}
