import Synchronization

/// The server's counters and histograms, rendered in Prometheus's text exposition format (version 0.0.4).
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
public final class ServerMetrics: Sendable {
    private struct State {
        var requestsByStatus: [Int: Int] = [:]
        var requestLatency = Histogram(bounds: ServerMetrics.latencyBounds)
        var inferenceLatency = Histogram(bounds: ServerMetrics.latencyBounds)
        var openConnections = 0
        var acceptedConnections = 0
        var closedByLimit: [ConnectionLimit: Int] = [:]
        var bodiesRefused = 0
    }

    static let latencyBounds: [Double] = [0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10]

    private let state = Mutex(State())
    private let workers: Int
    private let queueCapacity: Int

    public init(workers: Int, queueCapacity: Int) {
        self.workers = workers
        self.queueCapacity = queueCapacity
    }

    /// Records one answered detection request.
    public func recordRequest(status: Int, seconds: Double) {
        state.withLock {
            $0.requestsByStatus[status, default: 0] += 1
            $0.requestLatency.observe(seconds)
        }
    }

    /// Records the inference time of one processed image.
    public func recordInference(seconds: Double) {
        state.withLock { $0.inferenceLatency.observe(seconds) }
    }

    /// Admits a new connection when fewer than `maximum` are open (it then counts as open until
    /// `recordConnectionClosed`); otherwise counts it as refused by `max_connections` and returns false.
    public func admitConnection(maximum: Int) -> Bool {
        state.withLock {
            guard $0.openConnections < maximum else {
                $0.closedByLimit[.maxConnections, default: 0] += 1
                return false
            }
            $0.openConnections += 1
            $0.acceptedConnections += 1
            return true
        }
    }

    /// Records an admitted connection gone, for whatever reason.
    public func recordConnectionClosed() {
        state.withLock { $0.openConnections -= 1 }
    }

    /// Records a connection closed or refused by `limit`.
    public func recordConnectionLimit(_ limit: ConnectionLimit) {
        state.withLock { $0.closedByLimit[limit, default: 0] += 1 }
    }

    /// Records a request refused because its body did not fit in the buffered-body budget.
    public func recordBodyRefused() {
        state.withLock { $0.bodiesRefused += 1 }
    }

    /// The current values as Prometheus text.
    public func render() -> String {
        let snapshot = state.withLock { $0 }
        var text = ""
        text += "# HELP detect_requests_total Detection requests answered, by HTTP status.\n"
        text += "# TYPE detect_requests_total counter\n"
        for (status, count) in snapshot.requestsByStatus.sorted(by: { $0.key < $1.key }) {
            text += "detect_requests_total{status=\"\(status)\"} \(count)\n"
        }
        text += "# HELP detect_request_errors_total Detection requests answered with a 4xx or 5xx status.\n"
        text += "# TYPE detect_request_errors_total counter\n"
        for (status, count) in snapshot.requestsByStatus.sorted(by: { $0.key < $1.key }) where status >= 400 {
            text += "detect_request_errors_total{status=\"\(status)\"} \(count)\n"
        }
        text += snapshot.requestLatency.render(
            name: "detect_request_duration_seconds", help: "Detection request latency, body read to response.")
        text += snapshot.inferenceLatency.render(
            name: "detect_inference_duration_seconds", help: "Inference time per image, decode through postprocess.")
        text += "# HELP detect_workers Detectors (networks), each on its own thread.\n# TYPE detect_workers gauge\n"
        text += "detect_workers \(workers)\n"
        text += "# HELP detect_queue_capacity Requests that may wait for a detector before 503.\n"
        text += "# TYPE detect_queue_capacity gauge\ndetect_queue_capacity \(queueCapacity)\n"
        text += "# HELP detect_connections_open HTTP connections open now.\n# TYPE detect_connections_open gauge\n"
        text += "detect_connections_open \(snapshot.openConnections)\n"
        text += "# HELP detect_connections_accepted_total HTTP connections admitted.\n"
        text += "# TYPE detect_connections_accepted_total counter\n"
        text += "detect_connections_accepted_total \(snapshot.acceptedConnections)\n"
        text += "# HELP detect_connections_closed_total Connections the server closed when a limit passed, by limit.\n"
        text += "# TYPE detect_connections_closed_total counter\n"
        for limit in ConnectionLimit.allCases where limit != .maxConnections {
            text += "detect_connections_closed_total{limit=\"\(limit.rawValue)\"} \(snapshot.closedByLimit[limit, default: 0])\n"
        }
        text += "# HELP detect_connections_refused_total Connections answered 503 and closed on arrival, by limit.\n"
        text += "# TYPE detect_connections_refused_total counter\n"
        text += "detect_connections_refused_total{limit=\"max_connections\"} \(snapshot.closedByLimit[.maxConnections, default: 0])\n"
        text += "# HELP detect_bodies_refused_total Requests answered 503 because their body did not fit in the buffered-body budget.\n"
        text += "# TYPE detect_bodies_refused_total counter\n"
        text += "detect_bodies_refused_total{limit=\"max_buffered_body\"} \(snapshot.bodiesRefused)\n"
        return text
    }
}

/// A cumulative Prometheus histogram over fixed upper bounds (seconds).
struct Histogram: Sendable {
    let bounds: [Double]
    private(set) var counts: [Int]
    private(set) var sum = 0.0
    private(set) var count = 0

    init(bounds: [Double]) {
        self.bounds = bounds
        counts = Array(repeating: 0, count: bounds.count)
    }

    mutating func observe(_ value: Double) {
        if let bucket = bounds.firstIndex(where: { value <= $0 }) { counts[bucket] += 1 }
        sum += value
        count += 1
    }

    func render(name: String, help: String) -> String {
        var text = "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
        var cumulative = 0
        for (bound, bucketCount) in zip(bounds, counts) {
            cumulative += bucketCount
            text += "\(name)_bucket{le=\"\(bound)\"} \(cumulative)\n"
        }
        text += "\(name)_bucket{le=\"+Inf\"} \(count)\n\(name)_sum \(sum)\n\(name)_count \(count)\n"
        return text
    }
}
