/// The four AWS wire protocols AWSKitLite speaks; each decides how requests are shaped and how errors look.
/// Spec: https://smithy.io/2.0/aws/protocols/index.html
enum AWSWireProtocol: Sendable {
    /// S3: REST paths, XML bodies, errors as `<Error><Code>`.
    case restXML
    /// IAM, STS: form-encoded `Action=...&Version=...`, XML results, errors as `<ErrorResponse><Error><Code>`.
    case query
    /// DynamoDB (1.0), ECR (1.1): `X-Amz-Target` header, JSON bodies, errors as `__type`.
    case json
    /// Lambda: REST paths, JSON bodies, errors in `x-amzn-errortype` or the body's `Type`/`__type`/`code`.
    case restJSON
}
