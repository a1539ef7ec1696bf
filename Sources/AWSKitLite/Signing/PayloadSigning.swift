/// How the request body enters the signature.
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
public enum PayloadSigning: Sendable, Equatable {
    /// The hex SHA-256 of the body is signed (the body cannot change in transit).
    case signed
    /// The literal `UNSIGNED-PAYLOAD` is signed, and sent as `x-amz-content-sha256`, so the body is not hashed.
    case unsigned
}
