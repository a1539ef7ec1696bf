import AWSKitLite
import Foundation

/// Small container images for tests, in the shapes registries really hold: a Docker v2 schema 2 manifest, an OCI
/// manifest, and the OCI index BuildKit pushes by default (the image plus a provenance attestation manifest).
/// Each has a real config blob naming its platform and one real layer (a gzipped empty tar).
public enum TestImage: Sendable, Equatable {
    case dockerManifest(architecture: String)
    case ociManifest(architecture: String)
    case ociIndexWithAttestation(architecture: String)
}

/// What was pushed: the digest of the document the tag points at, its media type, and for an index the digest
/// of the runnable image manifest in it.
public struct PushedTestImage: Sendable, Equatable {
    public var digest: String
    public var mediaType: String
    public var imageManifestDigest: String
}

extension Emulator {
    /// Pushes `image` to the existing `repository` under `tag`, as `docker push` would: on MiniStack through the
    /// registry's `/v2/` API on the emulator's port (blobs, then manifests by digest, then the tagged document);
    /// on moto, which has no registry, the tagged manifest through ECR PutImage (single manifests only).
    public func push(_ image: TestImage, repository: String, tag: String) async throws -> PushedTestImage {
        let layer = [UInt8](Data(base64Encoded: "H4sIAAAAAAAC/2NgGAWjYBSMVAAALq+17wAEAAA=")!)
        let layerDiffId = "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"
        let oci: Bool, architecture: String, index: Bool
        switch image {
        case .dockerManifest(let arch): (oci, architecture, index) = (false, arch, false)
        case .ociManifest(let arch): (oci, architecture, index) = (true, arch, false)
        case .ociIndexWithAttestation(let arch): (oci, architecture, index) = (true, arch, true)
        }
        let config = Array("""
            {"architecture":"\(architecture)","os":"linux","config":{"Entrypoint":["/usr/local/bin/detect-server","lambda"]},\
            "rootfs":{"type":"layers","diff_ids":["\(layerDiffId)"]}}
            """.utf8)
        let manifestType = oci ? "application/vnd.oci.image.manifest.v1+json" : "application/vnd.docker.distribution.manifest.v2+json"
        let configType = oci ? "application/vnd.oci.image.config.v1+json" : "application/vnd.docker.container.image.v1+json"
        let layerType = oci ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.docker.image.rootfs.diff.tar.gzip"
        let manifest = """
            {"schemaVersion":2,"mediaType":"\(manifestType)",\
            "config":{"mediaType":"\(configType)","digest":"\(Self.digest(config))","size":\(config.count)},\
            "layers":[{"mediaType":"\(layerType)","digest":"\(Self.digest(layer))","size":\(layer.count)}]}
            """
        let manifestDigest = Self.digest(Array(manifest.utf8))

        guard self == .ministack else {
            precondition(!index, "moto has no registry to hold an index's manifests")
            let ecr = try ECRClient(configuration: configuration())
            let stored = try await ecr.putImage(repository: repository, manifest: manifest, mediaType: manifestType, tag: tag)
            return PushedTestImage(digest: stored.digest, mediaType: manifestType, imageManifestDigest: stored.digest)
        }

        let registry = try Registry(endpoint: endpoint(), repository: repository)
        try await registry.putBlob(layer)
        try await registry.putBlob(config)
        guard index else {
            let digest = try await registry.putManifest(manifest, mediaType: manifestType, reference: tag)
            return PushedTestImage(digest: digest, mediaType: manifestType, imageManifestDigest: digest)
        }
        _ = try await registry.putManifest(manifest, mediaType: manifestType, reference: manifestDigest)

        // The attestation BuildKit adds: an in-toto statement about the image, in a manifest of its own.
        let statement = Array(#"{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"https://slsa.dev/provenance/v0.2","subject":[]}"#.utf8)
        let emptyConfig = Array("{}".utf8)
        try await registry.putBlob(statement)
        try await registry.putBlob(emptyConfig)
        let attestation = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",\
            "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"\(Self.digest(emptyConfig))","size":2},\
            "layers":[{"mediaType":"application/vnd.in-toto+json","digest":"\(Self.digest(statement))","size":\(statement.count),\
            "annotations":{"in-toto.io/predicate-type":"https://slsa.dev/provenance/v0.2"}}]}
            """
        let attestationDigest = try await registry.putManifest(attestation, mediaType: "application/vnd.oci.image.manifest.v1+json",
                                                               reference: Self.digest(Array(attestation.utf8)))
        let indexDocument = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[\
            {"mediaType":"\(manifestType)","digest":"\(manifestDigest)","size":\(manifest.utf8.count),\
            "platform":{"architecture":"\(architecture)","os":"linux"}},\
            {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\(attestationDigest)","size":\(attestation.utf8.count),\
            "annotations":{"vnd.docker.reference.digest":"\(manifestDigest)","vnd.docker.reference.type":"attestation-manifest"},\
            "platform":{"architecture":"unknown","os":"unknown"}}]}
            """
        let digest = try await registry.putManifest(indexDocument, mediaType: "application/vnd.oci.image.index.v1+json", reference: tag)
        return PushedTestImage(digest: digest, mediaType: "application/vnd.oci.image.index.v1+json", imageManifestDigest: manifestDigest)
    }

    /// Creates the pipeline's repository `repository` if missing and pushes a linux/amd64 Docker image to it under
    /// `tag`; returns the image URI `up --image-uri` takes.
    public func pushFunctionImage(repository: String, accountId: String, region: String = "us-east-1",
                                  tag: String = "latest") async throws -> String {
        let ecr = try ECRClient(configuration: configuration(region: region))
        do {
            _ = try await ecr.createRepository(name: repository)
        } catch let error as AWSError where error.code == "RepositoryAlreadyExistsException" {}
        _ = try await push(.dockerManifest(architecture: "amd64"), repository: repository, tag: tag)
        return "\(accountId).dkr.ecr.\(region).amazonaws.com/\(repository):\(tag)"
    }

    static func digest(_ bytes: [UInt8]) -> String {
        ContainerImageManifest.digest(of: bytes)
    }
}

/// The registry API (`/v2/`) MiniStack serves on its port, unauthenticated like its `docker push` path.
/// Spec: https://distribution.github.io/distribution/spec/api/
private struct Registry {
    struct Refused: Error, CustomStringConvertible {
        var request: String
        var status: Int
        var body: String
        var description: String { "registry \(request): HTTP \(status) \(body)" }
    }

    let endpoint: EndpointURL
    let repository: String

    init(endpoint: String, repository: String) throws {
        guard let url = EndpointURL(endpoint) else { throw Refused(request: "endpoint \(endpoint)", status: 0, body: "not a URL") }
        self.endpoint = url
        self.repository = repository
    }

    /// A monolithic upload: `POST /v2/<name>/blobs/uploads/?digest=<digest>` with the bytes.
    func putBlob(_ bytes: [UInt8]) async throws {
        let request = endpoint.request(method: "POST", path: "/v2/\(repository)/blobs/uploads/",
                                       query: [(name: "digest", value: Emulator.digest(bytes))],
                                       headers: [(name: "Content-Type", value: "application/octet-stream")], body: bytes)
        try await send(request, "POST blob")
    }

    /// `PUT /v2/<name>/manifests/<reference>`; returns the digest the registry reports.
    func putManifest(_ document: String, mediaType: String, reference: String) async throws -> String {
        let request = endpoint.request(method: "PUT", path: "/v2/\(repository)/manifests/\(reference)",
                                       headers: [(name: "Content-Type", value: mediaType)], body: Array(document.utf8))
        let response = try await send(request, "PUT manifest \(reference)")
        return response.header("Docker-Content-Digest") ?? Emulator.digest(Array(document.utf8))
    }

    @discardableResult
    private func send(_ request: HTTPRequest, _ what: String) async throws -> HTTPResponse {
        let response = try await HTTPClient.shared.execute(request)
        guard (200..<300).contains(response.status) else {
            throw Refused(request: what, status: response.status, body: String(decoding: response.body.prefix(300), as: UTF8.self))
        }
        return response
    }
}
