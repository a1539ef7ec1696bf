import AWSKitLite
import Synchronization

/// `.uploadResets`: the next requests with a body are cut in the middle of it: the proxy reads part of the body,
/// then resets the connection, as a dropped link or a restarted load balancer does; with a stall, nothing moves
/// for a while first, as on a link that stopped. Nothing is forwarded.
/// Spec: https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html (connection errors are transient)
final class UploadResets: ProxyBehaviour {
    let kind = AWSBehaviourProxy.BehaviourKind.uploadResets

    /// How one request is cut: after `afterBytes` of its body, once `stall` passed without anything moving.
    struct Cut: Sendable {
        var afterBytes: Int
        var stall: Duration
    }

    private struct Setting {
        var cut: Cut
        var service: String?
        var operation: String?
    }

    private let setting = Mutex<Setting?>(nil)
    private let remaining = RemainingCount()

    func configure(_ behaviour: AWSBehaviourProxy.Behaviour?) {
        guard case .uploadResets(let count, let afterBytes, let service, let operation, let stall) = behaviour else {
            setting.withLock { $0 = nil }
            remaining.set(0)
            return
        }
        let cut = Cut(afterBytes: max(0, afterBytes), stall: max(.zero, stall))
        setting.withLock { $0 = Setting(cut: cut, service: service, operation: operation) }
        remaining.set(count)
    }

    /// How to cut `announced` (the request head), or nil to let it through.
    func cut(for announced: ProxiedRequest) -> Cut? {
        let length = Int(announced.header("Content-Length") ?? "") ?? 0
        let chunked = announced.header("Transfer-Encoding")?.lowercased().contains("chunked") ?? false
        guard length > 0 || chunked, let setting = setting.withLock({ $0 }),
              setting.service == nil || setting.service == announced.service,
              setting.operation == nil || setting.operation == announced.operation,
              remaining.take()
        else { return nil }
        return setting.cut
    }
}
