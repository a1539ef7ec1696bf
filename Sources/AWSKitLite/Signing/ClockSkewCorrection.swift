import Foundation
import Synchronization

/// How far this machine's clock is from AWS's, learned from the `Date` header of an answer that refused a
/// request for its time, and added to every later signature of every client that shares it.
///
/// One instance lives in an `AWSConfiguration`; every copy of that configuration (every client made from it)
/// shares it, so one correction serves them all. The offset starts at zero.
/// Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html (signing time errors)
public final class ClockSkewCorrection: Sendable {
    private let storedOffset = Mutex<TimeInterval>(0)

    public init() {}

    /// Seconds to add to the local clock to get AWS's time (negative when the local clock is ahead).
    public var offset: TimeInterval { storedOffset.withLock { $0 } }

    /// `localDate` moved by the current offset: the time a signature should carry.
    public func corrected(_ localDate: Date) -> Date {
        localDate.addingTimeInterval(offset)
    }

    /// Error codes AWS answers for a request signed at a time too far from its own, whatever else they say.
    static let clockSkewCodes: Set<String> = ["RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture"]
    /// Error codes that mean a clock problem only when the message says the signature's time is wrong
    /// (otherwise: a wrong secret or a tampered request).
    static let ambiguousCodes: Set<String> = ["InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure"]
    private static let expiryPhrases = ["signature expired", "signature not yet current", "request has expired"]

    /// True when `error` says the request's signing time was too far from the service's clock: S3's
    /// `RequestTimeTooSkewed`, `RequestExpired`, or an `InvalidSignatureException`/`SignatureDoesNotMatch` whose
    /// message says the signature expired or is not yet current.
    public static func isClockSkewError(_ error: AWSError) -> Bool {
        if clockSkewCodes.contains(error.code) { return true }
        guard ambiguousCodes.contains(error.code) else { return false }
        let message = error.message.lowercased()
        return expiryPhrases.contains { message.contains($0) }
    }

    /// Learns the offset from a clock-skew answer: `serverDate` (its `Date` header) minus `localDate` (the local
    /// clock when it arrived). Returns the new offset, or nil when it differs from the current one by less than
    /// a second (the `Date` header's resolution), in which case resending would not help and nothing changes.
    func learn(serverDate: Date, localDate: Date) -> TimeInterval? {
        let measured = serverDate.timeIntervalSince(localDate).rounded()
        return storedOffset.withLock { offset in
            guard abs(measured - offset) >= 1 else { return nil }
            offset = measured
            return measured
        }
    }
}
