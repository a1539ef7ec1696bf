import Foundation
import Testing

/// scripts/check-image-inputs.py's checks (run by `make test`): the real Dockerfile and ignore files
/// pass, and each way an image could come to depend on something other than the commit fails with its reason: an
/// unpinned or differently pinned build package, a Swift image not pinned to the toolchain, ignore files that let a
/// work-tree path into the context, or that differ between the classic builder and BuildKit.
@Suite struct ImageBuildInputsTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let files = [".gitignore", ".dockerignore", "deploy/lambda/Dockerfile", "deploy/lambda/Dockerfile.dockerignore"]

    /// A scratch git work tree holding copies of the build inputs, with `change` applied to it.
    struct Scratch {
        let root: URL

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("build-inputs-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root.appendingPathComponent("deploy/lambda"), withIntermediateDirectories: true)
            for file in ImageBuildInputsTests.files {
                try FileManager.default.copyItem(at: ImageBuildInputsTests.repositoryRoot.appendingPathComponent(file),
                                                 to: root.appendingPathComponent(file))
            }
            _ = try run("/usr/bin/git", ["-C", root.path, "init", "-q"])
        }

        func edit(_ file: String, _ change: (String) -> String) throws {
            let url = root.appendingPathComponent(file)
            try change(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
        }

        func create(_ path: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: url)
        }

        /// The check's exit status and standard error.
        func check() throws -> (status: Int32, errors: String) {
            let script = ImageBuildInputsTests.repositoryRoot.appendingPathComponent("scripts/check-image-inputs.py").path
            return try run("/usr/bin/python3", [script, "--root", root.path])
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func theRepositorysInputsPass() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.create(".build/debug/detect-server")
        try scratch.create("out/detections_local.json")
        try scratch.create(".venv-aws/bin/python")
        try scratch.create("Package.resolved")
        let result = try scratch.check()
        #expect(result.status == 0, "\(result.errors)")
    }

    @Test func anUnpinnedOrDifferentlyPinnedBuildPackageFails() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.edit("deploy/lambda/Dockerfile") { $0.replacingOccurrences(of: "python3-pip=23.0.1+dfsg-1", with: "python3-pip") }
        try scratch.edit("deploy/lambda/Dockerfile") { $0.replacingOccurrences(of: "cmake=3.25.1-1", with: "cmake=3.25.0-1") }
        let result = try scratch.check()
        #expect(result.status == 1)
        #expect(result.errors.contains("build-stage package python3-pip is not pinned (write python3-pip=23.0.1+dfsg-1)"))
        #expect(result.errors.contains("build-stage package cmake is pinned to 3.25.0-1, but this project is tested with 3.25.1-1"))
    }

    @Test func aFinalStageWithMoreThanTheFunctionsRootFilesystemFails() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.edit("deploy/lambda/Dockerfile") {
            $0.replacingOccurrences(of: "FROM scratch\nCOPY --from=build /out/rootfs/ /\n",
                                    with: "FROM debian:bookworm-slim\nCOPY --from=build /out/rootfs/ /\nCOPY --from=build /src/README.md /\n")
        }
        let result = try scratch.check()
        #expect(result.status == 1)
        #expect(result.errors.contains("the final stage starts from debian:bookworm-slim, not scratch"))
        #expect(result.errors.contains("the final stage copies more than the build stage's /out/rootfs: COPY --from=build /src/README.md /"))
    }

    @Test(arguments: ["ARG SWIFT_VERSION=6.3", "ARG SWIFT_VERSION=6.2.1"])
    func aSwiftImageNotPinnedToTheToolchainFails(line: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.edit("deploy/lambda/Dockerfile") { $0.replacingOccurrences(of: "ARG SWIFT_VERSION=6.3.1", with: line) }
        let result = try scratch.check()
        #expect(result.status == 1)
        #expect(result.errors.contains("the build stage's Swift image"), "\(result.errors)")
    }

    @Test func aWorkTreePathLeakingIntoTheContextFails() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        for file in [".dockerignore", "deploy/lambda/Dockerfile.dockerignore"] {
            try scratch.edit(file) { $0.replacingOccurrences(of: "**/.venv*\n", with: "") }
        }
        // Ignored only by this clone's .git/info/exclude, as a local scratch folder would be.
        try scratch.edit(".git/info/exclude") { $0 + "scratch-notes/\n" }
        try scratch.create("scratch-notes/todo.txt")
        try scratch.create(".venv-aws/bin/python")
        let result = try scratch.check()
        #expect(result.status == 1)
        #expect(result.errors.contains(".dockerignore lets .venvx/file into the build context (.gitignore: .venv*/)"), "\(result.errors)")
        #expect(result.errors.contains(".dockerignore lets the work tree's .venv-aws/ into the build context"))
        #expect(result.errors.contains(".dockerignore lets the work tree's scratch-notes/ into the build context"))
        #expect(result.errors.contains("deploy/lambda/Dockerfile.dockerignore lets the work tree's scratch-notes/ into the build context"))
    }

    @Test func ignoreFilesThatDifferOrAreMissingFail() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.edit(".dockerignore") { $0 + "Fixtures\n" }
        let differ = try scratch.check()
        #expect(differ.status == 1)
        #expect(differ.errors.contains(".dockerignore and deploy/lambda/Dockerfile.dockerignore differ"))
        try FileManager.default.removeItem(at: scratch.root.appendingPathComponent(".dockerignore"))
        let missing = try scratch.check()
        #expect(missing.status == 1)
        #expect(missing.errors.contains(".dockerignore is missing"))
    }
}
