/// The builder behind `docker build`, and the commands that make it push ONE image manifest for one platform,
/// the only shape Lambda runs.
///
/// A current Docker builds with BuildKit, which adds provenance and SBOM attestations unless told not to, so the
/// push becomes an OCI index; with the engine's containerd image store even `docker push` of a single-platform
/// image pushes an index unless given `--platform`. The classic builder makes no attestations and rejects the
/// `--provenance`/`--sbom` flags.
/// Spec: https://docs.docker.com/build/metadata/attestations/ and https://docs.docker.com/reference/cli/docker/image/push/
public enum DockerBuilder: Sendable, Equatable {
    /// BuildKit through the buildx plugin: attestations switched off, the image pushed by BuildKit itself
    /// (`--push`), so the engine's image store plays no part.
    case buildKit
    /// The classic builder: `docker build`, then `docker push`, with `--platform` when the engine keeps images in
    /// containerd (which would otherwise push an index).
    case classic(containerdImageStore: Bool)

    /// The docker commands (arguments after `docker`) that build and push `tag` for `platform`, in order.
    public func commands(dockerfile: String, context: String, tag: String, platform: String) -> [[String]] {
        switch self {
        case .buildKit:
            return [["buildx", "build", "--platform", platform, "--provenance=false", "--sbom=false", "--push",
                     "-f", dockerfile, "-t", tag, context]]
        case .classic(let containerdImageStore):
            return [["build", "--platform", platform, "-f", dockerfile, "-t", tag, context],
                    ["push"] + (containerdImageStore ? ["--platform", platform] : []) + [tag]]
        }
    }

    /// `BuildKit, without attestations` / `classic builder`: for the step report.
    var summary: String {
        switch self {
        case .buildKit: "BuildKit, without attestations"
        case .classic(let containerd): "classic builder" + (containerd ? ", containerd image store" : "")
        }
    }
}
