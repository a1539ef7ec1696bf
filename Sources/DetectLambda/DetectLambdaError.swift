/// An error the Lambda reports for itself: `errorType` is what the Runtime API's error endpoints are sent as
/// `errorType` (Lambda's `Function-Error-Type`).
/// Spec: https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html#runtimes-api-invokeerror
public protocol LambdaFunctionError: Error, CustomStringConvertible {
    /// `Category.Reason`, e.g. `DetectLambda.StoreFailed`.
    var errorType: String { get }
}

/// Everything the detection function can fail with, at init or for one invocation; each case names what to fix.
/// Messages carry AWS's own error text and request id, never a credential.
public enum DetectLambdaError: LambdaFunctionError, Sendable, Equatable {
    /// A required environment variable is unset or empty.
    case missingEnvironment(variable: String, purpose: String)
    /// An environment variable's value is not what it must be.
    case invalidEnvironment(variable: String, value: String, expected: String)
    /// The AWS region, credentials source or endpoint could not be worked out.
    case awsConfiguration(String)
    /// The model could not be loaded (missing file, checksum mismatch, OpenCV refused it).
    case modelLoadFailed(String)
    /// The event is not JSON, or not a JSON object.
    case invalidEvent(String)
    /// Records whose processing failed in a way a retry of the whole event may fix (a GetObject other than
    /// NoSuchKey, a full detector queue, a PutItem that failed after AWSKitLite's retries). The event's other
    /// records were stored.
    case recordsFailed([RecordFailure])

    /// One record of an event that could not be finished.
    public struct RecordFailure: Sendable, Equatable, CustomStringConvertible {
        public var bucket: String
        public var key: String
        /// `GetObject`, `detect` or `PutItem`.
        public var step: String
        public var message: String

        public init(bucket: String, key: String, step: String, message: String) {
            self.bucket = bucket
            self.key = key
            self.step = step
            self.message = message
        }

        public var description: String { "s3://\(bucket)/\(key) (\(step)): \(message)" }
    }

    public var errorType: String {
        switch self {
        case .missingEnvironment: "DetectLambda.MissingEnvironment"
        case .invalidEnvironment: "DetectLambda.InvalidEnvironment"
        case .awsConfiguration: "DetectLambda.AWSConfiguration"
        case .modelLoadFailed: "DetectLambda.ModelLoadFailed"
        case .invalidEvent: "DetectLambda.InvalidEvent"
        case .recordsFailed: "DetectLambda.RecordsFailed"
        }
    }

    public var description: String {
        switch self {
        case .missingEnvironment(let variable, let purpose):
            "environment variable \(variable) is not set: \(purpose)"
        case .invalidEnvironment(let variable, let value, let expected):
            "environment variable \(variable)=\"\(value)\" is invalid: expected \(expected)"
        case .awsConfiguration(let message):
            "AWS configuration: \(message)"
        case .modelLoadFailed(let message):
            message
        case .invalidEvent(let message):
            "invalid event: \(message)"
        case .recordsFailed(let failures):
            "\(failures.count) record(s) failed and the event should be retried: "
                + failures.map(\.description).joined(separator: "; ")
        }
    }
}
