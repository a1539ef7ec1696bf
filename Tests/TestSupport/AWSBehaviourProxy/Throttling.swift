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

    /// One burst: the next `remaining` requests of `service` (and `operation` when given).
    private struct Burst {
        var service: String
        var operation: String?
        var retryAfterSeconds: Int?
        var remaining: Int
    }

    /// Several bursts may stand at once, one per service and operation; a new one replaces the same pair's.
    private let bursts = Mutex<[Burst]>([])

    func configure(_ behaviour: AWSBehaviourProxy.Behaviour?) {
        guard case .throttling(let service, let operation, let count, let retryAfter) = behaviour else {
            bursts.withLock { $0.removeAll() }
            return
        }
        bursts.withLock { bursts in
            bursts.removeAll { $0.service == service && $0.operation == operation }
            bursts.append(Burst(service: service, operation: operation, retryAfterSeconds: retryAfter, remaining: count))
        }
    }

    func answer(instead request: ProxiedRequest) -> HTTPResponse? {
        let retryAfter: Int?? = bursts.withLock { bursts in
            // The most specific burst first: one for this operation, then one for the whole service.
            let matching = bursts.indices.filter {
                bursts[$0].service == request.service && bursts[$0].remaining > 0
                    && (bursts[$0].operation == nil || bursts[$0].operation == request.operation)
            }.sorted { (bursts[$0].operation == nil ? 1 : 0) < (bursts[$1].operation == nil ? 1 : 0) }
            guard let index = matching.first else { return nil }
            bursts[index].remaining -= 1
            return .some(bursts[index].retryAfterSeconds)
        }
        guard let retryAfterSeconds = retryAfter else { return nil }
        return Self.throttlingAnswer(for: request, retryAfterSeconds: retryAfterSeconds)
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
