/// One AWS API as a client calls it: the service it addresses and signs for, the wire protocol, the API version, and
/// for the JSON protocols the `X-Amz-Target` prefix and JSON version. Each client states its own once
/// (`AWSServiceClient.api`); every call reads them from there.
/// Spec: https://smithy.io/2.0/aws/protocols/index.html
struct AWSServiceAPI: Sendable {
    let service: AWSService
    let wireProtocol: AWSWireProtocol
    /// The API version date (`2010-05-08`): the Query protocol's `Version`, Lambda's path prefix, S3's XML namespace.
    let version: String
    /// JSON protocols only: an operation is named `<targetPrefix>.<Operation>` in `X-Amz-Target`.
    let targetPrefix: String?
    /// JSON protocols only: `1.0` or `1.1`, as in `Content-Type: application/x-amz-json-1.0`.
    let jsonVersion: String?

    /// REST paths, XML bodies (S3).
    static func restXML(_ service: AWSService, version: String) -> AWSServiceAPI {
        AWSServiceAPI(service: service, wireProtocol: .restXML, version: version, targetPrefix: nil, jsonVersion: nil)
    }

    /// Form-encoded `Action=<Operation>&Version=<version>`, XML results (IAM, STS).
    static func query(_ service: AWSService, version: String) -> AWSServiceAPI {
        AWSServiceAPI(service: service, wireProtocol: .query, version: version, targetPrefix: nil, jsonVersion: nil)
    }

    /// `X-Amz-Target: <targetPrefix>.<Operation>`, JSON bodies (DynamoDB, ECR, CloudWatch Logs).
    static func json(_ service: AWSService, version: String, jsonVersion: String, targetPrefix: String) -> AWSServiceAPI {
        AWSServiceAPI(service: service, wireProtocol: .json, version: version, targetPrefix: targetPrefix,
                      jsonVersion: jsonVersion)
    }

    /// REST paths, JSON bodies (Lambda).
    static func restJSON(_ service: AWSService, version: String) -> AWSServiceAPI {
        AWSServiceAPI(service: service, wireProtocol: .restJSON, version: version, targetPrefix: nil, jsonVersion: nil)
    }
}
