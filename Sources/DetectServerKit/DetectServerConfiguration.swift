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

    /// The defaults `detect-server serve --help` documents.
    public static let defaults = DetectServerConfiguration(
        host: "127.0.0.1", port: 8080, modelDirectory: ModelFiles.defaultDirectory(), workers: 2,
        openCVThreading: .sharedAllCores, queueCapacity: 64, maxBatchSize: 1, maxBodyBytes: 20 * 1024 * 1024,
        limits: ConnectionLimits(), detection: YoloConfiguration(), checked: ())

    /// Throws `SettingRangeError` naming the option of the first setting out of its range: `port` 0...65535,
    /// `workers` 1...64, `queueCapacity` 0 or more, `maxBatchSize` 1...16, `maxBodyBytes` positive, the detection's
    /// thresholds 0...1 and pixel limit positive, and every connection limit positive (`drainTimeout` 0 or more).
    public init(
        host: String = DetectServerConfiguration.defaults.host,
        port: Int = DetectServerConfiguration.defaults.port,
        modelDirectory: String = ModelFiles.defaultDirectory(),
        workers: Int = DetectServerConfiguration.defaults.workers,
        openCVThreading: OpenCVThreading = DetectServerConfiguration.defaults.openCVThreading,
        queueCapacity: Int = DetectServerConfiguration.defaults.queueCapacity,
        maxBatchSize: Int = DetectServerConfiguration.defaults.maxBatchSize,
        maxBodyBytes: Int = DetectServerConfiguration.defaults.maxBodyBytes,
        limits: ConnectionLimits = ConnectionLimits(),
        detection: YoloConfiguration = YoloConfiguration()
    ) throws(SettingRangeError) {
        try SettingRangeError.check(workers, in: 1...64, option: "--workers")
        try SettingRangeError.checkFraction(detection.confidenceThreshold, option: "--confidence")
        try SettingRangeError.checkFraction(detection.nmsThreshold, option: "--nms")
        try SettingRangeError.checkPositive(Double(maxBodyBytes), option: "--max-body-mb")
        try SettingRangeError.checkPositive(Double(detection.maxImagePixels), option: "--max-megapixels")
        try SettingRangeError.check(maxBatchSize, in: 1...16, option: "--batch")
        guard queueCapacity >= 0 else { throw SettingRangeError(option: "--queue", requirement: "be 0 or more") }
        try SettingRangeError.check(port, in: 0...65535, option: "--port")
        try SettingRangeError.checkSeconds(limits.headerTimeout, above: 0, option: "--header-timeout")
        try SettingRangeError.checkSeconds(limits.bodyTimeout, above: 0, option: "--body-timeout")
        try SettingRangeError.checkPositive(limits.minBodyRate, option: "--min-body-rate")
        try SettingRangeError.checkSeconds(limits.idleTimeout, above: 0, option: "--idle-timeout")
        try SettingRangeError.checkPositive(Double(limits.maxBufferedBodyBytes), option: "--max-buffered-body-mb")
        try SettingRangeError.checkSeconds(limits.drainTimeout, atLeast: 0, option: "--drain-timeout")
        guard limits.maxConnections > 0 else { throw SettingRangeError(option: "--max-connections", requirement: "be positive") }
        self.init(
            host: host, port: port, modelDirectory: modelDirectory, workers: workers, openCVThreading: openCVThreading,
            queueCapacity: queueCapacity, maxBatchSize: maxBatchSize, maxBodyBytes: maxBodyBytes, limits: limits,
            detection: detection, checked: ())
    }

    /// `mebibytes` in bytes, for `option`. Throws `SettingRangeError` unless it is positive and at most 1048576 (a TiB,
    /// far beyond any body or buffer this server holds, and far inside `Int`).
    public static func bytes(mebibytes: Double, option: String) throws(SettingRangeError) -> Int {
        try SettingRangeError.checkPositive(mebibytes, option: option)
        guard mebibytes <= 1_048_576 else { throw SettingRangeError(option: option, requirement: "be at most 1048576 (a TiB)") }
        return Int(mebibytes * 1024 * 1024)
    }

    /// `megapixels` in pixels, for `option`. Throws `SettingRangeError` unless it is positive and at most 1000000 (a
    /// million megapixels, far beyond any image OpenCV decodes, and far inside `Int`).
    public static func pixels(megapixels: Double, option: String) throws(SettingRangeError) -> Int {
        try SettingRangeError.checkPositive(megapixels, option: option)
        guard megapixels <= 1_000_000 else { throw SettingRangeError(option: option, requirement: "be at most 1000000") }
        return Int(megapixels * 1_000_000)
    }

    private init(
        host: String, port: Int, modelDirectory: String, workers: Int, openCVThreading: OpenCVThreading, queueCapacity: Int,
        maxBatchSize: Int, maxBodyBytes: Int, limits: ConnectionLimits, detection: YoloConfiguration, checked: Void
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
