import Foundation

/// Amazon ECR over the JSON 1.1 protocol (`X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.<Operation>`).
///
/// Every method throws `AWSError` for an error response (e.g. `RepositoryNotFoundException`,
/// `RepositoryAlreadyExistsException`) and `HTTPClientError` when no response came, after retries.
/// Spec: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/Welcome.html
public struct ECRClient: Sendable {
    let core: AWSServiceCore
    private static let targetPrefix = "AmazonEC2ContainerRegistry_V20150921"

    /// A client for the endpoint `configuration` resolves (standard AWS, or an `AWS_ENDPOINT_URL*`/explicit override).
    /// - Throws: `AWSConfigurationError.invalidEndpoint` for a malformed override.
    public init(configuration: AWSConfiguration, httpClient: HTTPClient = .shared, retryPolicy: RetryPolicy = .standard) throws {
        core = try AWSServiceCore(service: .ecr, wireProtocol: .json, configuration: configuration,
                                  httpClient: httpClient, retryPolicy: retryPolicy)
    }

    /// Where this client sends requests.
    public var endpoint: AWSEndpoint { core.endpoint }

    private func call<Output: Decodable>(_ operation: String, _ input: some Encodable & Sendable, as: Output.Type) async throws -> Output {
        try await core.sendJSON(operation: operation, targetPrefix: Self.targetPrefix, jsonVersion: "1.1", input: input, as: Output.self)
    }

    /// Creates a private repository with mutable tags.
    public func createRepository(name: String) async throws -> ECRRepository {
        struct Output: Decodable { let repository: ECRRepository }
        return try await call("CreateRepository", ["repositoryName": name], as: Output.self).repository
    }

    /// The named repositories (all of the registry's when `names` is empty, first page only);
    /// `RepositoryNotFoundException` if a named one does not exist.
    public func describeRepositories(names: [String] = []) async throws -> [ECRRepository] {
        struct Input: Encodable, Sendable { let repositoryNames: [String]? }
        struct Output: Decodable { let repositories: [ECRRepository]? }
        return try await call("DescribeRepositories", Input(repositoryNames: names.isEmpty ? nil : names), as: Output.self)
            .repositories ?? []
    }

    /// Deletes the repository; `force` deletes it even when it still holds images.
    @discardableResult
    public func deleteRepository(name: String, force: Bool = true) async throws -> ECRRepository {
        struct Input: Encodable, Sendable { let repositoryName: String; let force: Bool }
        struct Output: Decodable { let repository: ECRRepository }
        return try await call("DeleteRepository", Input(repositoryName: name, force: force), as: Output.self).repository
    }

    /// A registry login, decoded from the base64 `user:password` token the service returns.
    public func getAuthorizationToken() async throws -> ECRAuthorization {
        struct Data64: Decodable { let authorizationToken: String; let proxyEndpoint: String?; let expiresAt: Double? }
        struct Output: Decodable { let authorizationData: [Data64] }
        let response = try await core.send(operation: "GetAuthorizationToken") {
            core.request(method: "POST", headers: [
                (name: "Content-Type", value: "application/x-amz-json-1.1"),
                (name: "X-Amz-Target", value: "\(Self.targetPrefix).GetAuthorizationToken"),
            ], body: Array("{}".utf8))
        }
        let output = try core.decodeJSON(Output.self, from: response, operation: "GetAuthorizationToken")
        guard let first = output.authorizationData.first,
              let decoded = Data(base64Encoded: first.authorizationToken).map({ String(decoding: $0, as: UTF8.self) }),
              let colon = decoded.firstIndex(of: ":") else {
            throw core.decodingError(operation: "GetAuthorizationToken", response: response, reason: "no base64 user:password token")
        }
        return ECRAuthorization(
            username: String(decoded[..<colon]), password: String(decoded[decoded.index(after: colon)...]),
            proxyEndpoint: first.proxyEndpoint, expiresAt: first.expiresAt)
    }

    /// The images of a repository (every page), optionally only those with `tag`.
    public func describeImages(repository: String, tag: String? = nil) async throws -> [ECRImageDetail] {
        struct ImageId: Encodable, Sendable { let imageTag: String }
        struct Input: Encodable, Sendable { let repositoryName: String; let imageIds: [ImageId]?; let nextToken: String? }
        struct Output: Decodable { let imageDetails: [ECRImageDetail]?; let nextToken: String? }
        var details: [ECRImageDetail] = []
        var token: String?
        repeat {
            let output = try await call("DescribeImages", Input(
                repositoryName: repository, imageIds: tag.map { [ImageId(imageTag: $0)] }, nextToken: token
            ), as: Output.self)
            details += output.imageDetails ?? []
            token = output.nextToken.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return details
    }
}
