/// Where requests for one service go, and how they are signed there.
public struct AWSEndpoint: Sendable, Equatable {
    public enum S3AddressingStyle: Sendable, Equatable {
        /// `bucket.s3.region.amazonaws.com/key` (AWS's default).
        case virtualHosted
        /// `host/bucket/key` (custom endpoints, emulators, bucket names that are not DNS labels).
        case path
    }

    public var url: EndpointURL
    /// The region in the credential scope (`us-east-1` for IAM's global endpoint).
    public var signingRegion: String
    /// The service in the credential scope (`s3`, `dynamodb`, `ecr`, ...).
    public var signingName: String
    /// True when the URL came from an override (explicit or `AWS_ENDPOINT_URL*`), not AWS's standard host.
    public var isCustom: Bool
    public var s3AddressingStyle: S3AddressingStyle

    public init(url: EndpointURL, signingRegion: String, signingName: String, isCustom: Bool,
                s3AddressingStyle: S3AddressingStyle = .path) {
        self.url = url
        self.signingRegion = signingRegion
        self.signingName = signingName
        self.isCustom = isCustom
        self.s3AddressingStyle = s3AddressingStyle
    }

    /// A request to `path` (unencoded) on this endpoint.
    public func request(method: String, path: String = "/", query: [(name: String, value: String)] = [],
                        headers: [(name: String, value: String)] = [], body: [UInt8] = []) -> HTTPRequest {
        url.request(method: method, path: path, query: query, headers: headers, body: body)
    }

    /// A request for an S3 bucket, or an object when `key` is given (unencoded; `/` in keys kept).
    /// Virtual-hosted when the endpoint says so and the bucket is a DNS label (lower-case letters, digits,
    /// `-`, 3 to 63 long, no `.` over https); path-style otherwise.
    /// Spec: https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
    public func s3Request(method: String, bucket: String, key: String? = nil,
                          query: [(name: String, value: String)] = [],
                          headers: [(name: String, value: String)] = [], body: [UInt8] = []) -> HTTPRequest {
        let objectPath = key.map { "/" + $0 } ?? "/"
        if s3AddressingStyle == .virtualHosted && Self.isVirtualHostable(bucket, scheme: url.scheme) {
            var request = url.request(method: method, path: objectPath, query: query, headers: headers, body: body)
            request.host = "\(bucket).\(url.host)"
            return request
        }
        return url.request(method: method, path: "/" + bucket + (key.map { "/" + $0 } ?? ""),
                           query: query, headers: headers, body: body)
    }

    static func isVirtualHostable(_ bucket: String, scheme: String) -> Bool {
        guard (3...63).contains(bucket.utf8.count) else { return false }
        let allowed = bucket.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-") || (byte == UInt8(ascii: ".") && scheme != "https")
        }
        return allowed && bucket.first != "-" && bucket.last != "-" && !bucket.contains("..")
    }
}
