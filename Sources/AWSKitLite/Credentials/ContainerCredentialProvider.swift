import Foundation

/// Credentials from the ECS/EKS container credentials endpoint.
///
/// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is fetched from `http://169.254.170.2`; otherwise
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI`, which must be https or plain http to loopback or the ECS/EKS agent.
/// The `Authorization` header is the contents of `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`, else
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN`. The HTTP GET goes through the injected `fetch`.
/// Spec: https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html
public struct ContainerCredentialProvider: CredentialProvider {
    public static let ecsAgentHost = "169.254.170.2"
    /// Plain-http hosts allowed besides loopback: the ECS agent and the EKS Pod Identity agent.
    static let allowedAgentHosts: Set<String> = [ecsAgentHost, "169.254.170.23", "fd00:ec2::23"]

    public let environment: [String: String]
    let fetch: HTTPFetch?

    /// `fetch` performs the GET; without one, a configured container endpoint is reported as an error.
    public init(environment: [String: String], fetch: HTTPFetch?) {
        self.environment = environment
        self.fetch = fetch
    }

    public var sourceDescription: String {
        "container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI)"
    }

    /// The URL credentials are fetched from; nil when neither variable is set.
    /// - Throws: `.invalidEndpoint` for an unparsable URL, `.containerCredentialsHostNotAllowed` for plain http
    ///   to a host that is not loopback or an agent.
    public func endpointURL() throws -> EndpointURL? {
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !relative.isEmpty {
            let full = "http://\(Self.ecsAgentHost)" + (relative.hasPrefix("/") ? relative : "/" + relative)
            guard let url = EndpointURL(full) else {
                throw AWSConfigurationError.invalidEndpoint(url: full, source: "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
            }
            return url
        }
        guard let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty else { return nil }
        guard let url = EndpointURL(full) else {
            throw AWSConfigurationError.invalidEndpoint(url: full, source: "AWS_CONTAINER_CREDENTIALS_FULL_URI")
        }
        guard url.scheme == "https" || url.isLoopback || Self.allowedAgentHosts.contains(url.host) else {
            throw AWSConfigurationError.containerCredentialsHostNotAllowed(url: full)
        }
        return url
    }

    /// The `Authorization` header value, if configured.
    func authorizationToken() throws -> String? {
        if let path = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"], !path.isEmpty {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw AWSConfigurationError.containerCredentialsFailed(
                    url: path, status: nil, reason: "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE cannot be read")
            }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// nil when no container endpoint is configured.
    /// - Throws: `AWSConfigurationError.containerCredentialsFailed` for a transport error, a non-200 status or
    ///   a body without `AccessKeyId`/`SecretAccessKey` (the body of a 200 is never quoted: it holds secrets).
    public func credentials() async throws -> AWSCredentials? {
        guard let url = try endpointURL() else { return nil }
        let display = url.request(method: "GET", path: "").urlString
        guard let fetch else {
            throw AWSConfigurationError.containerCredentialsFailed(url: display, status: nil, reason: "no HTTP client configured")
        }
        var request = url.request(method: "GET", path: "", headers: [("Accept", "application/json")])
        if let token = try authorizationToken() {
            guard !token.contains("\r") && !token.contains("\n") else {
                throw AWSConfigurationError.containerCredentialsFailed(
                    url: display, status: nil, reason: "authorization token contains a line break")
            }
            request.headers.append(("Authorization", token))
        }
        let response: HTTPResponse
        do {
            response = try await fetch(request)
        } catch {
            throw AWSConfigurationError.containerCredentialsFailed(url: display, status: nil, reason: "\(error)")
        }
        guard response.status == 200 else {
            let message = String(decoding: response.body.prefix(200), as: UTF8.self)
            throw AWSConfigurationError.containerCredentialsFailed(url: display, status: response.status, reason: message)
        }
        return try Self.decode(response.body, url: display)
    }

    private struct Payload: Decodable {
        var AccessKeyId: String?
        var SecretAccessKey: String?
        var Token: String?
        var Expiration: String?
    }

    static func decode(_ body: [UInt8], url: String) throws -> AWSCredentials {
        guard let payload = try? JSONDecoder().decode(Payload.self, from: Data(body)),
              let accessKeyId = payload.AccessKeyId, !accessKeyId.isEmpty,
              let secret = payload.SecretAccessKey, !secret.isEmpty
        else {
            throw AWSConfigurationError.containerCredentialsFailed(
                url: url, status: 200, reason: "response is not JSON with AccessKeyId and SecretAccessKey (\(body.count) bytes)")
        }
        var expiration: Date?
        if let text = payload.Expiration {
            expiration = ISO8601Date.parse(text)
            guard expiration != nil else {
                throw AWSConfigurationError.containerCredentialsFailed(
                    url: url, status: 200, reason: "Expiration '\(text)' is not an ISO 8601 date")
            }
        }
        return AWSCredentials(accessKeyId: accessKeyId, secretAccessKey: secret,
                              sessionToken: payload.Token.flatMap { $0.isEmpty ? nil : $0 }, expiration: expiration)
    }
}
