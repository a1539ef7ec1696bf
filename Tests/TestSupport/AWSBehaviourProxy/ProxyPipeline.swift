import AWSKitLite
import Foundation
import Synchronization

/// What happens to one request: the behaviours that may answer instead of the upstream, the forwarding, the
/// behaviours that read and rewrite the upstream's answer, and the record of it all.
final class ProxyPipeline: Sendable {
    let upstream: EndpointURL
    let functionStates: FunctionStates
    private let redirects: TemporaryRedirects
    private let uploadResets: UploadResets
    /// In the order they answer instead of the upstream (a throttled request is refused before anything else
    /// looks at it) and rewrite its answers.
    private let behaviours: [any ProxyBehaviour]
    private let http: HTTPClient
    private let calls = Mutex<[ProxyRecord.Call]>([])

    init(upstream: EndpointURL, adminCredentials: AWSCredentials, region: String) {
        self.upstream = upstream
        // Forwarding waits as long as the upstream takes (a Lambda Invoke may); the test's own limits apply.
        http = HTTPClient(configuration: .init(connectTimeout: .seconds(10), requestTimeout: nil, slowestUploadRate: nil, lowSpeedLimit: nil))
        functionStates = FunctionStates()
        redirects = TemporaryRedirects()
        uploadResets = UploadResets()
        let directory = IAMPrincipalDirectory(upstream: upstream, credentials: adminCredentials, region: region, http: http)
        behaviours = [
            Throttling(), redirects, IAMPropagationDelay(), functionStates, NotificationValidationDelay(),
            ListBucketAccessDenial(directory: directory), ClockSkewAnswers(), uploadResets,
        ]
    }

    func configure(_ kind: AWSBehaviourProxy.BehaviourKind, _ setting: AWSBehaviourProxy.Behaviour?) {
        for behaviour in behaviours where behaviour.kind == kind { behaviour.configure(setting) }
    }

    func setRedirectTarget(host: String, port: Int) {
        redirects.setTarget(host: host, port: port)
    }

    var record: ProxyRecord {
        ProxyRecord(calls: calls.withLock { $0 })
    }

    func shutdown() {
        http.shutdown()
    }

    /// The answer to `request`: a behaviour's refusal, or the upstream's answer as the behaviours rewrite it.
    func handle(_ request: ProxiedRequest, applyingBehaviours: Bool) async -> HTTPResponse {
        if applyingBehaviours {
            for behaviour in behaviours {
                guard let answer = behaviour.answer(instead: request) else { continue }
                append(request, status: answer.status, behaviour: behaviour.kind, action: .refused, viaSecondEndpoint: false)
                return answer
            }
        }
        var response = await forward(request)
        var rewrittenBy: AWSBehaviourProxy.BehaviourKind?
        for behaviour in behaviours {
            // Behaviours learn from every answer, also on the second endpoint; they change answers only on the first.
            guard let rewritten = await behaviour.rewrite(response, of: request), applyingBehaviours else { continue }
            response = rewritten
            rewrittenBy = behaviour.kind
        }
        append(request, status: response.status, behaviour: rewrittenBy, action: rewrittenBy.map { _ in .rewritten },
               viaSecondEndpoint: !applyingBehaviours)
        return response
    }

    /// How to cut the connection of the request `announced` (head only), or nil to read it whole.
    func uploadCut(for announced: ProxiedRequest, applyingBehaviours: Bool) -> UploadResets.Cut? {
        applyingBehaviours ? uploadResets.cut(for: announced) : nil
    }

    /// Records a cut request: `.cut` when the proxy reset the connection, `.abandoned` when the client left first.
    func recordCut(_ announced: ProxiedRequest, action: ProxyRecord.Action, viaSecondEndpoint: Bool) {
        append(announced, status: nil, behaviour: .uploadResets, action: action, viaSecondEndpoint: viaSecondEndpoint)
    }

    /// The upstream's answer to `request`, sent with the same method, path, query, headers (but hop-by-hop ones)
    /// and body; a 502 naming the failure when the upstream did not answer.
    func forward(_ request: ProxiedRequest) async -> HTTPResponse {
        let headers = request.headers.filter {
            let name = $0.name.lowercased()
            return !ProxyServer.hopByHopHeaders.contains(name) && name != "content-length"
        }
        let outgoing = HTTPRequest(method: request.method, scheme: upstream.scheme, host: upstream.host, port: upstream.port,
                                   path: request.path, query: request.query, headers: headers, body: request.body)
        do {
            return try await http.execute(outgoing, timeout: .none)
        } catch {
            return HTTPResponse(status: 502, headers: [(name: "Content-Type", value: "text/plain")],
                                body: Array("behaviour proxy: upstream failed: \(error)".utf8))
        }
    }

    private func append(_ request: ProxiedRequest, status: Int?, behaviour: AWSBehaviourProxy.BehaviourKind?,
                        action: ProxyRecord.Action?, viaSecondEndpoint: Bool) {
        let call = ProxyRecord.Call(service: request.service, operation: request.operation, status: status,
                                    behaviour: behaviour, action: action, viaSecondEndpoint: viaSecondEndpoint)
        calls.withLock { $0.append(call) }
    }
}
