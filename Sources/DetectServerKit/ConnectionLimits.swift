/// How long and how many connections `detect-server serve` holds open for its clients, with defaults that normal
/// clients never reach. Every limit that closes or refuses a connection is counted in `/metrics`
/// (`detect_connections_closed_total{limit}`, `detect_connections_refused_total`).
public struct ConnectionLimits: Sendable, Equatable {
    /// Seconds a client has to send a request's whole head (request line and headers), from its first byte, or from
    /// the moment a new connection opens. Protects against slowloris: headers sent a byte at a time.
    public var headerTimeout: Double
    /// Seconds a request body may go without progress: the body's deadline starts this far ahead and every byte that
    /// arrives moves it `1 / minBodyRate` seconds later, never more than this far ahead. A body that stops is closed
    /// within this time; one that keeps moving at `minBodyRate` or more never is.
    public var bodyTimeout: Double
    /// The slowest body transfer, in bytes per second, that keeps its connection open (see `bodyTimeout`).
    public var minBodyRate: Double
    /// Seconds a keep-alive connection may wait between an answer and the next request's first byte.
    public var idleTimeout: Double
    /// Open connections beyond which a new one is answered 503 and closed at once; admitted ones keep being served.
    public var maxConnections: Int
    /// Seconds to let open connections finish after SIGTERM/SIGINT before closing the rest.
    public var drainTimeout: Double
    /// Request body bytes that may be buffered at once over all connections (a body counts for its Content-Length,
    /// or `maxBodyBytes` without one, from when it starts being read until it is parsed); beyond it, 503.
    public var maxBufferedBodyBytes: Int

    public init(
        headerTimeout: Double = 10,
        bodyTimeout: Double = 20,
        minBodyRate: Double = 1024,
        idleTimeout: Double = 60,
        maxConnections: Int = 2048,
        drainTimeout: Double = 25,
        maxBufferedBodyBytes: Int = 512 * 1024 * 1024
    ) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.minBodyRate = minBodyRate
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
        self.drainTimeout = drainTimeout
        self.maxBufferedBodyBytes = maxBufferedBodyBytes
    }
}

/// Why the server closed or refused a connection, as `/metrics` labels it.
public enum ConnectionLimit: String, Sendable, CaseIterable {
    case headerTimeout = "header_timeout"
    case bodyTimeout = "body_timeout"
    case idleTimeout = "idle_timeout"
    case drainTimeout = "drain_timeout"
    case maxConnections = "max_connections"
}
