/// Which failures are worth another try: no response at all (refused, dropped, timed out), 5xx, 429, and the
/// throttling and transient error codes of every AWS service.
/// Spec: https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html (botocore's standard mode list).
public enum RetryClassification {
    /// Error codes that mean "slow down", across S3, DynamoDB, Lambda, IAM, STS, ECR and EC2.
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException", "ThrottlingError",
    ]

    /// Error codes of transient server-side failures, whatever their status.
    public static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "InternalServerError",
        "ServiceUnavailable", "ServiceUnavailableException", "IDPCommunicationError",
        "EC2UnexpectedException", "ServiceException",
    ]

    /// True when `error` may go away on its own: a transient `HTTPClientError`, or an `AWSError` with status
    /// 5xx (but 501) or 429, or a throttling or transient code.
    public static func isRetryable(_ error: any Error) -> Bool {
        switch error {
        case let error as HTTPClientError:
            return error.isTransient
        case let error as AWSError:
            return isThrottling(error) || transientCodes.contains(error.code)
                || error.statusCode == 429 || (error.statusCode >= 500 && error.statusCode != 501)
        default:
            return false
        }
    }

    /// True when the service asked the caller to slow down.
    public static func isThrottling(_ error: AWSError) -> Bool {
        throttlingCodes.contains(error.code) || error.statusCode == 429
    }
}
