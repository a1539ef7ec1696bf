/// Every stage of one SigV4 signature, for diagnosing `SignatureDoesNotMatch` (AWS answers with its own
/// canonical request and string to sign) and for checking against AWS's test suite.
/// It holds no secret: the signature is a MAC, not a key.
public struct SigV4Signature: Sendable, Equatable {
    /// The canonical request, lines joined by `\n`.
    public var canonicalRequest: String
    /// `AWS4-HMAC-SHA256 \n amz-date \n scope \n hex(SHA256(canonicalRequest))`.
    public var stringToSign: String
    /// `host;x-amz-date;...`.
    public var signedHeaders: String
    /// 64 lower-case hex characters.
    public var signature: String
    /// The `Authorization` header value.
    public var authorization: String
}
