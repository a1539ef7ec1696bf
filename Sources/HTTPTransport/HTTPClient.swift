import Foundation

/// A general-purpose async HTTP/1.1 client over libcurl, used by the AWS clients and by any caller that needs
/// plain HTTP (e.g. POSTing JSON to a local server).
///
/// All requests share one libcurl multi handle run by one dedicated thread, so connections are kept alive and
/// reused, many requests run concurrently, and no Swift executor thread ever blocks. TLS verifies peers against
/// the system CA store. Redirects are not followed.
public final class HTTPClient: Sendable {
    /// Timeouts, transfer limits and connection-cache size.
    public struct Configuration: Sendable {
        /// Time allowed to establish a TCP (and TLS) connection.
        public var connectTimeout: Duration
        /// Time allowed for a whole exchange without a body, connect to last byte; `nil` waits forever.
        /// A request with a body gets more: see `slowestUploadRate`.
        public var requestTimeout: Duration?
        /// The rate (bytes per second) a request body is allowed to go at: the total limit of a request with a
        /// body is `requestTimeout` plus the time its body takes at this rate, so a large upload on a slow link is
        /// not cut at `requestTimeout`. `nil` applies `requestTimeout` to every request as it is.
        public var slowestUploadRate: Int?
        /// Abandon an upload (a request whose body is at least `LowSpeedLimit.minimumBodyBytes`) whose rate (bytes
        /// per second, sent and received) stays below the limit for the limit's duration, with
        /// `HTTPClientError.Kind.transferTooSlow`: a stalled upload fails early however long its total limit. A
        /// smaller request's wait for its answer, which moves no bytes, is bounded by `requestTimeout` only.
        /// `nil` waits for the total limit.
        public var lowSpeedLimit: LowSpeedLimit?
        /// Open connections allowed to one host:port; further concurrent requests wait for a free one
        /// (their wait counts toward `requestTimeout`).
        public var maxConnectionsPerHost: Int
        /// Idle connections kept open for reuse, across all hosts.
        public var maxCachedConnections: Int

        /// The defaults: 10 s to connect, 60 s for a request plus 1 s per 64 KiB of body, and abandon a transfer
        /// that moves less than 1 KiB/s for 30 s.
        public init(
            connectTimeout: Duration = .seconds(10), requestTimeout: Duration? = .seconds(60),
            slowestUploadRate: Int? = 64 * 1024, lowSpeedLimit: LowSpeedLimit? = LowSpeedLimit(bytesPerSecond: 1024, duration: .seconds(30)),
            maxConnectionsPerHost: Int = 64, maxCachedConnections: Int = 128
        ) {
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.slowestUploadRate = slowestUploadRate.map { max(1, $0) }
            self.lowSpeedLimit = lowSpeedLimit
            self.maxConnectionsPerHost = maxConnectionsPerHost
            self.maxCachedConnections = maxCachedConnections
        }

        /// The total limit for a request whose body is `bodyBytes` long: `requestTimeout`, plus the body's time at
        /// `slowestUploadRate`. `nil` when `requestTimeout` is `nil`.
        public func totalTimeout(bodyBytes: Int) -> Duration? {
            guard let requestTimeout else { return nil }
            guard let slowestUploadRate, bodyBytes > 0 else { return requestTimeout }
            return requestTimeout + .milliseconds(Int64(bodyBytes) * 1000 / Int64(slowestUploadRate))
        }
    }

    /// The slowest rate a transfer may keep up for `duration` before it is abandoned (libcurl's
    /// CURLOPT_LOW_SPEED_LIMIT and CURLOPT_LOW_SPEED_TIME; the duration counts in whole seconds, at least 1).
    /// Spec: https://curl.se/libcurl/c/CURLOPT_LOW_SPEED_LIMIT.html
    public struct LowSpeedLimit: Sendable, Equatable {
        /// The smallest body that makes a request an upload the limit applies to (64 KiB).
        public static let minimumBodyBytes = 64 * 1024

        public var bytesPerSecond: Int
        public var duration: Duration

        public init(bytesPerSecond: Int, duration: Duration) {
            self.bytesPerSecond = max(1, bytesPerSecond)
            self.duration = duration
        }
    }

    /// The time limits for one call of `execute`.
    public enum Timeout: Sendable {
        /// The client's `Configuration.totalTimeout(bodyBytes:)` for the request's body, and its `lowSpeedLimit`.
        case `default`
        /// No total limit and no low-speed limit (the connect timeout still applies): for long polls such as the
        /// Lambda Runtime API's /next, where no byte moves while the server waits.
        case none
        /// This total limit and no low-speed limit: for calls that wait on purpose (a synchronous Lambda invoke).
        case after(Duration)
    }

    /// A client shared by everything that does not need its own timeouts; it lives for the whole process.
    public static let shared = HTTPClient()

    public let configuration: Configuration
    private let loop: CurlMultiLoop

    /// A client with its own connection cache and loop thread (most callers can use `shared`).
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        loop = CurlMultiLoop(maxConnectionsPerHost: configuration.maxConnectionsPerHost, maxCachedConnections: configuration.maxCachedConnections)
    }

    deinit {
        loop.stop()
    }

    /// Sends `request` and returns the complete response, whatever its status (4xx and 5xx are responses, not errors).
    ///
    /// Throws `HTTPClientError` when no response arrived: refused or dropped connection, timeout, a transfer
    /// below the low-speed limit, TLS failure, cancellation of the calling task (`.cancelled`) or a client shut down (`.shutdown`).
    public func execute(_ request: HTTPRequest, timeout: Timeout = .default) async throws -> HTTPResponse {
        let totalTimeout: Duration?
        var lowSpeedLimit: LowSpeedLimit?
        switch timeout {
        case .default:
            totalTimeout = configuration.totalTimeout(bodyBytes: request.body.count)
            if request.body.count >= LowSpeedLimit.minimumBodyBytes { lowSpeedLimit = configuration.lowSpeedLimit }
        case .none: totalTimeout = nil
        case .after(let duration): totalTimeout = duration
        }
        let transfer = CurlTransfer(request: request, connectTimeout: configuration.connectTimeout, totalTimeout: totalTimeout,
                                    lowSpeedLimit: lowSpeedLimit)
        if Task.isCancelled {
            throw HTTPClientError(kind: .cancelled, method: transfer.method, url: transfer.displayURL)
        }
        let loop = self.loop
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
                transfer.continuation = continuation
                loop.submit(transfer)
            }
        } onCancel: {
            loop.cancel(transfer)
        }
    }

    /// Stops the client's thread; requests still in flight fail with `.shutdown`. Called automatically on deinit.
    public func shutdown() {
        loop.stop()
    }
}

/// Performs one HTTP request: the seam where a transport plugs into whatever fetches over HTTP (AWSKitLite's
/// container credentials).
public typealias HTTPFetch = @Sendable (HTTPRequest) async throws -> HTTPResponse

extension HTTPClient {
    /// This client as an `HTTPFetch` (what credential providers call).
    public var fetch: HTTPFetch {
        { request in try await self.execute(request) }
    }
}
