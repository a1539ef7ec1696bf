import DetectionContract

/// The file `detect-client local` writes (`out/detections_local.json`): `{"kind": "local", "summary": {...},
/// "images": [...]}`, one image entry per request, in pass order then file order.
public struct LocalRunResults: Codable, Sendable, Equatable {
    public var kind: String
    public var summary: LocalRunSummary
    public var images: [LocalImageResult]

    public init(summary: LocalRunSummary, images: [LocalImageResult]) {
        kind = "local"
        self.summary = summary
        self.images = images
    }

    /// True when every request got its objects.
    public var allSucceeded: Bool { images.allSatisfy { $0.status == .ok } }
}

/// One request of a local run: the image, its fresh id, and what the server answered.
///
/// `round_trip_ms` is the client-side time of the attempt that succeeded (request sent to reply parsed; earlier
/// failed attempts and backoff waits are not in it); `inference_ms` is the server's own figure. Both are null for a
/// failed image, whose `error` says why (the server's message or the connection failure) after `attempts` tries.
public struct LocalImageResult: Codable, Sendable, Equatable {
    public var id: String
    public var file: String
    /// 1 for the first pass over the folder, up to `--repeat`.
    public var pass: Int
    public var status: ImageStatus
    public var objects: [DetectedObject]
    public var roundTripMilliseconds: Double?
    public var inferenceMilliseconds: Double?
    public var width: Int?
    public var height: Int?
    public var attempts: Int
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case id, file, pass, status, objects, roundTripMilliseconds = "round_trip_ms", inferenceMilliseconds = "inference_ms"
        case width, height, attempts, error
    }

    public init(id: String, file: String, pass: Int, status: ImageStatus, objects: [DetectedObject],
                roundTripMilliseconds: Double?, inferenceMilliseconds: Double?, width: Int? = nil, height: Int? = nil,
                attempts: Int, error: String? = nil) {
        self.id = id
        self.file = file
        self.pass = pass
        self.status = status
        self.objects = objects
        self.roundTripMilliseconds = roundTripMilliseconds
        self.inferenceMilliseconds = inferenceMilliseconds
        self.width = width
        self.height = height
        self.attempts = attempts
        self.error = error
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        file = try container.decode(String.self, forKey: .file)
        pass = try container.decodeIfPresent(Int.self, forKey: .pass) ?? 1
        status = try container.decode(ImageStatus.self, forKey: .status)
        objects = try container.decodeIfPresent([DetectedObject].self, forKey: .objects) ?? []
        roundTripMilliseconds = try container.decodeIfPresent(Double.self, forKey: .roundTripMilliseconds)
        inferenceMilliseconds = try container.decodeIfPresent(Double.self, forKey: .inferenceMilliseconds)
        width = try container.decodeIfPresent(Int.self, forKey: .width)
        height = try container.decodeIfPresent(Int.self, forKey: .height)
        attempts = try container.decodeIfPresent(Int.self, forKey: .attempts) ?? 1
        error = try container.decodeIfPresent(String.self, forKey: .error)
    }

    /// Every key is written, null when unknown, except `error`, which only failed images have.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(file, forKey: .file)
        try container.encode(pass, forKey: .pass)
        try container.encode(status, forKey: .status)
        try container.encode(objects, forKey: .objects)
        try container.encode(roundTripMilliseconds, forKey: .roundTripMilliseconds)
        try container.encode(inferenceMilliseconds, forKey: .inferenceMilliseconds)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(attempts, forKey: .attempts)
        try container.encodeIfPresent(error, forKey: .error)
    }
}

/// The figures of a local run. `wall_seconds` runs from the first measured request to the last reply (warm-up
/// excluded); `throughput_per_second` is successful requests over it; the latency summaries cover successful
/// requests only.
public struct LocalRunSummary: Codable, Sendable, Equatable {
    public var endpoint: String
    public var concurrency: Int
    public var repeatCount: Int
    public var warmup: Int
    /// Distinct image files.
    public var images: Int
    public var requests: Int
    public var ok: Int
    public var failed: Int
    public var wallSeconds: Double
    public var throughputPerSecond: Double
    public var roundTripMilliseconds: LatencySummary?
    public var inferenceMilliseconds: LatencySummary?
    public var startedAt: String
    public var finishedAt: String
    /// The server's detector pool size (its `GET /health`), when it says.
    public var workers: Int?
    /// The OpenCV library the server runs (its `GET /health`), when it says.
    public var opencv: String?
    /// The machine the client (and, in `make run`, the server) ran on.
    public var machine: MachineDescription?

    enum CodingKeys: String, CodingKey {
        case workers, opencv, machine
        case endpoint, concurrency, repeatCount = "repeat", warmup, images, requests, ok, failed
        case wallSeconds = "wall_seconds", throughputPerSecond = "throughput_per_second"
        case roundTripMilliseconds = "round_trip_ms", inferenceMilliseconds = "inference_ms"
        case startedAt = "started_at", finishedAt = "finished_at"
    }

    public init(endpoint: String, concurrency: Int, repeatCount: Int, warmup: Int, images: Int, requests: Int, ok: Int,
                failed: Int, wallSeconds: Double, throughputPerSecond: Double, roundTripMilliseconds: LatencySummary?,
                inferenceMilliseconds: LatencySummary?, startedAt: String, finishedAt: String) {
        self.endpoint = endpoint
        self.concurrency = concurrency
        self.repeatCount = repeatCount
        self.warmup = warmup
        self.images = images
        self.requests = requests
        self.ok = ok
        self.failed = failed
        self.wallSeconds = wallSeconds
        self.throughputPerSecond = throughputPerSecond
        self.roundTripMilliseconds = roundTripMilliseconds
        self.inferenceMilliseconds = inferenceMilliseconds
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(endpoint, forKey: .endpoint)
        try container.encode(concurrency, forKey: .concurrency)
        try container.encode(repeatCount, forKey: .repeatCount)
        try container.encode(warmup, forKey: .warmup)
        try container.encode(images, forKey: .images)
        try container.encode(requests, forKey: .requests)
        try container.encode(ok, forKey: .ok)
        try container.encode(failed, forKey: .failed)
        try container.encode(wallSeconds, forKey: .wallSeconds)
        try container.encode(throughputPerSecond, forKey: .throughputPerSecond)
        try container.encode(roundTripMilliseconds, forKey: .roundTripMilliseconds)
        try container.encode(inferenceMilliseconds, forKey: .inferenceMilliseconds)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(finishedAt, forKey: .finishedAt)
        try container.encode(workers, forKey: .workers)
        try container.encode(opencv, forKey: .opencv)
        try container.encode(machine, forKey: .machine)
    }
}
