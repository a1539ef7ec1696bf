import AWSKitLite
import Synchronization

/// One of the proxy's behaviours: what it answers instead of forwarding, and how it reads and rewrites the
/// upstream's answers. Every behaviour sees every call (so it learns, e.g., which roles were created, even while
/// it is off); it acts only while it is on.
protocol ProxyBehaviour: AnyObject, Sendable {
    var kind: AWSBehaviourProxy.BehaviourKind { get }
    /// Switches the behaviour on (`setting`) or off (nil).
    func configure(_ setting: AWSBehaviourProxy.Behaviour?)
    /// The answer to give instead of forwarding `request`, or nil to forward it.
    func answer(instead request: ProxiedRequest) -> HTTPResponse?
    /// Learns from the upstream's `response` to `request`; returns the answer to give instead, or nil to pass it on.
    func rewrite(_ response: HTTPResponse, of request: ProxiedRequest) async -> HTTPResponse?
}

extension ProxyBehaviour {
    func answer(instead request: ProxiedRequest) -> HTTPResponse? { nil }
    func rewrite(_ response: HTTPResponse, of request: ProxiedRequest) async -> HTTPResponse? { nil }
}

/// A number of requests still to act on, counted down under a lock (`.throttling`, `.temporaryRedirects`,
/// `.uploadResets`).
final class RemainingCount: Sendable {
    private let remaining = Mutex(0)

    func set(_ count: Int) {
        remaining.withLock { $0 = max(0, count) }
    }

    /// True, and one fewer left, when any are left.
    func take() -> Bool {
        remaining.withLock { count in
            guard count > 0 else { return false }
            count -= 1
            return true
        }
    }
}
