import AWSKitLite
import Foundation

/// One request as the behaviour proxy received it, and which AWS call it is.
///
/// The service is the SigV4 credential scope's (`Authorization` header, or `X-Amz-Credential` of a presigned
/// URL); the operation comes from `X-Amz-Target` (JSON services), the form's `Action` (Query: IAM, STS), or the
/// method and path (Lambda's and S3's REST APIs). Unsigned requests are service `unknown`.
struct ProxiedRequest: Sendable {
    var method: String
    /// Unencoded path.
    var path: String
    /// Unencoded query pairs, in order.
    var query: [(name: String, value: String)]
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    /// The SigV4 signing name (`s3`, `lambda`, `dynamodb`, `iam`, `sts`, `ecr`, `logs`), or `unknown`.
    var service: String
    /// The API operation (`PutObject`, `CreateFunction`, `AssumeRole`), or `unknown`.
    var operation: String
    /// The access key that signed the request.
    var accessKeyId: String?

    /// Builds the request from what arrived: the raw target (`/path?query`, percent-encoded), headers and body.
    init(method: String, target: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method.uppercased()
        let rawPath = String(target.prefix { $0 != "?" })
        let rawQuery = target.count > rawPath.count ? String(target.dropFirst(rawPath.count + 1)) : ""
        path = URIEncoding.decode(rawPath.isEmpty ? "/" : rawPath)
        query = rawQuery.isEmpty ? [] : rawQuery.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (name: URIEncoding.decode(String(parts[0])), value: parts.count > 1 ? URIEncoding.decode(String(parts[1])) : "")
        }
        self.headers = headers
        self.body = body
        let scope = Self.credentialScope(headers: headers, query: query)
        accessKeyId = scope?.accessKeyId
        service = scope?.service ?? "unknown"
        operation = "unknown"
        operation = identifyOperation()
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    func hasQuery(_ name: String) -> Bool {
        query.contains { $0.name == name }
    }

    /// The form fields of a Query-protocol body (`Action=...&RoleName=...`), decoded.
    var formFields: [String: String] {
        guard header("Content-Type")?.lowercased().hasPrefix("application/x-www-form-urlencoded") ?? false else { return [:] }
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let value = parts.count > 1 ? String(parts[1]).replacingOccurrences(of: "+", with: " ") : ""
            fields[URIEncoding.decode(String(parts[0]))] = URIEncoding.decode(value)
        }
        return fields
    }

    /// The JSON object in the body, if it is one.
    var jsonBody: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }

    // MARK: S3 addressing (path style, as every emulator endpoint is)

    /// The bucket of an S3 request (the first path segment).
    var bucket: String? {
        guard service == "s3" else { return nil }
        let segment = path.dropFirst().prefix { $0 != "/" }
        return segment.isEmpty ? nil : String(segment)
    }

    /// The object key of an S3 request (the path after the bucket).
    var key: String? {
        guard let bucket else { return nil }
        let rest = path.dropFirst(bucket.count + 1)
        guard rest.hasPrefix("/"), rest.count > 1 else { return nil }
        return String(rest.dropFirst())
    }

    // MARK: Lambda

    /// The function a Lambda request names (`/2015-03-31/functions/<name or ARN>/...`), as a plain name.
    var functionName: String? {
        guard service == "lambda" else { return nil }
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        guard segments.count >= 3, segments[1] == "functions" else { return nil }
        return Self.functionName(fromIdentifier: String(segments[2]))
    }

    /// `my-function` from `my-function`, `arn:aws:lambda:us-east-1:123456789012:function:my-function[:alias]`
    /// or `123456789012:function:my-function`.
    static func functionName(fromIdentifier identifier: String) -> String {
        let parts = identifier.split(separator: ":", omittingEmptySubsequences: false)
        if let index = parts.firstIndex(of: "function"), index + 1 < parts.count { return String(parts[index + 1]) }
        return identifier
    }

    // MARK: Identification

    private static func credentialScope(headers: [(name: String, value: String)], query: [(name: String, value: String)])
        -> (accessKeyId: String, service: String)? {
        var credential: Substring?
        if let authorization = headers.first(where: { $0.name.lowercased() == "authorization" })?.value,
           let range = authorization.range(of: "Credential=") {
            credential = authorization[range.upperBound...].prefix { $0 != "," && $0 != " " }
        } else if let presigned = query.first(where: { $0.name == "X-Amz-Credential" })?.value {
            credential = Substring(presigned)
        }
        // AKID/20150830/us-east-1/service/aws4_request
        guard let parts = credential?.split(separator: "/"), parts.count == 5 else { return nil }
        return (String(parts[0]), String(parts[3]))
    }

    private func identifyOperation() -> String {
        if let target = header("X-Amz-Target"), let dot = target.lastIndex(of: ".") {
            return String(target[target.index(after: dot)...])
        }
        switch service {
        case "iam", "sts": return formFields["Action"] ?? queryValue("Action") ?? "unknown"
        case "lambda": return lambdaOperation()
        case "s3": return s3Operation()
        default: return formFields["Action"] ?? "unknown"
        }
    }

    /// Spec: https://docs.aws.amazon.com/lambda/latest/api/API_Operations.html (each operation's request syntax)
    private func lambdaOperation() -> String {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard segments.count >= 2 else { return "unknown" }
        switch segments[1] {
        case "functions":
            switch (method, segments.count, segments.count > 3 ? segments[3] : "") {
            case ("POST", 2, _): return "CreateFunction"
            case ("GET", 2, _): return "ListFunctions"
            case ("GET", 3, _): return "GetFunction"
            case ("DELETE", 3, _): return "DeleteFunction"
            case ("GET", _, "configuration"): return "GetFunctionConfiguration"
            case ("PUT", _, "configuration"): return "UpdateFunctionConfiguration"
            case ("PUT", _, "code"): return "UpdateFunctionCode"
            case ("POST", _, "policy"): return "AddPermission"
            case ("GET", _, "policy"): return "GetPolicy"
            case ("DELETE", _, "policy"): return "RemovePermission"
            case ("POST", _, "invocations"): return "Invoke"
            case ("POST", _, "versions"): return "PublishVersion"
            case ("GET", _, "versions"): return "ListVersionsByFunction"
            case ("PUT", _, "concurrency"): return "PutFunctionConcurrency"
            case ("DELETE", _, "concurrency"): return "DeleteFunctionConcurrency"
            default: return "unknown"
            }
        case "tags":
            switch method {
            case "GET": return "ListTags"
            case "POST": return "TagResource"
            case "DELETE": return "UntagResource"
            default: return "unknown"
            }
        case "event-source-mappings":
            switch (method, segments.count) {
            case ("POST", _): return "CreateEventSourceMapping"
            case ("GET", 2): return "ListEventSourceMappings"
            case ("GET", _): return "GetEventSourceMapping"
            case ("PUT", _): return "UpdateEventSourceMapping"
            case ("DELETE", _): return "DeleteEventSourceMapping"
            default: return "unknown"
            }
        default:
            return "unknown"
        }
    }

    /// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html
    private func s3Operation() -> String {
        guard bucket != nil else { return method == "GET" ? "ListBuckets" : "unknown" }
        if key == nil {
            let subresources: [(String, [String: String])] = [
                ("notification", ["PUT": "PutBucketNotificationConfiguration", "GET": "GetBucketNotificationConfiguration"]),
                ("policy", ["PUT": "PutBucketPolicy", "GET": "GetBucketPolicy", "DELETE": "DeleteBucketPolicy"]),
                ("tagging", ["PUT": "PutBucketTagging", "GET": "GetBucketTagging", "DELETE": "DeleteBucketTagging"]),
                ("versioning", ["PUT": "PutBucketVersioning", "GET": "GetBucketVersioning"]),
                ("lifecycle", ["PUT": "PutBucketLifecycleConfiguration", "GET": "GetBucketLifecycleConfiguration",
                               "DELETE": "DeleteBucketLifecycle"]),
                ("encryption", ["PUT": "PutBucketEncryption", "GET": "GetBucketEncryption", "DELETE": "DeleteBucketEncryption"]),
                ("publicAccessBlock", ["PUT": "PutPublicAccessBlock", "GET": "GetPublicAccessBlock",
                                       "DELETE": "DeletePublicAccessBlock"]),
                ("cors", ["PUT": "PutBucketCors", "GET": "GetBucketCors", "DELETE": "DeleteBucketCors"]),
                ("location", ["GET": "GetBucketLocation"]),
                ("delete", ["POST": "DeleteObjects"]),
                ("uploads", ["GET": "ListMultipartUploads"]),
                ("versions", ["GET": "ListObjectVersions"]),
            ]
            for (name, operations) in subresources where hasQuery(name) {
                return operations[method] ?? "unknown"
            }
            switch method {
            case "PUT": return "CreateBucket"
            case "HEAD": return "HeadBucket"
            case "DELETE": return "DeleteBucket"
            case "GET": return queryValue("list-type") == "2" ? "ListObjectsV2" : "ListObjects"
            default: return "unknown"
            }
        }
        if hasQuery("tagging") {
            return ["PUT": "PutObjectTagging", "GET": "GetObjectTagging", "DELETE": "DeleteObjectTagging"][method] ?? "unknown"
        }
        switch method {
        case "PUT":
            if hasQuery("partNumber") && hasQuery("uploadId") {
                return header("x-amz-copy-source") == nil ? "UploadPart" : "UploadPartCopy"
            }
            return header("x-amz-copy-source") == nil ? "PutObject" : "CopyObject"
        case "GET": return hasQuery("uploadId") ? "ListParts" : "GetObject"
        case "HEAD": return "HeadObject"
        case "DELETE": return hasQuery("uploadId") ? "AbortMultipartUpload" : "DeleteObject"
        case "POST":
            if hasQuery("uploads") { return "CreateMultipartUpload" }
            if hasQuery("uploadId") { return "CompleteMultipartUpload" }
            return "unknown"
        default: return "unknown"
        }
    }
}
