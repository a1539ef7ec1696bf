import AWSKitLite

/// A GetObject answer that no retry will change, so the upload gets a `failed` item instead of a retried invocation:
/// 404 `NoSuchKey` (deleted before the function read it) and 403 `AccessDenied` (other 403s, such as `ExpiredToken`
/// or `SignatureDoesNotMatch`, are about the caller's credentials, which a retry with fresh ones may fix). S3 answers 403 rather than 404 for a
/// missing key when the caller may not list the bucket, so without `s3:ListBucket` a deleted upload looks denied; the
/// function's role has that permission on `images/` so that a deleted upload reads as such. A 403 for an object that
/// does exist means the role may not read it, which a retry does not fix either.
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html (Permissions)
struct UnreadableUpload: Sendable, Equatable {
    /// The text the item's `error` attribute carries.
    var reason: String

    /// nil when `error` is not one of those answers.
    init?(_ error: AWSError) {
        switch error.code {
        case "NoSuchKey":
            reason = "the object no longer exists (\(error))"
        case "AccessDenied":
            reason = "the object cannot be read: access denied; it was deleted before the function read it, or the "
                + "function's role may not read it (\(error))"
        default:
            return nil
        }
    }
}
