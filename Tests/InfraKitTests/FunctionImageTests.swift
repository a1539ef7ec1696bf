import AWSKitLite
import Foundation
import InfraKit
import TestSupport
import Testing

/// `up` reads from ECR what the image URI points at before the function uses it, against images pushed through
/// MiniStack's real registry: single manifests (Docker v2, OCI) are accepted, an OCI index with an attestation
/// (BuildKit's default) or an image for another architecture is refused before anything is created, and
/// `--build` checks what its push left behind.
@Suite struct FunctionImageTests {
    /// Runs `body` with a pipeline prefix whose repository exists (as after a first push).
    func withRepository(_ body: (PipelineClients, PipelineNames) async throws -> Void) async throws {
        let clients = try Emulator.ministack.clients()
        let prefix = Emulator.uniquePrefix()
        let names = try await clients.names(prefix: prefix)
        try await withPipelineCleanup(.ministack, prefix: prefix) {
            _ = try await clients.ecr.createRepository(name: names.repository)
            try await body(clients, names)
        }
    }

    func repositoryUri(_ names: PipelineNames) -> String {
        "\(names.accountId).dkr.ecr.\(names.region).amazonaws.com/\(names.repository)"
    }

    @Test(arguments: [(TestImage.dockerManifest(architecture: "amd64"), "x86_64", "Docker image manifest, linux/amd64"),
                      (.ociManifest(architecture: "amd64"), "x86_64", "OCI image manifest, linux/amd64"),
                      (.dockerManifest(architecture: "arm64"), "arm64", "Docker image manifest, linux/arm64")])
    func aSingleManifestForTheFunctionsArchitectureIsUsed(image: TestImage, architecture: String, summary: String) async throws {
        try await withRepository { clients, names in
            let pushed = try await Emulator.ministack.push(image, repository: names.repository, tag: "v1")
            let uri = repositoryUri(names) + ":v1"
            let recorder = StepRecorder()
            try await PipelineProvisioner(clients: clients, polling: Emulator.polling).up(
                prefix: names.prefix, options: UpOptions(image: .uri(uri), function: DetectFunctionSpec(architecture: architecture)),
                report: recorder.reporter)
            #expect(recorder.steps.contains(StepReport(resource: .image, name: uri, outcome: .using("the given image: \(summary), \(pushed.digest)"))))
            #expect(try await clients.lambda.getFunction(name: names.function).imageUri == uri)
        }
    }

    @Test func anIndexWithAnAttestationIsRefusedBeforeAnythingIsCreated() async throws {
        try await withRepository { clients, names in
            let pushed = try await Emulator.ministack.push(.ociIndexWithAttestation(architecture: "amd64"), repository: names.repository, tag: "latest")
            let uri = repositoryUri(names) + ":latest"
            let recorder = StepRecorder()
            let error = await #expect(throws: FunctionImageError.self) {
                try await PipelineProvisioner(clients: clients, polling: Emulator.polling)
                    .up(prefix: names.prefix, options: UpOptions(image: .uri(uri)), report: recorder.reporter)
            }
            guard case .isIndex(_, _, let mediaType, let entries, let platform, let matching) = error else {
                Issue.record("expected isIndex, got \(String(describing: error))")
                return
            }
            #expect(mediaType == ContainerImageMediaType.ociIndex && platform == "linux/amd64")
            #expect(matching == pushed.imageManifestDigest)
            #expect(entries.count == 2 && entries[1].hasPrefix("attestation sha256:"))
            let line = ErrorSummary.line(for: error!)
            #expect(line.contains("--provenance=false --sbom=false"))
            #expect(line.contains("--image-uri \(repositoryUri(names))@\(pushed.imageManifestDigest)"))
            #expect(recorder.steps.isEmpty)
            let status = try await PipelineInspector(clients: clients).status(prefix: names.prefix)
            #expect(status.missing == PipelineResource.allCases.filter { ![.repository, .image].contains($0) })

            // The image manifest inside the index, given by digest, is what Lambda can run.
            let inner = repositoryUri(names) + "@" + pushed.imageManifestDigest
            try await PipelineProvisioner(clients: clients, polling: Emulator.polling)
                .up(prefix: names.prefix, options: UpOptions(image: .uri(inner)), report: { _ in })
            #expect(try await clients.lambda.getFunction(name: names.function).imageUri == inner)
        }
    }

    @Test func anImageForAnotherArchitectureIsRefused() async throws {
        try await withRepository { clients, names in
            _ = try await Emulator.ministack.push(.dockerManifest(architecture: "arm64"), repository: names.repository, tag: "arm")
            let uri = repositoryUri(names) + ":arm"
            let error = await #expect(throws: FunctionImageError.self) {
                try await PipelineProvisioner(clients: clients, polling: Emulator.polling)
                    .up(prefix: names.prefix, options: UpOptions(image: .uri(uri)), report: { _ in })
            }
            #expect(error == .wrongPlatform(uri: uri, imagePlatform: "linux/arm64", functionArchitecture: "x86_64", platform: "linux/amd64"))
            let absent = try await AbsentFunction.isAbsent(clients, names)
            #expect(absent)
        }
    }

    @Test func imagesLambdaCannotReachAreRefused() async throws {
        try await withRepository { clients, names in
            let provisioner = PipelineProvisioner(clients: clients, polling: Emulator.polling)
            let missingTag = repositoryUri(names) + ":never-pushed"
            let missing = await #expect(throws: FunctionImageError.self) {
                try await provisioner.up(prefix: names.prefix, options: UpOptions(image: .uri(missingTag)), report: { _ in })
            }
            #expect(missing == .notFound(uri: missingTag, detail: "ImageNotFound: Requested image not found"))

            let otherRepository = "\(names.accountId).dkr.ecr.\(names.region).amazonaws.com/\(names.prefix)-nothing/here:v1"
            let noRepository = await #expect(throws: FunctionImageError.self) {
                try await provisioner.up(prefix: names.prefix, options: UpOptions(image: .uri(otherRepository)), report: { _ in })
            }
            #expect(noRepository == .notFound(uri: otherRepository, detail: "repository \(names.prefix)-nothing/here does not exist"))

            let dockerHub = "docker.io/library/alpine:3.20"
            let notECR = await #expect(throws: FunctionImageError.self) {
                try await provisioner.up(prefix: names.prefix, options: UpOptions(image: .uri(dockerHub)), report: { _ in })
            }
            #expect(notECR == .notInECR(uri: dockerHub, repositoryUri: repositoryUri(names)))

            let elsewhere = "\(names.accountId).dkr.ecr.eu-west-1.amazonaws.com/\(names.repository):v1"
            let otherRegion = await #expect(throws: FunctionImageError.self) {
                try await provisioner.up(prefix: names.prefix, options: UpOptions(image: .uri(elsewhere)), report: { _ in })
            }
            #expect(otherRegion == .inAnotherRegion(uri: elsewhere, imageRegion: "eu-west-1", functionRegion: "us-east-1"))
            let absent = try await AbsentFunction.isAbsent(clients, names)
            #expect(absent)
        }
    }

    /// `--build` with BuildKit: the flags that keep attestations out, and, should the push still leave an index
    /// behind (what a Docker without them does), the refusal before the function is created.
    @Test func buildWithBuildKitChecksWhatThePushLeft() async throws {
        try await withRepository { clients, names in
            let docker = try FakeDocker(.buildKit)
            defer { docker.remove() }
            _ = try await Emulator.ministack.push(.ociIndexWithAttestation(architecture: "amd64"), repository: names.repository, tag: "latest")
            let error = await #expect(throws: FunctionImageError.self) {
                try await PipelineProvisioner(clients: clients, polling: Emulator.polling)
                    .up(prefix: names.prefix, options: UpOptions(image: .build(ImageBuild()), docker: docker.cli), report: { _ in })
            }
            guard case .isIndex = error else {
                Issue.record("expected isIndex, got \(String(describing: error))")
                return
            }
            #expect(docker.invocations.contains(["buildx", "build", "--platform", "linux/amd64", "--provenance=false", "--sbom=false",
                                                 "--push", "-f", "deploy/lambda/Dockerfile", "-t", repositoryUri(names) + ":latest", "."]))
            let absent = try await AbsentFunction.isAbsent(clients, names)
            #expect(absent)
        }
    }

    /// `--build` with the classic builder on an engine that keeps images in containerd: `push --platform`, and the
    /// single manifest it leaves is what the function runs, by digest.
    @Test func buildWithTheClassicBuilderRunsThePushedDigest() async throws {
        try await withRepository { clients, names in
            let docker = try FakeDocker(.classic(containerdImageStore: true))
            defer { docker.remove() }
            let pushed = try await Emulator.ministack.push(.dockerManifest(architecture: "arm64"), repository: names.repository, tag: "v7")
            let recorder = StepRecorder()
            try await PipelineProvisioner(clients: clients, polling: Emulator.polling).up(
                prefix: names.prefix,
                options: UpOptions(image: .build(ImageBuild(tag: "v7")), function: DetectFunctionSpec(architecture: "arm64"), docker: docker.cli),
                report: recorder.reporter)
            let tagged = repositoryUri(names) + ":v7"
            #expect(docker.invocations.filter { ["build", "push"].contains($0.first) } == [
                ["build", "--platform", "linux/arm64", "-f", "deploy/lambda/Dockerfile", "-t", tagged, "."],
                ["push", "--platform", "linux/arm64", tagged],
            ])
            let digestUri = repositoryUri(names) + "@" + pushed.digest
            #expect(recorder.steps.contains(StepReport(resource: .image, name: digestUri,
                                                       outcome: .using("the pushed image: Docker image manifest, linux/arm64, \(pushed.digest)"))))
            #expect(try await clients.lambda.getFunction(name: names.function).imageUri == digestUri)
        }
    }
}

/// Whether the pipeline's function does not exist.
enum AbsentFunction {
    static func isAbsent(_ clients: PipelineClients, _ names: PipelineNames) async throws -> Bool {
        do {
            _ = try await clients.lambda.getFunction(name: names.function)
            return false
        } catch let error as AWSError where error.code == "ResourceNotFoundException" {
            return true
        }
    }
}
