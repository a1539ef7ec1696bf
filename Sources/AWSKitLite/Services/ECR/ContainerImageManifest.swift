import Foundation

/// The media types of the documents a registry serves for an image: the two single-image manifests (Docker v2
/// schema 2, OCI) and the two multi-platform lists of manifests (Docker manifest list, OCI index).
/// Spec: https://github.com/opencontainers/image-spec/blob/v1.1.0/media-types.md
public enum ContainerImageMediaType {
    public static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    public static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
    public static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    public static let ociIndex = "application/vnd.oci.image.index.v1+json"

    public static let dockerConfig = "application/vnd.docker.container.image.v1+json"
    public static let ociConfig = "application/vnd.oci.image.config.v1+json"

    /// Single-image manifests: a config and layers for one platform.
    public static let manifests: Set<String> = [dockerManifest, ociManifest]
    /// Lists of manifests, one per platform (and attestations).
    public static let indexes: Set<String> = [dockerManifestList, ociIndex]
}

/// An image manifest or index as a registry serves it: for a manifest, its config and layers; for an index
/// (or Docker manifest list), the manifests it lists with their platforms.
/// Spec: https://github.com/opencontainers/image-spec/blob/v1.1.0/manifest.md and image-index.md
public struct ContainerImageManifest: Sendable, Equatable, Decodable {
    /// A reference to a blob or manifest: what it is, its digest and size, and for index entries the platform.
    public struct Descriptor: Sendable, Equatable, Decodable {
        public var mediaType: String?
        /// `sha256:<64 hex>`.
        public var digest: String
        /// Bytes.
        public var size: Int?
        public var platform: Platform?
        /// e.g. `vnd.docker.reference.type: attestation-manifest` on a BuildKit attestation.
        public var annotations: [String: String]?

        /// Whether this index entry is a BuildKit provenance/SBOM attestation rather than a runnable image.
        public var isAttestation: Bool { annotations?["vnd.docker.reference.type"] == "attestation-manifest" }
    }

    /// Operating system and CPU of an image, as an index entry or an image config names them (`linux`, `amd64`).
    public struct Platform: Sendable, Equatable, Decodable, CustomStringConvertible {
        public var architecture: String
        public var os: String
        public var variant: String?

        public init(architecture: String, os: String, variant: String? = nil) {
            self.architecture = architecture
            self.os = os
            self.variant = variant
        }

        /// `linux/amd64`, `linux/arm64/v8`.
        public var description: String { [os, architecture, variant].compactMap { $0 }.joined(separator: "/") }
    }

    public var schemaVersion: Int
    /// The document's own media type, when it states one (OCI manifests may leave it out).
    public var mediaType: String?
    /// A manifest's config blob.
    public var config: Descriptor?
    public var layers: [Descriptor]?
    /// An index's entries.
    public var manifests: [Descriptor]?

    /// Parses a manifest or index document.
    /// - Throws: `DecodingError` when it is not one.
    public static func parse(_ text: String) throws -> ContainerImageManifest {
        try JSONDecoder().decode(ContainerImageManifest.self, from: Data(text.utf8))
    }

    /// The content digest registries name `bytes` by: `sha256:` and 64 lower-case hex characters.
    /// Spec: https://github.com/opencontainers/image-spec/blob/v1.1.0/descriptor.md#digests
    public static func digest(of bytes: [UInt8]) -> String {
        "sha256:" + SHA256.hash(bytes).hex
    }
}

/// The parts of an image's config blob that say where it can run.
/// Spec: https://github.com/opencontainers/image-spec/blob/v1.1.0/config.md
public struct ContainerImageConfig: Sendable, Equatable, Decodable {
    /// `amd64`, `arm64`, ... (Go's GOARCH names).
    public var architecture: String?
    /// `linux`, `windows`, ...
    public var os: String?
    public var variant: String?

    /// The config's platform, when it names both architecture and OS.
    public var platform: ContainerImageManifest.Platform? {
        guard let architecture, let os else { return nil }
        return .init(architecture: architecture, os: os, variant: variant)
    }

    /// Parses a config blob.
    /// - Throws: `DecodingError` when it is not JSON of that shape.
    public static func parse(_ bytes: [UInt8]) throws -> ContainerImageConfig {
        try JSONDecoder().decode(ContainerImageConfig.self, from: Data(bytes))
    }
}
