/// An HTTP request as AWSKitLite builds, signs and sends it.
///
/// `path` and `query` hold *unencoded* text (a key `a b+ü` is stored as is); percent-encoding
/// for the wire and for the SigV4 canonical request happens in one place (`URIEncoding`).
public struct HTTPRequest: Sendable {
    public var method: String
    public var scheme: String
    public var host: String
    public var port: Int?
    /// Unencoded path, starting with `/`.
    public var path: String
    /// Unencoded query parameters in the order they were added; names may repeat, values may be empty.
    public var query: [(name: String, value: String)]
    /// Header fields in the order they were added; names compare case-insensitively.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(
        method: String,
        scheme: String = "https",
        host: String,
        port: Int? = nil,
        path: String = "/",
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = []
    ) {
        self.method = method
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// An HTTP response: status, headers in wire order, and the whole body.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header with this name (case-insensitive), if any.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

extension HTTPRequest {
    /// The path as it goes on the wire: each byte URI-encoded once, `/` kept (`/a b+ü` → `/a%20b%2B%C3%BC`).
    public var encodedPath: String {
        URIEncoding.encode(path.isEmpty ? "/" : path, encodeSlash: false)
    }

    /// The query as it goes on the wire, in the order the pairs were added: `name=value` joined by `&`, both
    /// URI-encoded (`/` too); an empty value is kept as `name=`. Empty when there are no pairs.
    public var encodedQuery: String {
        var out: [UInt8] = []
        for (index, pair) in query.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "&")) }
            URIEncoding.append(pair.name, encodeSlash: true, to: &out)
            out.append(UInt8(ascii: "="))
            URIEncoding.append(pair.value, encodeSlash: true, to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The `Host` header value: the host in lower case, with `:port` only when the port is not the scheme's
    /// default (80 for http, 443 for https); an IPv6 literal is bracketed.
    public var hostHeaderValue: String {
        // Byte checks, not Foundation's String.contains: this runs on every signature.
        var value = host.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) ? host.lowercased() : host
        if value.utf8.contains(UInt8(ascii: ":")) && value.utf8.first != UInt8(ascii: "[") { value = "[\(value)]" }
        if let port, port != HTTPRequest.defaultPort(forScheme: scheme) { value += ":\(port)" }
        return value
    }

    /// `scheme://host[:port]/encoded-path[?encoded-query]`: the exact URL whose path and query the signer signs.
    public var urlString: String {
        let query = encodedQuery
        return "\(scheme.lowercased())://\(hostHeaderValue)\(encodedPath)" + (query.isEmpty ? "" : "?\(query)")
    }

    /// The first header with this name (case-insensitive), if any.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    /// Replaces every header with this name (case-insensitive) by one `name: value` at the end.
    public mutating func setHeader(_ name: String, _ value: String) {
        removeHeader(name)
        headers.append((name: name, value: value))
    }

    /// Removes every header with this name (case-insensitive).
    public mutating func removeHeader(_ name: String) {
        headers.removeAll { $0.name.caseInsensitiveEquals(name) }
    }

    static func defaultPort(forScheme scheme: String) -> Int? {
        switch scheme.lowercased() {
        case "http": return 80
        case "https": return 443
        default: return nil
        }
    }
}

extension String {
    /// ASCII case-insensitive equality (header names are ASCII tokens), without allocating.
    @inlinable
    package func caseInsensitiveEquals(_ other: String) -> Bool {
        let lhs = utf8, rhs = other.utf8
        guard lhs.count == rhs.count else { return false }
        return zip(lhs, rhs).allSatisfy { asciiLowercased($0) == asciiLowercased($1) }
    }
}

/// The byte with `A`-`Z` made lower case (the signer's header names use it too; inlined there).
@inlinable @inline(__always)
package func asciiLowercased(_ byte: UInt8) -> UInt8 {
    byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
}
