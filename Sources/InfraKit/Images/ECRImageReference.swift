import AWSKitLite

/// An image URI as Lambda takes it: `<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>` or
/// `...<repository>@sha256:<hex>` (no tag means `latest`).
/// Spec: https://docs.aws.amazon.com/AmazonECR/latest/userguide/docker-pull-ecr-image.html
public struct ECRImageReference: Sendable, Equatable {
    /// `<account>.dkr.ecr.<region>.amazonaws.com`.
    public var registryHost: String
    /// The registry's account (12 digits).
    public var accountId: String
    public var region: String
    public var repository: String
    public var image: ECRImageIdentifier

    /// Parses `uri`; nil when it does not name an image in an ECR private registry.
    public init?(_ uri: String) {
        guard let slash = uri.firstIndex(of: "/") else { return nil }
        let host = uri[..<slash].lowercased()
        var path = String(uri[uri.index(after: slash)...])
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 6, labels[0].count == 12, labels[0].allSatisfy({ $0.isASCII && $0.isNumber }),
              labels[1] == "dkr", labels[2] == "ecr" || labels[2] == "ecr-fips",
              labels[4] == "amazonaws", labels[5] == "com", labels.count == 6 || (labels.count == 7 && labels[6] == "cn")
        else { return nil }
        registryHost = host
        accountId = String(labels[0])
        region = String(labels[3])
        if let at = path.firstIndex(of: "@") {
            image = .digest(String(path[path.index(after: at)...]))
            path = String(path[..<at])
        } else if let colon = path.lastIndex(of: ":"), !path[colon...].contains("/") {
            image = .tag(String(path[path.index(after: colon)...]))
            path = String(path[..<colon])
        } else {
            image = .tag("latest")
        }
        guard !path.isEmpty, image.description.count > 1 else { return nil }
        repository = path
    }

    /// `<registry host>/<repository>`: the URI without tag or digest.
    public var repositoryUri: String { "\(registryHost)/\(repository)" }
}
