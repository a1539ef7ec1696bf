import Foundation

/// An absolute `http(s)://host[:port][/path][?query]` URL split into the parts an `HTTPRequest` holds
/// (host without brackets' escaping, unencoded path and query).
public struct EndpointURL: Sendable, Equatable {
    public var scheme: String
    public var host: String
    public var port: Int?
    /// Unencoded; empty or starting with `/`, without a trailing `/`.
    public var basePath: String
    /// Unencoded query pairs, in order.
    public var query: [(name: String, value: String)]

    public static func == (lhs: EndpointURL, rhs: EndpointURL) -> Bool {
        lhs.scheme == rhs.scheme && lhs.host == rhs.host && lhs.port == rhs.port && lhs.basePath == rhs.basePath
            && lhs.query.map { [$0.name, $0.value] } == rhs.query.map { [$0.name, $0.value] }
    }

    /// Parses `string`; nil unless it has an http or https scheme and a host.
    public init?(_ string: String) {
        guard let components = URLComponents(string: string.trimmingCharacters(in: .whitespaces)),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              var host = components.host, !host.isEmpty
        else { return nil }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = components.port
        var path = components.path
        while path.hasSuffix("/") { path.removeLast() }
        self.basePath = path
        self.query = (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }
    }

    /// True for `localhost` and literal loopback addresses (127.0.0.0/8, ::1).
    public var isLoopback: Bool {
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let octets = host.split(separator: ".")
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// A request to `path` (unencoded, relative to the base path; empty means the base path itself) on this
    /// endpoint.
    public func request(method: String, path: String = "/", query: [(name: String, value: String)] = [],
                        headers: [(name: String, value: String)] = [], body: [UInt8] = []) -> HTTPRequest {
        let joined = path.isEmpty ? (basePath.isEmpty ? "/" : basePath) : basePath + (path.hasPrefix("/") ? path : "/" + path)
        return HTTPRequest(method: method, scheme: scheme, host: host, port: port, path: joined,
                           query: self.query + query, headers: headers, body: body)
    }
}
