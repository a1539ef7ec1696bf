import AWSKitLite
import Foundation
import Synchronization

/// `.clockSkewAnswers`: MiniStack (AUTH=true) already refuses a request signed too far from its clock; this gives
/// those refusals the shape AWS's have, where they differ, and makes sure each carries `Date` (the server's time,
/// which clients correct their clock from).
///
/// - S3: 403 `RequestTimeTooSkewed` with `RequestTime` (the request's `X-Amz-Date`), `ServerTime`,
///   `MaxAllowedSkewMilliseconds` (900000), `RequestId` and `HostId`, and the request-id headers; MiniStack sends
///   only the code, message and request id.
/// - DynamoDB, ECR, Logs: `InvalidSignatureException` "Signature expired: ..." with AWS's namespaced `__type`
///   (`com.amazon.coral.service#InvalidSignatureException`); MiniStack's type has no namespace.
/// - Lambda (403 `InvalidSignatureException`) and IAM/STS (403 `SignatureDoesNotMatch` "Signature expired: ...")
///   already match AWS.
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (RequestTimeTooSkewed)
/// Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html (signature expired)
final class ClockSkewAnswers: ProxyBehaviour {
    let kind = AWSBehaviourProxy.BehaviourKind.clockSkewAnswers

    private let isOn = Mutex(false)

    func configure(_ behaviour: AWSBehaviourProxy.Behaviour?) {
        isOn.withLock { $0 = behaviour != nil }
    }

    func rewrite(_ response: HTTPResponse, of request: ProxiedRequest) async -> HTTPResponse? {
        guard isOn.withLock({ $0 }), response.status == 400 || response.status == 403 else { return nil }
        let serverDate = response.header("Date").flatMap(HTTPDate.parse) ?? Date()
        let dateHeader = response.header("Date") ?? HTTPDate.format(serverDate)
        switch request.service {
        case "s3":
            guard let error = ProxyXML.parse(response.body), error.text(of: "Code") == "RequestTimeTooSkewed" else { return nil }
            let requestTime = request.header("X-Amz-Date") ?? request.queryValue("X-Amz-Date") ?? request.header("Date") ?? ""
            let answer = AWSErrorAnswer.s3(
                status: 403, code: "RequestTimeTooSkewed", message: error.text(of: "Message") ?? "",
                fields: [(name: "RequestTime", value: requestTime), (name: "ServerTime", value: Self.iso8601(serverDate)),
                         (name: "MaxAllowedSkewMilliseconds", value: "900000")],
                forHead: request.method == "HEAD")
            return answer.settingHeader("Date", dateHeader)
        case "dynamodb", "ecr", "logs":
            guard var object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any],
                  let type = object["__type"] as? String, type == "InvalidSignatureException"
            else { return nil }
            object["__type"] = "com.amazon.coral.service#InvalidSignatureException"
            guard let body = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return nil }
            var answer = response
            answer.body = Array(body)
            return answer.settingHeader("Date", dateHeader)
        default:
            return response.header("Date") == nil && Self.isSkewRefusal(response) ? response.settingHeader("Date", dateHeader) : nil
        }
    }

    /// Whether a Lambda or Query refusal is about the signing time.
    private static func isSkewRefusal(_ response: HTTPResponse) -> Bool {
        let body = String(decoding: response.body, as: UTF8.self)
        return body.contains("Signature expired") || body.contains("Signature not yet current")
    }

    /// `2026-12-01T08:20:22Z`, as S3's `ServerTime`.
    private static func iso8601(_ date: Date) -> String {
        let stamp = SigningTimestamp(date).amzDate  // 20261201T082022Z
        let digits = Array(stamp)
        return "\(String(digits[0..<4]))-\(String(digits[4..<6]))-\(String(digits[6..<8]))T"
            + "\(String(digits[9..<11])):\(String(digits[11..<13])):\(String(digits[13..<15]))Z"
    }
}
