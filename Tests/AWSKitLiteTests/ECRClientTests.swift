import AWSKitLite
import Foundation
import TestSupport
import Testing

/// ECRClient round trips against both emulators.
@Suite struct ECRClientTests {
    @Test(arguments: Emulator.allCases)
    func repositoryLifecycle(_ emulator: Emulator) async throws {
        let ecr = try ECRClient(configuration: emulator.configuration())
        let name = Emulator.uniqueName("repo")
        let created = try await ecr.createRepository(name: name)
        do {
            #expect(created.repositoryName == name)
            #expect(created.repositoryUri?.hasSuffix("/\(name)") == true)
            #expect(created.repositoryArn?.hasSuffix(":repository/\(name)") == true)
            let described = try await ecr.describeRepositories(names: [name])
            #expect(described.map(\.repositoryName) == [name])
            #expect(described.first?.repositoryUri == created.repositoryUri)
            #expect(try await ecr.describeImages(repository: name).isEmpty)
            let duplicate = try await #require(throws: AWSError.self) { try await ecr.createRepository(name: name) }
            #expect(duplicate.code == "RepositoryAlreadyExistsException")
        } catch {
            _ = try? await ecr.deleteRepository(name: name)
            throw error
        }
        try await ecr.deleteRepository(name: name, force: true)
        let gone = try await #require(throws: AWSError.self) { try await ecr.describeRepositories(names: [name]) }
        #expect(gone.code == "RepositoryNotFoundException" && gone.service == "ecr")
    }

    @Test(arguments: Emulator.allCases)
    func authorizationTokenDecodesToAUserAndPassword(_ emulator: Emulator) async throws {
        let ecr = try ECRClient(configuration: emulator.configuration())
        let login = try await ecr.getAuthorizationToken()
        #expect(login.username == "AWS")
        #expect(!login.password.isEmpty)
        #expect(!login.description.contains(login.password))
    }

    /// Runs `body` with a fresh repository on `emulator`, deleted afterwards (with its images).
    private func withRepository(_ emulator: Emulator, _ body: (ECRClient, String) async throws -> Void) async throws {
        let ecr = try ECRClient(configuration: emulator.configuration())
        let name = Emulator.uniqueName("images") + "/detect-server"
        _ = try await ecr.createRepository(name: name)
        do {
            try await body(ecr, name)
        } catch {
            _ = try? await ecr.deleteRepository(name: name, force: true)
            throw error
        }
        try await ecr.deleteRepository(name: name, force: true)
    }

    /// An image pushed through MiniStack's registry API, read back through the ECR API: the manifest as pushed,
    /// its media type and digest, and the config blob (through GetDownloadUrlForLayer) naming the platform.
    @Test(arguments: [TestImage.dockerManifest(architecture: "amd64"), .ociManifest(architecture: "arm64")])
    func pushedManifestAndConfigReadBack(_ image: TestImage) async throws {
        try await withRepository(.ministack) { ecr, repository in
            let pushed = try await Emulator.ministack.push(image, repository: repository, tag: "v1")
            for identifier in [ECRImageIdentifier.tag("v1"), .digest(pushed.digest)] {
                let result = try await ecr.batchGetImage(repository: repository, images: [identifier])
                #expect(result.failures.isEmpty)
                let found = try #require(result.images.first)
                #expect(found.digest == pushed.digest)
                #expect(found.mediaType == pushed.mediaType)
                #expect(ContainerImageManifest.digest(of: Array(found.manifest.utf8)) == pushed.digest)
                let manifest = try ContainerImageManifest.parse(found.manifest)
                #expect(manifest.schemaVersion == 2 && manifest.layers?.count == 1 && manifest.manifests == nil)
                let configDigest = try #require(manifest.config?.digest)
                let config = try ContainerImageConfig.parse(try await ecr.blob(repository: repository, digest: configDigest))
                let architecture = image == .dockerManifest(architecture: "amd64") ? "amd64" : "arm64"
                #expect(config.platform == ContainerImageManifest.Platform(architecture: architecture, os: "linux"))
            }
        }
    }

    /// What BuildKit pushes by default: an OCI index listing the image and an attestation manifest.
    @Test func anIndexComesBackAsAnIndexWithItsPlatforms() async throws {
        try await withRepository(.ministack) { ecr, repository in
            let pushed = try await Emulator.ministack.push(.ociIndexWithAttestation(architecture: "amd64"), repository: repository, tag: "latest")
            let found = try #require(try await ecr.batchGetImage(repository: repository, images: [.tag("latest")]).images.first)
            #expect(found.mediaType == ContainerImageMediaType.ociIndex)
            #expect(found.digest == pushed.digest)
            let index = try ContainerImageManifest.parse(found.manifest)
            let entries = try #require(index.manifests)
            #expect(entries.map(\.platform?.description) == ["linux/amd64", "unknown/unknown"])
            #expect(entries.map(\.isAttestation) == [false, true])
            #expect(entries.first?.digest == pushed.imageManifestDigest)
            // The image inside the index is there by digest, a plain manifest.
            let inner = try #require(try await ecr.batchGetImage(repository: repository, images: [.digest(pushed.imageManifestDigest)]).images.first)
            #expect(inner.mediaType == ContainerImageMediaType.ociManifest)
        }
    }

    @Test func missingImagesAndBlobsAreReported() async throws {
        try await withRepository(.ministack) { ecr, repository in
            let result = try await ecr.batchGetImage(repository: repository, images: [.tag("absent")])
            #expect(result.images.isEmpty)
            #expect(result.failures.map(\.image) == [.tag("absent")])
            #expect(result.failures.map(\.failureCode) == ["ImageNotFound"])
            let unknown = "sha256:" + String(repeating: "0", count: 64)
            let error = try await #require(throws: ECRBlobDownloadError.self) { try await ecr.blob(repository: repository, digest: unknown) }
            #expect(error.statusCode == 404 && error.digest == unknown)
        }
        let ecr = try ECRClient(configuration: Emulator.ministack.configuration())
        let noRepository = try await #require(throws: AWSError.self) {
            try await ecr.batchGetImage(repository: Emulator.uniqueName("none"), images: [.tag("latest")])
        }
        #expect(noRepository.code == "RepositoryNotFoundException")
    }

    @Test func putImageStoresAManifestReadBackByTag() async throws {
        try await withRepository(.moto) { ecr, repository in
            let pushed = try await Emulator.moto.push(.dockerManifest(architecture: "amd64"), repository: repository, tag: "v2")
            let found = try #require(try await ecr.batchGetImage(repository: repository, images: [.tag("v2")]).images.first)
            #expect(found.digest == pushed.digest)
            #expect(try ContainerImageManifest.parse(found.manifest).config?.mediaType == ContainerImageMediaType.dockerConfig)
        }
    }
}
