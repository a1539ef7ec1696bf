/// An error response from an AWS service, the same shape for every service and protocol.
///
/// `code` is the AWS error code without namespace (`NoSuchKey`, `ResourceNotFoundException`, `AccessDenied`,
/// `SignatureDoesNotMatch`); responses without a body (S3 HEAD) get the code botocore would give (`NotFound`,
/// `Forbidden`, `BadRequest`, or the status number). Nothing secret is ever part of it.
/// Spec: https://docs.aws.amazon.com/general/latest/gr/api-retries.html (error codes, retry rules).
public struct AWSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The service's signing name (`s3`, `dynamodb`, `lambda`, `iam`, `sts`, `ecr`).
    public var service: String
    /// The API operation (`PutObject`, `GetItem`, ...).
    public var operation: String
    public var statusCode: Int
    public var code: String
    public var message: String
    /// AWS's request id (`x-amz-request-id` / `x-amzn-RequestId` header or the body's `RequestId`), if any.
    public var requestId: String?
    /// Seconds the server asked to wait before retrying (`Retry-After`), if it said.
    public var retryAfterSeconds: Double?

    public init(
        service: String, operation: String, statusCode: Int, code: String, message: String,
        requestId: String? = nil, retryAfterSeconds: Double? = nil
    ) {
        self.service = service
        self.operation = operation
        self.statusCode = statusCode
        self.code = code
        self.message = message
        self.requestId = requestId
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String {
        var text = "\(service) \(operation) failed: HTTP \(statusCode) \(code)"
        if !message.isEmpty { text += ": \(message)" }
        if let requestId, !requestId.isEmpty { text += " (request id \(requestId))" }
        return text
    }
}

/// A response AWSKitLite could not make sense of: a 2xx whose body is not the XML or JSON the operation returns.
public struct AWSResponseDecodingError: Error, Sendable, CustomStringConvertible {
    public var service: String
    public var operation: String
    public var statusCode: Int
    /// What was missing or malformed.
    public var reason: String
    public var requestId: String?

    public init(service: String, operation: String, statusCode: Int, reason: String, requestId: String? = nil) {
        self.service = service
        self.operation = operation
        self.statusCode = statusCode
        self.reason = reason
        self.requestId = requestId
    }

    public var description: String {
        "\(service) \(operation): cannot decode HTTP \(statusCode) response: \(reason)"
            + (requestId.map { " (request id \($0))" } ?? "")
    }
}
