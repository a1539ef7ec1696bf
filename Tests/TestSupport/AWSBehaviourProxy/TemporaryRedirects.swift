import AWSKitLite
import Synchronization

/// `.temporaryRedirects`: the next S3 requests get S3's 307, pointing at the proxy's second endpoint (which
/// forwards without behaviours), as S3 answers while a new bucket's DNS name propagates.
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/userguide/Redirects.html
/// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (TemporaryRedirect, 307)
final class TemporaryRedirects: ProxyBehaviour {
    let kind = AWSBehaviourProxy.BehaviourKind.temporaryRedirects

    private let target = Mutex<(host: String, port: Int)?>(nil)
    private let remaining = RemainingCount()

    func setTarget(host: String, port: Int) {
        target.withLock { $0 = (host, port) }
    }

    func configure(_ behaviour: AWSBehaviourProxy.Behaviour?) {
        guard case .temporaryRedirects(let count) = behaviour else {
            remaining.set(0)
            return
        }
        remaining.set(count)
    }

    func answer(instead request: ProxiedRequest) -> HTTPResponse? {
        guard request.service == "s3", let target = target.withLock({ $0 }), remaining.take() else { return nil }
        let endpoint = "\(target.host):\(target.port)"
        let location = HTTPRequest(method: request.method, scheme: "http", host: target.host, port: target.port,
                                   path: request.path, query: request.query)
        var fields: [(name: String, value: String)] = [(name: "Endpoint", value: endpoint)]
        if let bucket = request.bucket { fields.append((name: "Bucket", value: bucket)) }
        return AWSErrorAnswer.s3(
            status: 307, code: "TemporaryRedirect",
            message: "Please re-send this request to the specified temporary endpoint. Continue to use the original request endpoint for future requests.",
            fields: fields, headers: [(name: "Location", value: location.urlString)], forHead: request.method == "HEAD")
    }
}
