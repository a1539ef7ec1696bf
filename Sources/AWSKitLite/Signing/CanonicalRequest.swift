/// The SigV4 canonical request, built as bytes.
///
/// ```
/// METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n PayloadHash
/// ```
/// Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html (step 1, canonical request)
struct CanonicalRequest {
    /// The bytes that are hashed into the string to sign.
    var bytes: [UInt8] = []
    /// `host;x-amz-date;...`: lower-case names of the signed headers, sorted, joined by `;`.
    var signedHeaders: [UInt8] = []

    /// Headers a proxy or client may change in transit, so never signed (botocore's list, plus Authorization).
    static let unsignableHeaders: [[UInt8]] = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ].map { Array($0.utf8) }

    /// - Parameters:
    ///   - wirePath: the path as sent (already URI-encoded once).
    ///   - normalizesPath: non-S3 rules: remove `.`/`..` segments and empty segments, then URI-encode the wire path
    ///     again; S3 signs the wire path as it is.
    ///   - query: unencoded pairs; encoded and sorted by name, then value.
    ///   - headers: the request's headers; `host` is added from `hostHeader` when absent.
    init(
        method: String,
        wirePath: [UInt8],
        normalizesPath: Bool,
        query: [(name: String, value: String)],
        headers: [(name: String, value: String)],
        hostHeader: String,
        payloadHash: [UInt8]
    ) {
        bytes.reserveCapacity(512 + wirePath.count * 3)
        for byte in method.utf8 {
            bytes.append(byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte & 0xDF : byte)
        }
        bytes.append(0x0A)

        if normalizesPath {
            URIEncoding.append(bytes: CanonicalRequest.removingDotSegments(wirePath), encodeSlash: false, to: &bytes)
        } else {
            bytes.append(contentsOf: wirePath.isEmpty ? [UInt8(ascii: "/")] : wirePath)
        }
        bytes.append(0x0A)

        CanonicalRequest.appendCanonicalQuery(query, to: &bytes)
        bytes.append(0x0A)

        let canonicalHeaders = CanonicalRequest.canonicalHeaders(headers, hostHeader: hostHeader)
        signedHeaders.reserveCapacity(canonicalHeaders.count * 16)
        for (index, header) in canonicalHeaders.enumerated() {
            bytes.append(contentsOf: header.name)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: header.value)
            bytes.append(0x0A)
            if index > 0 { signedHeaders.append(UInt8(ascii: ";")) }
            signedHeaders.append(contentsOf: header.name)
        }
        bytes.append(0x0A)
        bytes.append(contentsOf: signedHeaders)
        bytes.append(0x0A)
        bytes.append(contentsOf: payloadHash)
    }

    /// `name=value` pairs, URI-encoded (`/` too), sorted by encoded name then encoded value, joined by `&`;
    /// empty values are kept as `name=`.
    static func appendCanonicalQuery(_ query: [(name: String, value: String)], to buffer: inout [UInt8]) {
        guard !query.isEmpty else { return }
        var pairs: [(name: [UInt8], value: [UInt8])] = []
        pairs.reserveCapacity(query.count)
        for pair in query {
            var name: [UInt8] = []
            var value: [UInt8] = []
            name.reserveCapacity(pair.name.utf8.count)
            value.reserveCapacity(pair.value.utf8.count)
            URIEncoding.append(pair.name, encodeSlash: true, to: &name)
            URIEncoding.append(pair.value, encodeSlash: true, to: &value)
            pairs.append((name, value))
        }
        pairs.sort { lhs, rhs in
            lhs.name == rhs.name ? lhs.value.lexicographicallyPrecedes(rhs.value)
                                 : lhs.name.lexicographicallyPrecedes(rhs.name)
        }
        for (index, pair) in pairs.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: "&")) }
            buffer.append(contentsOf: pair.name)
            buffer.append(UInt8(ascii: "="))
            buffer.append(contentsOf: pair.value)
        }
    }

    /// Signed headers in canonical form: names lower-cased, values trimmed with inner whitespace runs collapsed
    /// to one space, repeated names joined by `,` in the order they appear, sorted by name.
    static func canonicalHeaders(
        _ headers: [(name: String, value: String)], hostHeader: String
    ) -> [(name: [UInt8], value: [UInt8])] {
        var entries: [(name: [UInt8], value: [UInt8], order: Int)] = []
        entries.reserveCapacity(headers.count + 1)
        var hasHost = false
        for (order, header) in headers.enumerated() {
            var name: [UInt8] = []
            name.reserveCapacity(header.name.utf8.count)
            for byte in header.name.utf8 { name.append(asciiLowercased(byte)) }
            if unsignableHeaders.contains(name) { continue }
            if name.count == 4 && name == hostName { hasHost = true }
            entries.append((name, trimmedValue(header.value), order))
        }
        if !hasHost { entries.append((hostName, Array(hostHeader.utf8), headers.count)) }
        entries.sort { lhs, rhs in
            lhs.name == rhs.name ? lhs.order < rhs.order : lhs.name.lexicographicallyPrecedes(rhs.name)
        }
        var merged: [(name: [UInt8], value: [UInt8])] = []
        merged.reserveCapacity(entries.count)
        for entry in entries {
            if let last = merged.last, last.name == entry.name {
                merged[merged.count - 1].value.append(UInt8(ascii: ","))
                merged[merged.count - 1].value.append(contentsOf: entry.value)
            } else {
                merged.append((entry.name, entry.value))
            }
        }
        return merged
    }

    private static let hostName: [UInt8] = Array("host".utf8)

    /// The value without leading or trailing whitespace, each inner run of whitespace (including line folds)
    /// replaced by one space.
    static func trimmedValue(_ value: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count)
        var pendingSpace = false
        for byte in value.utf8 {
            if isWhitespace(byte) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(UInt8(ascii: " ")) }
                pendingSpace = false
                out.append(byte)
            }
        }
        return out
    }

    /// ASCII whitespace as Python's `str.split()` (botocore) sees it: TAB, LF, VT, FF, CR, FS, GS, RS, US, space.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) || (byte >= 0x1C && byte <= 0x1F)
    }

    /// RFC 3986 §5.2.4 dot-segment removal, plus removal of empty segments (`//`), as AWS services expect;
    /// a trailing `/` is kept when a segment remains. `/a/./b/../c/` → `/a/c/`, `//x//` → `/x/`, `/..` → `/`.
    static func removingDotSegments(_ path: [UInt8]) -> [UInt8] {
        guard !path.isEmpty else { return [UInt8(ascii: "/")] }
        var segments: [ArraySlice<UInt8>] = []
        for segment in path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            if segment.count == 1 && segment.first == UInt8(ascii: ".") { continue }
            if segment.count == 2 && segment.allSatisfy({ $0 == UInt8(ascii: ".") }) {
                if !segments.isEmpty { segments.removeLast() }
                continue
            }
            segments.append(segment)
        }
        var out: [UInt8] = []
        out.reserveCapacity(path.count)
        if path.first == UInt8(ascii: "/") { out.append(UInt8(ascii: "/")) }
        for (index, segment) in segments.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "/")) }
            out.append(contentsOf: segment)
        }
        if path.last == UInt8(ascii: "/") && !segments.isEmpty { out.append(UInt8(ascii: "/")) }
        return out
    }
}
