import AWSKitLite

/// An AWS refusal that means "not yet" rather than "no": the call is right and succeeds once the service has caught
/// up, so `Polling.retrying` tries it again instead of failing. Each is documented AWS behaviour, recognised here
/// and nowhere else.
public struct TransientRefusal: Sendable {
    /// What is still settling, for progress lines ("IAM is still making the role assumable by Lambda").
    public let waitingFor: String
    /// Whether `error` is this refusal.
    public let matches: @Sendable (AWSError) -> Bool

    public init(waitingFor: String, matches: @escaping @Sendable (AWSError) -> Bool) {
        self.waitingFor = waitingFor
        self.matches = matches
    }

    /// CreateFunction or UpdateFunctionConfiguration with a role created or changed moments ago: IAM has not yet
    /// propagated it, and Lambda answers 400 `InvalidParameterValueException` "The role defined for the function
    /// cannot be assumed by Lambda."
    /// Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency
    public static let roleNotYetAssumable = TransientRefusal(waitingFor: "IAM is still making the role assumable by Lambda") { error in
        error.service == "lambda" && error.code == "InvalidParameterValueException" && error.message.contains("cannot be assumed by Lambda")
    }

    /// An update call while another update of the function is still in progress (or the function is Pending):
    /// Lambda answers 409 `ResourceConflictException` "The operation cannot be performed at this time."
    /// Spec: https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html
    public static let functionUpdateInProgress = TransientRefusal(waitingFor: "another update of the function is in progress") { error in
        error.service == "lambda" && error.code == "ResourceConflictException"
    }

    /// PutBucketNotificationConfiguration right after AddPermission: S3 checks that it may invoke each destination
    /// and, until the new resource policy has propagated, answers 400 `InvalidArgument` "Unable to validate the
    /// following destination configurations".
    /// Spec: https://docs.aws.amazon.com/AmazonS3/latest/userguide/how-to-enable-disable-notification-intro.html
    public static let notificationDestinationNotYetValid = TransientRefusal(
        waitingFor: "S3 cannot yet validate the function as a destination (the invoke permission is still propagating)"
    ) { error in
        error.service == "s3" && error.code == "InvalidArgument" && error.message.contains("Unable to validate the following destination configurations")
    }
}
