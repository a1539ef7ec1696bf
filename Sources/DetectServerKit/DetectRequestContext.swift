import Hummingbird
import Synchronization

/// The detection server's request context: Hummingbird's core storage, replies encoded as plain `application/json`,
/// and the detection id the handler reads from the body, for the middleware that logs the request.
public struct DetectRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The body's `id` once the handler has parsed it; nil until then (and for a body that did not parse).
    let detectionID = DetectionIDSlot()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    public var responseEncoder: JSONReplyEncoder { JSONReplyEncoder(detectionID: detectionID) }
}

/// Where the handler leaves the request's detection id for the middleware around it: a context is passed down by
/// value, so only a shared slot carries a value back up.
final class DetectionIDSlot: Sendable {
    private let value = Mutex<String?>(nil)

    /// The id set last, or nil.
    var id: String? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
