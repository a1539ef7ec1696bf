import COpenSSL
import Foundation

/// Amazon S3 over REST-XML: buckets, objects, listings, bucket notifications, presigned URLs.
///
/// Keys are plain text (`photos/a b+ü.jpg`); encoding for the wire and the signature happens once, below.
/// Every method throws `AWSError` for an error response (e.g. `NoSuchBucket`, `NoSuchKey`, `BucketAlreadyOwnedByYou`;
/// HEAD misses are `NotFound`) and `HTTPClientError` when no response came, after retries.
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html
public struct S3Client: AWSServiceClient {
    static let api = AWSServiceAPI.restXML(.s3, version: "2006-03-01")
    /// The namespace of S3's request documents.
    static let xmlNamespace = "http://s3.amazonaws.com/doc/\(api.version)/"
    let core: AWSServiceCore

    /// A client for the endpoint `configuration` resolves: virtual-hosted on AWS, path-style on an
    /// `AWS_ENDPOINT_URL*` or explicit override (emulators).
    /// - Throws: `AWSConfigurationError.invalidEndpoint` for a malformed override.
    public init(configuration: AWSConfiguration, httpClient: HTTPClient = .shared, retryPolicy: RetryPolicy = .standard) throws {
        core = try Self.core(configuration: configuration, httpClient: httpClient, retryPolicy: retryPolicy)
    }

    /// Where this client sends requests, and whether bucket names go in the host or the path.
    public var endpoint: AWSEndpoint { core.endpoint }

    /// The request for `key` in `bucket` (or the bucket itself when `key` is nil), addressed per the endpoint.
    func request(
        _ method: String, bucket: String, key: String? = nil, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [], body: [UInt8] = []
    ) -> HTTPRequest {
        core.endpoint.s3Request(method: method, bucket: bucket, key: key, query: query, headers: headers, body: body)
    }

    // MARK: Buckets

    /// Creates a bucket in the client's region (with a `LocationConstraint` outside us-east-1).
    public func createBucket(_ bucket: String) async throws {
        var body: [UInt8] = []
        if core.endpoint.signingRegion != "us-east-1" {
            var writer = XMLWriter()
            writer.element("CreateBucketConfiguration", attributes: [("xmlns", Self.xmlNamespace)]) {
                $0.element("LocationConstraint", text: core.endpoint.signingRegion)
            }
            body = writer.bytes
        }
        let requestBody = body
        _ = try await send("CreateBucket") {
            request("PUT", bucket: bucket, headers: requestBody.isEmpty ? [] : [(name: "Content-Type", value: "application/xml")], body: requestBody)
        }
    }

    /// Succeeds when the bucket exists and the caller may use it; `NotFound` (404) or `Forbidden` (403) otherwise.
    public func headBucket(_ bucket: String) async throws {
        _ = try await send("HeadBucket") { request("HEAD", bucket: bucket) }
    }

    /// Whether the bucket exists (HeadBucket's 404 is `false`; other errors are thrown).
    public func bucketExists(_ bucket: String) async throws -> Bool {
        do {
            try await headBucket(bucket)
            return true
        } catch let error as AWSError where error.statusCode == 404 {
            return false
        }
    }

    /// Deletes an empty bucket (`BucketNotEmpty` otherwise).
    public func deleteBucket(_ bucket: String) async throws {
        _ = try await send("DeleteBucket") { request("DELETE", bucket: bucket) }
    }

    // MARK: Objects

    /// Stores `body` under `key`, with a content type and user metadata (`x-amz-meta-<name>`).
    @discardableResult
    public func putObject(
        bucket: String, key: String, body: [UInt8], contentType: String? = nil, metadata: [String: String] = [:]
    ) async throws -> S3PutObjectResult {
        var headers: [(name: String, value: String)] = []
        if let contentType { headers.append((name: "Content-Type", value: contentType)) }
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) {
            headers.append((name: "x-amz-meta-\(name.lowercased())", value: value))
        }
        let requestHeaders = headers
        let response = try await send("PutObject") {
            request("PUT", bucket: bucket, key: key, headers: requestHeaders, body: body)
        }
        return S3PutObjectResult(eTag: response.header("ETag"), versionId: response.header("x-amz-version-id"))
    }

    /// The object's bytes and attributes; `NoSuchKey` when it does not exist.
    public func getObject(bucket: String, key: String) async throws -> S3Object {
        let response = try await send("GetObject") { request("GET", bucket: bucket, key: key) }
        return S3Object(body: response.body, attributes: S3ObjectAttributes(response: response))
    }

    /// The object's attributes without its bytes; `NotFound` (404) when it does not exist.
    public func headObject(bucket: String, key: String) async throws -> S3ObjectAttributes {
        let response = try await send("HeadObject") { request("HEAD", bucket: bucket, key: key) }
        return S3ObjectAttributes(response: response)
    }

    /// Deletes the object (succeeds also when there was none).
    public func deleteObject(bucket: String, key: String) async throws {
        _ = try await send("DeleteObject") { request("DELETE", bucket: bucket, key: key) }
    }

    /// Deletes up to 1000 objects in one call; per-key failures are reported, not thrown.
    /// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html (Content-MD5 required)
    public func deleteObjects(bucket: String, keys: [String]) async throws -> S3DeleteObjectsResult {
        precondition(keys.count <= 1000, "DeleteObjects takes at most 1000 keys")
        guard !keys.isEmpty else { return S3DeleteObjectsResult(deleted: [], failures: []) }
        var writer = XMLWriter()
        writer.element("Delete", attributes: [("xmlns", Self.xmlNamespace)]) { writer in
            for key in keys {
                writer.element("Object") { $0.element("Key", text: key) }
            }
            writer.element("Quiet", text: "false")
        }
        let body = writer.bytes
        let md5 = Self.base64MD5(body)
        let response = try await send("DeleteObjects") {
            request("POST", bucket: bucket, query: [(name: "delete", value: "")], headers: [
                (name: "Content-Type", value: "application/xml"), (name: "Content-MD5", value: md5),
            ], body: body)
        }
        let root = try parseXML(response, operation: "DeleteObjects")
        return S3DeleteObjectsResult(
            deleted: root.children("Deleted").compactMap { $0.text(of: "Key") },
            failures: root.children("Error").map {
                .init(key: $0.text(of: "Key") ?? "", code: $0.text(of: "Code") ?? "", message: $0.text(of: "Message") ?? "")
            })
    }

    // MARK: Listing

    /// One ListObjectsV2 page: keys under `prefix` in UTF-8 order, at most `maxKeys`, after `continuationToken`.
    public func listObjectsV2(
        bucket: String, prefix: String? = nil, delimiter: String? = nil, maxKeys: Int? = nil, continuationToken: String? = nil
    ) async throws -> S3ObjectListPage {
        var query: [(name: String, value: String)] = [(name: "list-type", value: "2")]
        if let continuationToken { query.append((name: "continuation-token", value: continuationToken)) }
        if let delimiter { query.append((name: "delimiter", value: delimiter)) }
        if let maxKeys { query.append((name: "max-keys", value: String(maxKeys))) }
        if let prefix { query.append((name: "prefix", value: prefix)) }
        let requestQuery = query
        let response = try await send("ListObjectsV2") { request("GET", bucket: bucket, query: requestQuery) }
        let root = try parseXML(response, operation: "ListObjectsV2")
        let truncated = root.text(of: "IsTruncated") == "true"
        let token = root.text(of: "NextContinuationToken").flatMap { $0.isEmpty ? nil : $0 }
        return S3ObjectListPage(
            objects: root.children("Contents").map {
                S3ObjectSummary(key: $0.text(of: "Key") ?? "", size: Int($0.text(of: "Size") ?? "") ?? 0,
                                eTag: $0.text(of: "ETag"), lastModified: $0.text(of: "LastModified"))
            },
            commonPrefixes: root.children("CommonPrefixes").compactMap { $0.text(of: "Prefix") },
            nextContinuationToken: truncated ? token : nil)
    }

    /// Every ListObjectsV2 page under `prefix`, fetched as iterated.
    public func listObjectsV2Pages(
        bucket: String, prefix: String? = nil, delimiter: String? = nil, pageSize: Int? = nil
    ) -> PageSequence<S3ObjectListPage, String> {
        PageSequence { token in
            let page = try await listObjectsV2(bucket: bucket, prefix: prefix, delimiter: delimiter, maxKeys: pageSize, continuationToken: token)
            return (page, page.nextContinuationToken)
        }
    }

    /// Every object under `prefix`, all pages, in key order.
    public func listAllObjects(bucket: String, prefix: String? = nil) async throws -> [S3ObjectSummary] {
        var objects: [S3ObjectSummary] = []
        for try await page in listObjectsV2Pages(bucket: bucket, prefix: prefix) { objects += page.objects }
        return objects
    }

    // MARK: Notifications

    /// Replaces the bucket's whole notification configuration with `configuration` (an empty one turns
    /// notifications off). S3 checks every SQS and SNS destination when it is written and refuses the whole
    /// configuration (400 `InvalidArgument`, "Unable to validate the following destination configurations") when one
    /// cannot be reached or its policy does not let S3 send to it.
    /// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html
    public func putBucketNotificationConfiguration(bucket: String, configuration: S3NotificationConfiguration) async throws {
        let body = configuration.xml
        _ = try await send("PutBucketNotificationConfiguration") {
            request("PUT", bucket: bucket, query: [(name: "notification", value: "")],
                    headers: [(name: "Content-Type", value: "application/xml")], body: body)
        }
    }

    /// The bucket's whole notification configuration (empty when it has none).
    /// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketNotificationConfiguration.html
    public func getBucketNotificationConfiguration(bucket: String) async throws -> S3NotificationConfiguration {
        let response = try await send("GetBucketNotificationConfiguration") {
            request("GET", bucket: bucket, query: [(name: "notification", value: "")])
        }
        return S3NotificationConfiguration(xml: try parseXML(response, operation: "GetBucketNotificationConfiguration"))
    }

    // MARK: Presigning

    /// A URL that lets anyone holding it `method` (GET or PUT) the object for `expires` seconds (1...604800),
    /// signed at `date` (default: the configuration's `signingDate()`, corrected for clock skew). A PUT through it must send exactly `headers` (e.g. the content type signed here).
    /// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
    public func presignedURL(
        method: String, bucket: String, key: String, expires: Int, headers: [(name: String, value: String)] = [],
        date: Date? = nil
    ) async throws -> String {
        let signer = try await core.configuration.signer(for: core.endpoint)
        return signer.presignedURL(for: request(method, bucket: bucket, key: key, headers: headers),
                                   date: date ?? core.configuration.signingDate(), expires: expires)
    }

    /// base64(MD5(body)): the `Content-MD5` header value.
    static func base64MD5(_ body: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        body.withUnsafeBytes { bytes in
            _ = EVP_Digest(bytes.baseAddress, bytes.count, &digest, &length, EVP_md5(), nil)
        }
        return Data(digest.prefix(Int(length))).base64EncodedString()
    }
}
