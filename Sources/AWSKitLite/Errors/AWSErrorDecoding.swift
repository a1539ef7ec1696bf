import Foundation

extension AWSError {
    /// The typed error for a non-2xx `response` of `operation`, read the way `wireProtocol` encodes errors.
    ///
    /// Code: JSON `__type` or `code` with any `prefix#` stripped, else the `x-amzn-errortype` header with its
    /// `:suffix` removed, else XML `<Code>` (S3 `<Error>`, Query `<ErrorResponse><Error>`), else a code from the
    /// status alone. Spec: https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html#operation-error-serialization
    static func decode(
        _ response: HTTPResponse, service: String, operation: String, wireProtocol: AWSWireProtocol
    ) -> AWSError {
        var code: String?
        var message: String?
        var requestId = response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id")

        switch wireProtocol {
        case .json, .restJSON:
            if let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] {
                let rawType = (object["__type"] as? String) ?? (object["code"] as? String)
                    ?? (wireProtocol == .restJSON ? nil : object["Type"] as? String)
                code = rawType.map(stripNamespace)
                message = (object["message"] as? String) ?? (object["Message"] as? String) ?? (object["errorMessage"] as? String)
            }
            if let header = response.header("x-amzn-errortype"), !header.isEmpty {
                // The header is authoritative for REST-JSON and agrees with `__type` for JSON.
                code = stripNamespace(String(header.prefix { $0 != ":" }))
            }
        case .restXML, .query:
            if let root = XMLTreeNode.parse(response.body) {
                let error = root.firstDescendant("Error") ?? root
                code = error.text(of: "Code")
                message = error.text(of: "Message")
                if requestId == nil { requestId = root.firstDescendant("RequestId")?.text }
            }
        }

        let retryAfter = response.header("Retry-After").flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        return AWSError(
            service: service,
            operation: operation,
            statusCode: response.status,
            code: code.flatMap { $0.isEmpty ? nil : $0 } ?? codeForStatus(response.status),
            message: message ?? "",
            requestId: requestId,
            retryAfterSeconds: retryAfter
        )
    }

    /// `com.amazonaws.dynamodb.v20120810#ResourceNotFoundException` -> `ResourceNotFoundException`.
    private static func stripNamespace(_ type: String) -> String {
        let name = type.split(separator: "#").last.map(String.init) ?? type
        return String(name.prefix { $0 != ":" })
    }

    /// The code botocore gives a body-less error response (S3 HEAD).
    private static func codeForStatus(_ status: Int) -> String {
        switch status {
        case 301: return "PermanentRedirect"
        case 304: return "NotModified"
        case 400: return "BadRequest"
        case 403: return "Forbidden"
        case 404: return "NotFound"
        case 412: return "PreconditionFailed"
        default: return String(status)
        }
    }
}
