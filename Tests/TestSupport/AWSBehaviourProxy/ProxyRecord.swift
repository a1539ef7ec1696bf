/// What an `AWSBehaviourProxy` did: every call it received, in arrival order, and what each behaviour did to it.
/// A test asserts from this that a behaviour was really exercised before it checks the end result.
public struct ProxyRecord: Sendable {
    /// What a behaviour did to one call.
    public enum Action: String, Sendable, Equatable {
        /// Answered with an error (or a redirect) instead of forwarding.
        case refused
        /// Forwarded, and changed the upstream's answer.
        case rewritten
        /// Reset the connection in the middle of the request body; no answer was sent.
        case cut
        /// Held a stalled request body until the client closed the connection; no answer was sent.
        case abandoned
    }

    /// One request the proxy received.
    public struct Call: Sendable, Equatable, CustomStringConvertible {
        /// The SigV4 signing name (`s3`, `lambda`, `dynamodb`, `iam`, `sts`, ...), or `unknown`.
        public var service: String
        /// The API operation (`PutObject`, `CreateFunction`, ...), or `unknown`.
        public var operation: String
        /// The status the client got; nil when the connection was cut.
        public var status: Int?
        /// The behaviour that acted on the call and what it did; nil when it was forwarded as it was.
        public var behaviour: AWSBehaviourProxy.BehaviourKind?
        public var action: Action?
        /// True for calls that arrived at `secondEndpoint` (where the temporary redirects point).
        public var viaSecondEndpoint: Bool

        public var description: String {
            let outcome = status.map(String.init) ?? "cut"
            let acted = behaviour.map { " [\($0.rawValue): \(action?.rawValue ?? "")]" } ?? ""
            return "\(service) \(operation) -> \(outcome)\(acted)" + (viaSecondEndpoint ? " (second endpoint)" : "")
        }
    }

    /// How many calls one behaviour refused, rewrote, cut and held until the client abandoned them.
    public struct Counts: Sendable, Equatable {
        public var refused = 0
        public var rewritten = 0
        public var cut = 0
        public var abandoned = 0

        public init(refused: Int = 0, rewritten: Int = 0, cut: Int = 0, abandoned: Int = 0) {
            self.refused = refused
            self.rewritten = rewritten
            self.cut = cut
            self.abandoned = abandoned
        }
    }

    /// Every call, in the order they arrived.
    public var calls: [Call]

    /// What `behaviour` did, summed over all calls.
    public func counts(_ behaviour: AWSBehaviourProxy.BehaviourKind) -> Counts {
        var counts = Counts()
        for call in calls where call.behaviour == behaviour {
            switch call.action {
            case .refused: counts.refused += 1
            case .rewritten: counts.rewritten += 1
            case .cut: counts.cut += 1
            case .abandoned: counts.abandoned += 1
            case nil: break
            }
        }
        return counts
    }

    /// The calls of one service (and operation, when given), in order.
    public func calls(service: String, operation: String? = nil) -> [Call] {
        calls.filter { $0.service == service && (operation == nil || $0.operation == operation) }
    }
}
