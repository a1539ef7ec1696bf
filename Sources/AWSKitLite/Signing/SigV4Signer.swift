import Foundation

/// Signs requests with AWS Signature Version 4 (`AWS4-HMAC-SHA256`) for one set of credentials, region and service.
///
/// Service `s3` follows S3's rules: the path is URI-encoded once and not normalized, and `x-amz-content-sha256`
/// is always sent. Every other service gets the path normalized and URI-encoded twice.
/// Derived signing keys are cached per (date, region, service). The signer never logs, and its description
/// redacts the credentials' secrets.
/// Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
public struct SigV4Signer: Sendable {
    public let credentials: AWSCredentials
    public let region: String
    public let service: String
    /// Whether `sign` adds `x-amz-content-sha256` with the payload hash; true for S3 (which requires it),
    /// false for other services unless set. `.unsigned` payloads always send it.
    public var includesContentSHA256Header: Bool

    /// The hex SHA-256 of an empty body.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    /// The payload hash of an unsigned payload.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    static let algorithm = "AWS4-HMAC-SHA256"

    /// A signer for `service` (the signing name: `s3`, `dynamodb`, `lambda`, `iam`, ...) in `region`.
    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.includesContentSHA256Header = service == "s3"
    }

    /// True when S3's rules apply (single path encoding, no normalization, `x-amz-content-sha256` always).
    public var usesS3Rules: Bool { service == "s3" }

    /// Signs `request` in place for the instant `date`: removes any previous `Authorization`, sets `X-Amz-Date`,
    /// `X-Amz-Security-Token` (when the credentials have a session token), `X-Amz-Content-SHA256` (S3 always,
    /// others when `includesContentSHA256Header` or `.unsigned`), then `Authorization`. Every header present
    /// (except hop-by-hop ones and `User-Agent`) is signed, plus `Host` from `hostHeaderValue` when absent.
    /// The path and query are signed as `urlString` sends them. A caller-set `X-Amz-Content-SHA256` is used as
    /// the payload hash for non-S3 services.
    public func sign(_ request: inout HTTPRequest, date: Date, payload: PayloadSigning = .signed) {
        let timestamp = SigningTimestamp(date)
        let payloadHash = prepare(&request, timestamp: timestamp, payload: payload)
        var wirePath: [UInt8] = []
        wirePath.reserveCapacity(request.path.utf8.count + 16)
        URIEncoding.append(request.path.isEmpty ? "/" : request.path, encodeSlash: false, to: &wirePath)
        let canonical = CanonicalRequest(
            method: request.method, wirePath: wirePath, normalizesPath: !usesS3Rules, query: request.query,
            headers: request.headers, hostHeader: request.hostHeaderValue, payloadHash: payloadHash)
        let signature = signatureBytes(canonical.bytes, timestamp: timestamp)
        request.headers.append((name: "Authorization", value: authorization(canonical.signedHeaders, signature, timestamp)))
    }

    /// What `sign` would produce for `request` at `date`, stage by stage (the request is not changed).
    public func signature(for request: HTTPRequest, date: Date, payload: PayloadSigning = .signed) -> SigV4Signature {
        var wirePath: [UInt8] = []
        URIEncoding.append(request.path.isEmpty ? "/" : request.path, encodeSlash: false, to: &wirePath)
        return signature(for: request, wirePath: wirePath, date: date, payload: payload)
    }

    /// `signature(for:date:payload:)` with the path taken as already sent on the wire (`wirePath`), not from
    /// `request.path`: how AWS's test suite states its requests.
    func signature(for request: HTTPRequest, wirePath: [UInt8], date: Date, payload: PayloadSigning = .signed) -> SigV4Signature {
        var request = request
        let timestamp = SigningTimestamp(date)
        let payloadHash = prepare(&request, timestamp: timestamp, payload: payload)
        return stages(request: request, wirePath: wirePath, timestamp: timestamp, payloadHash: payloadHash)
    }

    /// A presigned URL (query-string authentication) for `request`, valid `expires` seconds (1...604800, a
    /// precondition) from `date`. Signs `host` and the request's own headers, which the caller must then send.
    /// S3 signs `UNSIGNED-PAYLOAD`; other services the body's hash. The session token, if any, is in the query.
    /// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
    public func presignedURL(for request: HTTPRequest, date: Date, expires: Int) -> String {
        precondition((1...604_800).contains(expires), "presigned URL expiry must be 1...604800 seconds, got \(expires)")
        let timestamp = SigningTimestamp(date)
        let canonicalHeaders = CanonicalRequest.canonicalHeaders(request.headers, hostHeader: request.hostHeaderValue)
        let signedHeaders = canonicalHeaders.map { String(decoding: $0.name, as: UTF8.self) }.joined(separator: ";")
        var authQuery: [(name: String, value: String)] = [
            ("X-Amz-Algorithm", SigV4Signer.algorithm),
            ("X-Amz-Credential", "\(credentials.accessKeyId)/\(credentialScope(timestamp))"),
            ("X-Amz-Date", timestamp.amzDate),
            ("X-Amz-Expires", String(expires)),
            ("X-Amz-SignedHeaders", signedHeaders),
        ]
        if let token = credentials.sessionToken { authQuery.append(("X-Amz-Security-Token", token)) }
        var presigned = request
        presigned.query.append(contentsOf: authQuery)
        let payloadHash = usesS3Rules ? Array(SigV4Signer.unsignedPayload.utf8) : hexHash(request.body)
        var wirePath: [UInt8] = []
        URIEncoding.append(request.path.isEmpty ? "/" : request.path, encodeSlash: false, to: &wirePath)
        let canonical = CanonicalRequest(
            method: presigned.method, wirePath: wirePath, normalizesPath: !usesS3Rules, query: presigned.query,
            headers: presigned.headers, hostHeader: presigned.hostHeaderValue, payloadHash: payloadHash)
        let signature = String(decoding: signatureBytes(canonical.bytes, timestamp: timestamp), as: UTF8.self)
        return presigned.urlString + "&X-Amz-Signature=" + signature
    }

    // MARK: Stages

    /// Sets the date, token and content-hash headers and returns the payload hash to sign.
    private func prepare(_ request: inout HTTPRequest, timestamp: SigningTimestamp, payload: PayloadSigning) -> [UInt8] {
        request.removeHeader("Authorization")
        request.setHeader("X-Amz-Date", timestamp.amzDate)
        if let token = credentials.sessionToken { request.setHeader("X-Amz-Security-Token", token) }
        let payloadHash: [UInt8]
        switch payload {
        case .unsigned:
            request.setHeader("X-Amz-Content-SHA256", SigV4Signer.unsignedPayload)
            return Array(SigV4Signer.unsignedPayload.utf8)
        case .signed:
            if !usesS3Rules, !includesContentSHA256Header, let given = request.header("X-Amz-Content-SHA256") {
                return Array(given.utf8)
            }
            payloadHash = hexHash(request.body)
        }
        if includesContentSHA256Header {
            request.setHeader("X-Amz-Content-SHA256", String(decoding: payloadHash, as: UTF8.self))
        }
        return payloadHash
    }

    /// All stages for a request already prepared, its path given as sent on the wire.
    func stages(request: HTTPRequest, wirePath: [UInt8], timestamp: SigningTimestamp, payloadHash: [UInt8]) -> SigV4Signature {
        let canonical = CanonicalRequest(
            method: request.method, wirePath: wirePath, normalizesPath: !usesS3Rules, query: request.query,
            headers: request.headers, hostHeader: request.hostHeaderValue, payloadHash: payloadHash)
        let stringToSign = stringToSignBytes(canonical.bytes, timestamp: timestamp)
        let signature = signatureBytes(canonical.bytes, timestamp: timestamp)
        return SigV4Signature(
            canonicalRequest: String(decoding: canonical.bytes, as: UTF8.self),
            stringToSign: String(decoding: stringToSign, as: UTF8.self),
            signedHeaders: String(decoding: canonical.signedHeaders, as: UTF8.self),
            signature: String(decoding: signature, as: UTF8.self),
            authorization: authorization(canonical.signedHeaders, signature, timestamp))
    }

    /// `20150830/us-east-1/service/aws4_request`.
    func credentialScope(_ timestamp: SigningTimestamp) -> String {
        "\(timestamp.dateStamp)/\(region)/\(service)/aws4_request"
    }

    /// `AWS4-HMAC-SHA256 \n amz-date \n scope \n hex(SHA256(canonical request))`.
    /// Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html (step 3, string to sign)
    private func stringToSignBytes(_ canonicalRequest: [UInt8], timestamp: SigningTimestamp) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(160)
        out.append(contentsOf: SigV4Signer.algorithm.utf8)
        out.append(0x0A)
        out.append(contentsOf: timestamp.amzDateBytes)
        out.append(0x0A)
        out.append(contentsOf: timestamp.amzDateBytes[0..<8])
        out.append(UInt8(ascii: "/"))
        out.append(contentsOf: region.utf8)
        out.append(UInt8(ascii: "/"))
        out.append(contentsOf: service.utf8)
        out.append(contentsOf: "/aws4_request\n".utf8)
        SHA256.hash(canonicalRequest).appendHex(to: &out)
        return out
    }

    /// hex(HMAC(kSigning, string to sign)), 64 ASCII bytes.
    /// Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html (step 5, signature)
    private func signatureBytes(_ canonicalRequest: [UInt8], timestamp: SigningTimestamp) -> [UInt8] {
        let stringToSign = stringToSignBytes(canonicalRequest, timestamp: timestamp)
        let key = SigningKeyCache.shared.key(for: .init(
            secretAccessKey: credentials.secretAccessKey, dateStamp: timestamp.dateStamp, region: region, service: service))
        var out: [UInt8] = []
        out.reserveCapacity(64)
        key.authenticate(stringToSign).appendHex(to: &out)
        return out
    }

    /// `AWS4-HMAC-SHA256 Credential=AKID/scope, SignedHeaders=a;b, Signature=hex`.
    /// Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html (step 6, add the signature)
    private func authorization(_ signedHeaders: [UInt8], _ signature: [UInt8], _ timestamp: SigningTimestamp) -> String {
        "\(SigV4Signer.algorithm) Credential=\(credentials.accessKeyId)/\(credentialScope(timestamp)), SignedHeaders="
            + String(decoding: signedHeaders, as: UTF8.self) + ", Signature=" + String(decoding: signature, as: UTF8.self)
    }

    private func hexHash(_ body: [UInt8]) -> [UInt8] {
        if body.isEmpty { return Array(SigV4Signer.emptyPayloadHash.utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(64)
        SHA256.hash(body).appendHex(to: &out)
        return out
    }
}

extension SigV4Signer: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "SigV4Signer(region: \(region), service: \(service), credentials: \(credentials))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["region": region, "service": service, "credentials": credentials], displayStyle: .struct)
    }
}
