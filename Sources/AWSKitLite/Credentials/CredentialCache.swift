import Foundation
import Logging

/// Holds credentials until `refreshMargin` seconds before they expire, and fetches new ones through one fetch
/// shared by every caller that asks meanwhile.
///
/// Credentials without an `expiration` are kept for good. When a refresh fails while the cached credentials have not
/// expired yet, those are returned and the failure is logged as a warning (AWS answers with them until they
/// expire); once they have expired, the failure is thrown. Nothing is fetched before the first call.
/// Spec: https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html (automatic renewal)
actor CredentialCache {
    /// What is cached, for the warning (e.g. `role arn:aws:iam::1:role/x (profile dev)`).
    nonisolated let source: String
    private let refreshMargin: TimeInterval
    private let clock: @Sendable () -> Date
    private let logger: Logger
    private var cached: AWSCredentials?
    private var refresh: Task<AWSCredentials?, any Error>?

    init(source: String, refreshMargin: TimeInterval, clock: @escaping @Sendable () -> Date, logger: Logger) {
        self.source = source
        self.refreshMargin = refreshMargin
        self.clock = clock
        self.logger = logger
    }

    /// The cached credentials while they are good for more than the margin, else `fetch`'s (nil when the source has
    /// none, which is not cached). Concurrent callers share one `fetch`. Every call reads the clock once on entry.
    /// - Throws: `fetch`'s error, unless unexpired credentials are cached.
    func credentials(fetch: @escaping @Sendable () async throws -> AWSCredentials?) async throws -> AWSCredentials? {
        let now = clock()
        if let cached, !cached.isExpired(at: now, margin: refreshMargin) { return cached }
        let task: Task<AWSCredentials?, any Error>
        if let refresh {
            task = refresh
        } else {
            task = Task { try await fetch() }
            refresh = task
        }
        do {
            let fresh = try await task.value
            if refresh == task {
                refresh = nil
                cached = fresh
            }
            return fresh
        } catch {
            if refresh == task { refresh = nil }
            guard let cached, !cached.isExpired(at: clock()) else { throw error }
            logger.warning("refreshing AWS credentials failed; using the current ones until they expire", metadata: [
                "source": "\(source)", "expiration": "\(cached.expiration.map { SigningTimestamp($0).amzDate } ?? "")",
                "error": "\(error)",
            ])
            return cached
        }
    }

    /// Drops the cached credentials, so the next call fetches.
    func invalidate() {
        cached = nil
    }
}
