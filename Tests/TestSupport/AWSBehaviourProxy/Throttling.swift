import AWSKitLite
import Synchronization

/// `.throttling`: the next requests of a service (and operation) get that service's "slow down" answer, with
/// `Retry-After` when asked for.
/// Spec: https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_Errors (429 TooManyRequestsException)
/// Spec: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html (400 ThrottlingException)
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (503 SlowDown)
/// Spec: https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html (400 Throttling)
final class Throttling: ProxyBehaviour {
    let kind = AWSBehaviourProxy.BehaviourKind.throttling

    private struct Setting {
        var service: String
        var operation: String?
        var retryAfterSeconds: Int?
    }

    private let setting = Mutex<Setting?>(nil)
    private let remaining = RemainingCount()

    func configure(_ behaviour: AWSBehaviourProxy.Behaviour?) {
        guard case .throttling(let service, let operation, let count, let retryAfter) = behaviour else {
            setting.withLock { $0 = nil }
            remaining.set(0)
            return
        }
        setting.withLock { $0 = Setting(service: service, operation: operation, retryAfterSeconds: retryAfter) }
        remaining.set(count)
    }

    func answer(instead request: ProxiedRequest) -> HTTPResponse? {
        guard let setting = setting.withLock({ $0 }), request.service == setting.service,
              setting.operation == nil || setting.operation == request.operation, remaining.take()
        else { return nil }
        return Self.throttlingAnswer(for: request, retryAfterSeconds: setting.retryAfterSeconds)
    }

    /// The answer `request`'s service gives a caller that goes too fast.
    static func throttlingAnswer(for request: ProxiedRequest, retryAfterSeconds: Int?) -> HTTPResponse {
        let retryAfter: [(name: String, value: String)] = retryAfterSeconds.map { [(name: "Retry-After", value: String($0))] } ?? []
        switch request.service {
        case "s3":
            return AWSErrorAnswer.s3(status: 503, code: "SlowDown", message: "Please reduce your request rate.",
                                     headers: retryAfter, forHead: request.method == "HEAD")
        case "lambda":
            return AWSErrorAnswer.restJSON(status: 429, code: "TooManyRequestsException", message: "Rate Exceeded.",
                                           extra: ["Reason": "CallerRateLimitExceeded"], headers: retryAfter)
        case "iam", "sts":
            return AWSErrorAnswer.query(status: 400, service: request.service, code: "Throttling", message: "Rate exceeded",
                                        headers: retryAfter)
        case "dynamodb":
            return AWSErrorAnswer.json(status: 400, type: "com.amazon.coral.availability#ThrottlingException",
                                       message: "Rate of requests exceeds the allowed throughput.",
                                       contentType: request.header("Content-Type") ?? "application/x-amz-json-1.0", headers: retryAfter)
        default:
            return AWSErrorAnswer.json(status: 400, type: "ThrottlingException", message: "Rate exceeded",
                                       contentType: request.header("Content-Type") ?? "application/x-amz-json-1.1", headers: retryAfter)
        }
    }
}
