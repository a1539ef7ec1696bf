import CoreMetrics
import Prometheus
import Synchronization

/// The server's counters and histograms, kept through swift-metrics in a Prometheus registry of their own (so that
/// several servers in one process never share or bootstrap a global metrics system) and rendered in Prometheus's
/// text exposition format (version 0.0.4).
///
/// - `detect_requests_total{status}`: detection requests answered, by HTTP status.
/// - `detect_request_errors_total{status}`: the subset answered with 4xx or 5xx.
/// - `detect_request_duration_seconds`: request latency, body read to response, every status.
/// - `detect_inference_duration_seconds`: decode through postprocess of each image that was processed.
/// - `detect_workers`, `detect_queue_capacity`: the pool's size.
/// - `detect_connections_open`, `detect_connections_accepted_total`: HTTP connections open now, and admitted so far.
/// - `detect_connections_closed_total{limit}`: connections the server closed because a `ConnectionLimits` timeout
///   passed (`header_timeout`, `body_timeout`, `idle_timeout`, `drain_timeout`).
/// - `detect_connections_refused_total{limit}`: connections answered 503 and closed on arrival (`max_connections`).
/// - `detect_bodies_refused_total{limit}`: requests answered 503 because their body did not fit in the buffered-body
///   budget (`max_buffered_body`).
///
/// The limit-labelled counters are present (at 0) from the start, so that a scraper finds every line it reads.
public final class ServerMetrics: Sendable {
    /// The two counters one answered status moves.
    private struct StatusCounters: Sendable {
        let requests: CoreMetrics.Counter
        let errors: CoreMetrics.Counter?
    }

    /// Upper bounds of both latency histograms' buckets.
    static let latencyBounds: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(20), .milliseconds(30), .milliseconds(50),
        .milliseconds(75), .milliseconds(100), .milliseconds(150), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    private let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let requestDuration: CoreMetrics.Timer
    private let inferenceDuration: CoreMetrics.Timer
    private let connectionsOpen: Meter
    private let connectionsAccepted: CoreMetrics.Counter
    private let closedByLimit: [ConnectionLimit: CoreMetrics.Counter]
    private let bodiesRefused: CoreMetrics.Counter
    /// The admission count `admitConnection` decides on; `connectionsOpen` is set from it, under the same lock.
    private let openConnections = Mutex(0)
    /// One pair of counters per status answered so far, made on first use.
    private let byStatus = Mutex<[Int: StatusCounters]>([:])

    public init(workers: Int, queueCapacity: Int) {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.latencyBounds
        self.factory = factory
        requestDuration = CoreMetrics.Timer(label: "detect_request_duration_seconds", factory: factory)
        inferenceDuration = CoreMetrics.Timer(label: "detect_inference_duration_seconds", factory: factory)
        CoreMetrics.Gauge(label: "detect_workers", factory: factory).record(workers)
        CoreMetrics.Gauge(label: "detect_queue_capacity", factory: factory).record(queueCapacity)
        connectionsOpen = Meter(label: "detect_connections_open", factory: factory)
        connectionsOpen.set(0)
        connectionsAccepted = CoreMetrics.Counter(label: "detect_connections_accepted_total", factory: factory)
        var closedByLimit: [ConnectionLimit: CoreMetrics.Counter] = [:]
        for limit in ConnectionLimit.allCases {
            let name = limit == .maxConnections ? "detect_connections_refused_total" : "detect_connections_closed_total"
            closedByLimit[limit] = CoreMetrics.Counter(
                label: name, dimensions: [("limit", limit.rawValue)], factory: factory)
        }
        self.closedByLimit = closedByLimit
        bodiesRefused = Counter(
            label: "detect_bodies_refused_total", dimensions: [("limit", "max_buffered_body")], factory: factory)
    }

    /// Records one answered detection request.
    public func recordRequest(status: Int, seconds: Double) {
        let counters = byStatus.withLock { byStatus in
            if let counters = byStatus[status] { return counters }
            let dimensions = [("status", String(status))]
            let counters = StatusCounters(
                requests: CoreMetrics.Counter(label: "detect_requests_total", dimensions: dimensions, factory: factory),
                errors: status >= 400
                    ? CoreMetrics.Counter(label: "detect_request_errors_total", dimensions: dimensions, factory: factory) : nil)
            byStatus[status] = counters
            return counters
        }
        counters.requests.increment()
        counters.errors?.increment()
        requestDuration.recordSeconds(seconds)
    }

    /// Records the inference time of one processed image.
    public func recordInference(seconds: Double) {
        inferenceDuration.recordSeconds(seconds)
    }

    /// Admits a new connection when fewer than `maximum` are open (it then counts as open until
    /// `recordConnectionClosed`); otherwise counts it as refused by `max_connections` and returns false.
    public func admitConnection(maximum: Int) -> Bool {
        let admitted = openConnections.withLock { open in
            guard open < maximum else { return false }
            open += 1
            connectionsOpen.set(open)
            return true
        }
        guard admitted else {
            recordConnectionLimit(.maxConnections)
            return false
        }
        connectionsAccepted.increment()
        return true
    }

    /// Records an admitted connection gone, for whatever reason.
    public func recordConnectionClosed() {
        openConnections.withLock { open in
            open -= 1
            connectionsOpen.set(open)
        }
    }

    /// Records a connection closed or refused by `limit`.
    public func recordConnectionLimit(_ limit: ConnectionLimit) {
        closedByLimit[limit]?.increment()
    }

    /// Records a request refused because its body did not fit in the buffered-body budget.
    public func recordBodyRefused() {
        bodiesRefused.increment()
    }

    /// The current values as Prometheus text.
    public func render() -> [UInt8] {
        registry.emitToBuffer()
    }
}
