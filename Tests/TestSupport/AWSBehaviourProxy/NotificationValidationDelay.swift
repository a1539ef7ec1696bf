import AWSKitLite
import Synchronization

/// `.notificationValidationDelay`: S3 checks, when a notification configuration is written, that it may invoke
/// each Lambda destination; a permission Lambda granted seconds ago is not visible to that check yet, and S3
/// refuses the whole configuration.
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html
final class NotificationValidationDelay: ProxyBehaviour {
    let kind = AWSBehaviourProxy.BehaviourKind.notificationValidationDelay

    private let delay = Mutex<Duration?>(nil)
    /// When AddPermission last passed for each function (by name).
    private let permissionsAdded = Mutex<[String: ContinuousClock.Instant]>([:])

    func configure(_ behaviour: AWSBehaviourProxy.Behaviour?) {
        guard case .notificationValidationDelay(let duration) = behaviour else {
            delay.withLock { $0 = nil }
            return
        }
        delay.withLock { $0 = duration }
    }

    func answer(instead request: ProxiedRequest) -> HTTPResponse? {
        guard request.service == "s3", request.operation == "PutBucketNotificationConfiguration",
              let delay = delay.withLock({ $0 }), let configuration = ProxyXML.parse(request.body)
        else { return nil }
        let destinations = (configuration.all("CloudFunction") + configuration.all("LambdaFunctionArn")).map(\.text)
        let now = ContinuousClock.now
        let unvalidated = destinations.filter { arn in
            permissionsAdded.withLock { $0[ProxiedRequest.functionName(fromIdentifier: arn)] }.map { now < $0 + delay } ?? false
        }
        guard !unvalidated.isEmpty else { return nil }
        var fields: [(name: String, value: String)] = []
        for (index, arn) in unvalidated.enumerated() {
            fields.append((name: "ArgumentName\(index + 1)", value: "\(arn), null"))
            fields.append((name: "ArgumentValue\(index + 1)", value: "Not authorized to invoke function [\(arn)]"))
        }
        return AWSErrorAnswer.s3(status: 400, code: "InvalidArgument",
                                 message: "Unable to validate the following destination configurations", fields: fields)
    }

    func rewrite(_ response: HTTPResponse, of request: ProxiedRequest) async -> HTTPResponse? {
        guard request.service == "lambda", request.operation == "AddPermission", (200..<300).contains(response.status),
              let function = request.functionName
        else { return nil }
        permissionsAdded.withLock { $0[function] = .now }
        return nil
    }
}
