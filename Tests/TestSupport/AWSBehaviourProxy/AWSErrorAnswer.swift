import AWSKitLite
import Foundation

/// AWS's error answers in each wire protocol, with the headers AWS sends (request id, `Date`), for the proxy's
/// refusals. Spec: https://smithy.io/2.0/aws/protocols/index.html (error serialization of each protocol)
enum AWSErrorAnswer {
    /// Lambda (REST-JSON): the code in `x-amzn-ErrorType`, the body `{"Type": "User", "message": ...}` plus any
    /// extra members (e.g. `Reason`).
    /// Spec: https://docs.aws.amazon.com/lambda/latest/api/CommonErrors.html
    static func restJSON(status: Int, code: String, message: String, extra: [String: String] = [:],
                         headers: [(name: String, value: String)] = []) -> HTTPResponse {
        var object: [String: String] = ["Type": "User", "message": message]
        object.merge(extra) { _, new in new }
        let requestId = UUID().uuidString.lowercased()
        return HTTPResponse(
            status: status,
            headers: [(name: "Content-Type", value: "application/json"), (name: "x-amzn-RequestId", value: requestId),
                      (name: "x-amzn-ErrorType", value: code), (name: "Date", value: HTTPDate.format(Date()))] + headers,
            body: json(object))
    }

    /// DynamoDB, ECR, CloudWatch Logs (JSON 1.0/1.1): `{"__type": "<namespace>#<code>", "message": ...}` in the
    /// request's own content type. Spec: https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html
    static func json(status: Int, type: String, message: String, contentType: String,
                     headers: [(name: String, value: String)] = []) -> HTTPResponse {
        HTTPResponse(
            status: status,
            headers: [(name: "Content-Type", value: contentType), (name: "x-amzn-RequestId", value: UUID().uuidString),
                      (name: "Date", value: HTTPDate.format(Date()))] + headers,
            body: json(["__type": type, "message": message]))
    }

    /// S3 (REST-XML): `<Error><Code/><Message/>...fields...<RequestId/><HostId/></Error>`, with the same ids in
    /// `x-amz-request-id` and `x-amz-id-2`. A HEAD answer has the headers and no body, as S3 sends it.
    /// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
    static func s3(status: Int, code: String, message: String, fields: [(name: String, value: String)] = [],
                   headers: [(name: String, value: String)] = [], forHead: Bool = false) -> HTTPResponse {
        let requestId = randomHex(16).uppercased()
        let hostId = Data((0..<48).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n<Error><Code>\(code)</Code><Message>\(ProxyXML.escape(message))</Message>"
        for field in fields { xml += "<\(field.name)>\(ProxyXML.escape(field.value))</\(field.name)>" }
        xml += "<RequestId>\(requestId)</RequestId><HostId>\(hostId)</HostId></Error>"
        return HTTPResponse(
            status: status,
            headers: [(name: "Content-Type", value: "application/xml"), (name: "x-amz-request-id", value: requestId),
                      (name: "x-amz-id-2", value: hostId), (name: "Date", value: HTTPDate.format(Date()))] + headers,
            body: forHead ? [] : Array(xml.utf8))
    }

    /// IAM and STS (Query): `<ErrorResponse><Error><Type>Sender</Type><Code/><Message/></Error><RequestId/>`.
    /// Spec: https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#operation-error-serialization
    static func query(status: Int, service: String, code: String, message: String,
                      headers: [(name: String, value: String)] = []) -> HTTPResponse {
        let namespace = service == "sts" ? "https://sts.amazonaws.com/doc/2011-06-15/" : "https://iam.amazonaws.com/doc/2010-05-08/"
        let requestId = UUID().uuidString.lowercased()
        let xml = "<ErrorResponse xmlns=\"\(namespace)\"><Error><Type>Sender</Type><Code>\(code)</Code>"
            + "<Message>\(ProxyXML.escape(message))</Message></Error><RequestId>\(requestId)</RequestId></ErrorResponse>"
        return HTTPResponse(
            status: status,
            headers: [(name: "Content-Type", value: "text/xml"), (name: "x-amzn-RequestId", value: requestId),
                      (name: "Date", value: HTTPDate.format(Date()))] + headers,
            body: Array(xml.utf8))
    }

    static func json(_ object: [String: String]) -> [UInt8] {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map(Array.init) ?? Array("{}".utf8)
    }

    private static func randomHex(_ count: Int) -> String {
        String((0..<count).map { _ in "0123456789abcdef".randomElement()! })
    }
}

extension HTTPResponse {
    /// The response with every header named `name` replaced by one `name: value` (none when `value` is nil).
    func settingHeader(_ name: String, _ value: String?) -> HTTPResponse {
        var copy = self
        copy.headers.removeAll { $0.name.lowercased() == name.lowercased() }
        if let value { copy.headers.append((name: name, value: value)) }
        return copy
    }
}
