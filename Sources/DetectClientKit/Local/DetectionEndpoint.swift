import AWSKitLite
import Foundation
import HTTPTransport

/// Where detection requests go: `scheme://host:port/path`. A URL with no path (or `/`) means the REST contract's
/// `POST /api/object_detection` on that server; a URL with a path is used as it is (any server speaking the contract).
public struct DetectionEndpoint: Sendable, Equatable, CustomStringConvertible {
    /// The contract's path (docs/detection.md).
    public static let contractPath = "/api/object_detection"

    public var scheme: String
    public var host: String
    public var port: Int?
    public var path: String

    /// Parses `http(s)://host[:port][/path]`.
    /// - Throws: `DetectionEndpointError` naming the URL when it is not that.
    public init(_ text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else {
            throw DetectionEndpointError(url: text)
        }
        guard components.query == nil, components.fragment == nil else { throw DetectionEndpointError(url: text) }
        self.scheme = scheme
        self.host = host
        port = components.port
        path = components.path.isEmpty || components.path == "/" ? Self.contractPath : components.path
    }

    /// The full URL requests go to.
    public var description: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(hostPart)" + (port.map { ":\($0)" } ?? "") + path
    }

    /// A POST of the JSON `body` to this endpoint.
    public func request(body: [UInt8]) -> HTTPRequest {
        HTTPRequest(method: "POST", scheme: scheme, host: host, port: port, path: path,
                    headers: [(name: "Content-Type", value: "application/json")], body: body)
    }
}

/// An endpoint option that is not an `http(s)://host[:port][/path]` URL.
public struct DetectionEndpointError: Error, Sendable, Equatable, CustomStringConvertible {
    public var url: String

    public init(url: String) {
        self.url = url
    }

    public var description: String { "invalid endpoint '\(url)': expected http(s)://host[:port][/path]" }
}
