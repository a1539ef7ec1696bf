import Hummingbird

/// The 200 body of `GET /health`: `{"status":"ok","workers":…,"running":…,"queued":…,"opencv":"…"}`.
struct HealthReply: ResponseEncodable {
    var status = "ok"
    /// Detectors in the pool.
    var workers: Int
    /// Requests a detector is working on now.
    var running: Int
    /// Requests waiting for a detector.
    var queued: Int
    /// The OpenCV version the detectors run on.
    var opencv: String
}
