import AWSKitLite
import Foundation

/// Where a cloud run's requests went: AWS's own endpoints, or an emulator at a URL (named when it says what it is).
/// On an emulator the trigger and the function run on the emulator's machine, so their timings are that machine's,
/// not AWS's; `marking` is the sentence a report shows for it.
public struct CloudEndpoint: Codable, Sendable, Equatable {
    /// The custom endpoint URL; nil for AWS's standard endpoints.
    public var url: String?
    /// The emulator's name (`MiniStack`, `LocalStack`, or `an AWS emulator` when it does not say); nil on AWS.
    public var emulator: String?

    public init(url: String?, emulator: String?) {
        self.url = url
        self.emulator = emulator
    }

    /// AWS itself.
    public static let aws = CloudEndpoint(url: nil, emulator: nil)

    public var isEmulator: Bool { emulator != nil }

    /// `AWS (standard endpoints)`, or `MiniStack at 127.0.0.1:4566: trigger and function timings are this
    /// machine's, not AWS's`.
    public var marking: String {
        guard let emulator else {
            return url.map { "AWS at \($0)" } ?? "AWS (standard endpoints)"
        }
        let place = url.map { Self.hostAndPort($0) } ?? "a custom endpoint"
        return "\(emulator) at \(place): trigger and function timings are this machine's, not AWS's"
    }

    /// `127.0.0.1:4566` from `http://127.0.0.1:4566/`.
    static func hostAndPort(_ url: String) -> String {
        guard let parsed = EndpointURL(url) else { return url }
        let host = parsed.host.contains(":") ? "[\(parsed.host)]" : parsed.host
        return host + (parsed.port.map { ":\($0)" } ?? "")
    }

    /// Whether `host` is one of AWS's own (`*.amazonaws.com`, `*.amazonaws.com.cn`, `*.api.aws`).
    static func isAWSHost(_ host: String) -> Bool {
        let host = host.lowercased()
        return host.hasSuffix(".amazonaws.com") || host.hasSuffix(".amazonaws.com.cn") || host.hasSuffix(".api.aws")
    }

    /// What `endpoint` is: AWS for a standard or `*.amazonaws.com` endpoint; otherwise an emulator, named by its
    /// health page when it has one (`/_ministack/health` for MiniStack, `/_localstack/health` for LocalStack).
    public static func identify(_ endpoint: AWSEndpoint, httpClient: HTTPClient) async -> CloudEndpoint {
        let url = endpoint.url
        let text = "\(url.scheme)://\(url.host.contains(":") ? "[\(url.host)]" : url.host)" + (url.port.map { ":\($0)" } ?? "")
        guard endpoint.isCustom else { return .aws }
        guard !isAWSHost(url.host) else { return CloudEndpoint(url: text, emulator: nil) }
        for (path, name) in [("/_ministack/health", "MiniStack"), ("/_localstack/health", "LocalStack")] {
            let request = url.request(method: "GET", path: path)
            if let response = try? await httpClient.execute(request, timeout: .after(.seconds(5))),
               response.status == 200 {
                return CloudEndpoint(url: text, emulator: name)
            }
        }
        return CloudEndpoint(url: text, emulator: "an AWS emulator")
    }
}
