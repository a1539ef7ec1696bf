import Foundation
import InfraKit

/// A stand-in `docker` program that records every invocation's arguments and answers as a client of the chosen
/// kind would: an engine that answers `version`, with or without the buildx plugin (BuildKit), and an engine that
/// keeps images in containerd or not. Build and push do nothing: tests put what "the push" leaves in the registry.
struct FakeDocker {
    enum Kind {
        case buildKit
        case classic(containerdImageStore: Bool)
    }

    let directory: URL
    let cli: DockerCLI

    init(_ kind: Kind) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fake-docker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let buildx: String, driverStatus: String
        switch kind {
        case .buildKit:
            (buildx, driverStatus) = ("echo 'github.com/docker/buildx v0.23.0'; exit 0", #"[["driver-type","io.containerd.snapshotter.v1"]]"#)
        case .classic(let containerd):
            buildx = "echo 'docker: unknown command: docker buildx' >&2; exit 1"
            driverStatus = containerd ? #"[["driver-type","io.containerd.snapshotter.v1"]]"# : #"[["Backing Filesystem","extfs"]]"#
        }
        let script = directory.appendingPathComponent("docker")
        try """
            #!/bin/sh
            for argument in "$@"; do printf '%s\\n' "$argument"; done >> "\(directory.path)/invocations"
            echo -- >> "\(directory.path)/invocations"
            case "$1 $2" in
              "version --format") echo 28.2.2 ;;
              "buildx version") \(buildx) ;;
              "info --format") echo '\(driverStatus)' ;;
              "login --username") cat > /dev/null; echo 'Login Succeeded' ;;
            esac
            exit 0
            """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        cli = DockerCLI(program: script.path, environment: ["PATH": "/usr/bin:/bin"])
    }

    /// Every invocation's arguments, in order.
    var invocations: [[String]] {
        let text = (try? String(contentsOf: directory.appendingPathComponent("invocations"), encoding: .utf8)) ?? ""
        return text.components(separatedBy: "--\n").filter { !$0.isEmpty }.map { $0.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
