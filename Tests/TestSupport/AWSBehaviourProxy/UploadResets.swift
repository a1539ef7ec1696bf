import AWSKitLite
import Synchronization

/// `.uploadResets`: the next requests with a body are cut in the middle of it: the proxy reads part of the body,
/// then resets the connection, as a dropped link or a restarted load balancer does. Nothing is forwarded.
/// Spec: https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html (connection errors are transient)
final class UploadResets: ProxyBehaviour {
    let kind = AWSBehaviourProxy.BehaviourKind.uploadResets

    private struct Setting {
        var afterBytes: Int
        var service: String?
        var operation: String?
    }

    private let setting = Mutex<Setting?>(nil)
    private let remaining = RemainingCount()

    func configure(_ behaviour: AWSBehaviourProxy.Behaviour?) {
        guard case .uploadResets(let count, let afterBytes, let service, let operation) = behaviour else {
            setting.withLock { $0 = nil }
            remaining.set(0)
            return
        }
        setting.withLock { $0 = Setting(afterBytes: max(0, afterBytes), service: service, operation: operation) }
        remaining.set(count)
    }

    /// The body bytes to read before the reset, when `announced` (the request head) is to be cut.
    func cutAfter(for announced: ProxiedRequest) -> Int? {
        let length = Int(announced.header("Content-Length") ?? "") ?? 0
        let chunked = announced.header("Transfer-Encoding")?.lowercased().contains("chunked") ?? false
        guard length > 0 || chunked, let setting = setting.withLock({ $0 }),
              setting.service == nil || setting.service == announced.service,
              setting.operation == nil || setting.operation == announced.operation,
              remaining.take()
        else { return nil }
        return setting.afterBytes
    }
}
