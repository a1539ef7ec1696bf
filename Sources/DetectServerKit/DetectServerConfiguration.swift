import YoloCore

/// Everything `detect-server serve` can be told, with the defaults its `--help` documents.
public struct DetectServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port (the bound one is reported through `onServerRunning`).
    public var port: Int
    public var modelDirectory: String
    /// Detectors (each with its own network and thread).
    public var workers: Int
    /// How OpenCV's parallel loops use the cores (process-wide). The default shares every core between the workers:
    /// a lone request's forward pass runs on all of them, concurrent ones on one each; a fixed thread count is either
    /// slow for a lone request (1) or loses throughput under load (more) (Benchmarks/README.md has the measurements).
    public var openCVThreading: OpenCVThreading
    /// Requests that may wait for a free detector before new ones get 503.
    public var queueCapacity: Int
    /// The most waiting requests one detector runs through its network in one forward pass.
    public var maxBatchSize: Int
    /// Request bodies over this many bytes get 413.
    public var maxBodyBytes: Int
    /// Timeouts, the connection cap, the drain deadline and the buffered-body budget.
    public var limits: ConnectionLimits
    public var detection: YoloConfiguration

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        modelDirectory: String = ModelFiles.defaultDirectory(),
        workers: Int = 2,
        openCVThreading: OpenCVThreading = .sharedAllCores,
        queueCapacity: Int = 64,
        maxBatchSize: Int = 1,
        maxBodyBytes: Int = 20 * 1024 * 1024,
        limits: ConnectionLimits = ConnectionLimits(),
        detection: YoloConfiguration = YoloConfiguration()
    ) {
        self.host = host
        self.port = port
        self.modelDirectory = modelDirectory
        self.workers = workers
        self.openCVThreading = openCVThreading
        self.queueCapacity = queueCapacity
        self.maxBatchSize = maxBatchSize
        self.maxBodyBytes = maxBodyBytes
        self.limits = limits
        self.detection = detection
    }
}
