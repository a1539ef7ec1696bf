import Synchronization

/// The server's counters and histograms, rendered in Prometheus's text exposition format (version 0.0.4).
///
/// - `detect_requests_total{status}`: detection requests answered, by HTTP status.
/// - `detect_request_errors_total{status}`: the subset answered with 4xx or 5xx.
/// - `detect_request_duration_seconds`: request latency, body read to response, every status.
/// - `detect_inference_duration_seconds`: decode through postprocess of each image that was processed.
/// - `detect_workers`, `detect_queue_capacity`: the pool's size.
public final class ServerMetrics: Sendable {
    private struct State {
        var requestsByStatus: [Int: Int] = [:]
        var requestLatency = Histogram(bounds: ServerMetrics.latencyBounds)
        var inferenceLatency = Histogram(bounds: ServerMetrics.latencyBounds)
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
