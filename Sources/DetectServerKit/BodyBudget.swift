import Synchronization

/// The request body bytes the server may buffer at once over all connections (`ConnectionLimits.maxBufferedBodyBytes`).
/// Together with the body timeout and the connection cap, it bounds the memory that slow or stalled uploads can hold.
public final class BodyBudget: Sendable {
    public let capacity: Int
    private let used = Mutex(0)

    public init(bytes: Int) {
        capacity = bytes
    }

    /// Takes `bytes` from the budget; false (and nothing taken) when fewer are left.
    public func reserve(_ bytes: Int) -> Bool {
        used.withLock { used in
            guard used + bytes <= capacity else { return false }
            used += bytes
            return true
        }
    }

    /// Gives back bytes taken by `reserve`.
    public func release(_ bytes: Int) {
        used.withLock { $0 -= bytes }
    }

    /// Bytes reserved now.
    public var reserved: Int { used.withLock { $0 } }
}
