/// An object's bytes and the headers S3 returned with them.
public struct S3Object: Sendable, Equatable {
    public var body: [UInt8]
    public var attributes: S3ObjectAttributes
}

/// What HeadObject (and GetObject) report about an object.
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html
public struct S3ObjectAttributes: Sendable, Equatable {
    /// Bytes.
    public var contentLength: Int
    public var contentType: String?
    /// Quoted as S3 sends it (`"9b2cf535f27731c974343645a3985328"`).
    public var eTag: String?
    /// The `Last-Modified` header text (RFC 7231 date).
    public var lastModified: String?
    /// User metadata: the `x-amz-meta-*` headers, names lower-cased and without the prefix.
    public var metadata: [String: String]
    public var versionId: String?

    init(response: HTTPResponse) {
        contentLength = response.header("Content-Length").flatMap { Int($0) } ?? response.body.count
        contentType = response.header("Content-Type")
        eTag = response.header("ETag")
        lastModified = response.header("Last-Modified")
        versionId = response.header("x-amz-version-id")
        var metadata: [String: String] = [:]
        for header in response.headers where header.name.lowercased().hasPrefix("x-amz-meta-") {
            metadata[String(header.name.lowercased().dropFirst("x-amz-meta-".count))] = header.value
        }
        self.metadata = metadata
    }
}

/// What PutObject reports.
public struct S3PutObjectResult: Sendable, Equatable {
    public var eTag: String?
    public var versionId: String?
}

/// One object in a ListObjectsV2 page.
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/API_Object.html
public struct S3ObjectSummary: Sendable, Equatable {
    public var key: String
    /// Bytes.
    public var size: Int
    public var eTag: String?
    /// ISO 8601 text as S3 sends it.
    public var lastModified: String?
}

/// One page of ListObjectsV2: objects in key order, common prefixes when a delimiter was given, and the token
/// for the next page (nil on the last one).
public struct S3ObjectListPage: Sendable, Equatable {
    public var objects: [S3ObjectSummary]
    public var commonPrefixes: [String]
    public var nextContinuationToken: String?
}

/// The keys DeleteObjects deleted and the ones it could not, each with S3's error code.
public struct S3DeleteObjectsResult: Sendable, Equatable {
    /// A key S3 did not delete, with its error code and message.
    public struct Failure: Sendable, Equatable {
        public var key: String
        public var code: String
        public var message: String
    }

    public var deleted: [String]
    public var failures: [Failure]
}
