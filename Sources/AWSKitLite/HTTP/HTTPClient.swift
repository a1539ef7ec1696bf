import Foundation

/// A general-purpose async HTTP/1.1 client over libcurl, used by the AWS clients and by any caller that needs
/// plain HTTP (e.g. POSTing JSON to a local server).
///
/// All requests share one libcurl multi handle run by one dedicated thread, so connections are kept alive and
/// reused, many requests run concurrently, and no Swift executor thread ever blocks. TLS verifies peers against
/// the system CA store. Redirects are not followed.
public final class HTTPClient: Sendable {
    /// Timeouts and connection-cache size.
    public struct Configuration: Sendable {
        /// Time allowed to establish a TCP (and TLS) connection.
        public var connectTimeout: Duration
        /// Time allowed for a whole exchange, connect to last byte; `nil` waits forever.
        public var requestTimeout: Duration?
        /// Open connections allowed to one host:port; further concurrent requests wait for a free one
        /// (their wait counts toward `requestTimeout`).
        public var maxConnectionsPerHost: Int
        /// Idle connections kept open for reuse, across all hosts.
        public var maxCachedConnections: Int

        public init(
            connectTimeout: Duration = .seconds(10), requestTimeout: Duration? = .seconds(60),
            maxConnectionsPerHost: Int = 64, maxCachedConnections: Int = 128
        ) {
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.maxConnectionsPerHost = maxConnectionsPerHost
            self.maxCachedConnections = maxCachedConnections
        }
    }

    /// The total-time limit for one call of `execute`.
    public enum Timeout: Sendable {
        /// The client's `Configuration.requestTimeout`.
        case `default`
        /// No total limit (the connect timeout still applies): for long polls such as the Lambda Runtime API's /next.
        case none
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
    /// Throws `HTTPClientError` when no response arrived: refused or dropped connection, timeout, TLS failure,
    /// cancellation of the calling task (`.cancelled`) or a client shut down (`.shutdown`).
    public func execute(_ request: HTTPRequest, timeout: Timeout = .default) async throws -> HTTPResponse {
        let totalTimeout: Duration?
        switch timeout {
        case .default: totalTimeout = configuration.requestTimeout
        case .none: totalTimeout = nil
        case .after(let duration): totalTimeout = duration
        }
        let transfer = CurlTransfer(request: request, connectTimeout: configuration.connectTimeout, totalTimeout: totalTimeout)
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

extension HTTPClient {
    /// This client as the `HTTPFetch` that credential providers (container credentials) call.
    public var fetch: HTTPFetch {
        { request in try await self.execute(request) }
    }
}
