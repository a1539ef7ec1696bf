import ArgumentParser
import CommandLineSupport
import DetectServerKit
import Foundation
import Hummingbird
import Logging
import YoloCore

/// `detect-server serve`: the REST API on a host and port.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the REST API: POST /api/object_detection, GET /health, GET /metrics.",
        discussion: """
            POST /api/object_detection takes {"id": "...", "image": "<base64 of a JPEG or PNG>"} and answers \
            {"id": ..., "objects": [{"label", "class_id", "accuracy", "box": [x, y, w, h]}], "width", "height", \
            "inference_ms", "timings"}. Bad input gets {"error": ..., "id": ...} with 400, 413 or 422; a full queue \
            gets 503 with Retry-After; a method a path does not take gets 405 with Allow, an unknown path 404, a \
            Content-Type that is not JSON 415. Slow, stalled and idle connections are closed by the timeouts below, \
            connections beyond --max-connections get 503 and are closed. SIGTERM or SIGINT stop accepting, finish \
            in-flight requests (closing what is left after --drain-timeout), and exit 0.

            Examples:
              detect-server serve
              detect-server serve --host 0.0.0.0 --port 9000 --workers 2 --confidence 0.25 --nms 0.45
            """)

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one (printed on start).")
    var port = 8080

    @OptionGroup var model: ModelDirectoryOptions

    @Option(help: "Detectors (one network and one thread each); at most this many forward passes run at once.")
    var workers = DetectServerConfiguration.defaults.workers

    @Option(help: "How OpenCV's parallel loops use the cores: 'shared' gives a lone forward pass every core and concurrent passes one each; a number N runs every loop on N threads (cv::setNumThreads; 0 = OpenCV's default).")
    var opencvThreads: OpenCVThreading = DetectServerConfiguration.defaults.openCVThreading

    @Option(help: "Requests that may wait for a free detector; beyond that the server answers 503 with Retry-After.")
    var queue = DetectServerConfiguration.defaults.queueCapacity

    @Option(help: "Most waiting requests one detector takes into one forward pass (a batch); 1 turns batching off.")
    var batch = DetectServerConfiguration.defaults.maxBatchSize

    @Option(help: "Keep objects whose class score is above this (0...1).")
    var confidence: Float = 0.5

    @Option(help: "Suppress boxes whose IoU with a better box of the same class is above this (0...1).")
    var nms: Float = 0.4

    @Option(help: "Largest request body in MiB; larger bodies get 413.")
    var maxBodyMb: Double = 20

    @Option(help: "Largest image in megapixels, read from its header before decoding; larger images get 422.")
    var maxMegapixels: Double = 40

    @Option(help: "Seconds a client has to send a request's line and headers, from its first byte (or from connecting); then the connection is closed.")
    var headerTimeout = ConnectionLimits().headerTimeout

    @Option(help: "Seconds a request body may go without progress: each byte buys 1/--min-body-rate s more, never more than this ahead; then the connection is closed.")
    var bodyTimeout = ConnectionLimits().bodyTimeout

    @Option(help: "Slowest body upload, in bytes per second, that is never cut (see --body-timeout).")
    var minBodyRate = ConnectionLimits().minBodyRate

    @Option(help: "Seconds a keep-alive connection may stay idle between an answer and the next request.")
    var idleTimeout = ConnectionLimits().idleTimeout

    @Option(help: "Open connections beyond which a new one is answered 503 and closed; open ones keep being served.")
    var maxConnections = ConnectionLimits().maxConnections

    @Option(help: "Seconds after SIGTERM/SIGINT for open connections to finish; the rest are then closed.")
    var drainTimeout = ConnectionLimits().drainTimeout

    @Option(help: "Request body MiB buffered at once over all connections; beyond it, 503 with Retry-After.")
    var maxBufferedBodyMb = Double(ConnectionLimits().maxBufferedBodyBytes) / (1024 * 1024)

    @OptionGroup var logging: LogLevelOptions

    func validate() throws {
        _ = try configuration()
    }

    /// The server's configuration from the options; a setting out of its range is a usage error naming the option.
    private func configuration() throws -> DetectServerConfiguration {
        do {
            return try DetectServerConfiguration(
                host: host, port: port, modelDirectory: model.modelDir ?? ModelFiles.defaultDirectory(),
                workers: workers, openCVThreading: opencvThreads, queueCapacity: queue, maxBatchSize: batch,
                maxBodyBytes: DetectServerConfiguration.bytes(mebibytes: maxBodyMb, option: "--max-body-mb"),
                limits: ConnectionLimits(
                    headerTimeout: headerTimeout, bodyTimeout: bodyTimeout, minBodyRate: minBodyRate,
                    idleTimeout: idleTimeout, maxConnections: maxConnections, drainTimeout: drainTimeout,
                    maxBufferedBodyBytes: DetectServerConfiguration.bytes(mebibytes: maxBufferedBodyMb, option: "--max-buffered-body-mb")),
                detection: YoloConfiguration(
                    confidenceThreshold: confidence, nmsThreshold: nms,
                    maxImagePixels: DetectServerConfiguration.pixels(megapixels: maxMegapixels, option: "--max-megapixels")))
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        let logger = logging.logger(label: "detect-server")
        let configuration = try configuration()
        let openFiles = raiseOpenFileLimit()
        if openFiles < maxConnections + 64 {
            logger.warning(
                "the open-file limit is below --max-connections; connections beyond it wait in the listen backlog",
                metadata: ["open_file_limit": "\(openFiles)", "max_connections": "\(maxConnections)"])
        }
        let app: any ApplicationProtocol
        do {
            app = try buildDetectServer(configuration: configuration, logger: logger) { port in
                logger.notice("listening", metadata: ["url": "http://\(configuration.host):\(port)"])
            }
        } catch let error as YoloError {
            throw CommandFailure.report("detect-server", error)
        }
        try await app.runService()
    }
}

/// Raises this process's soft limit on open files to its hard limit (each connection holds one); returns the soft
/// limit in force afterwards.
private func raiseOpenFileLimit() -> Int {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return Int.max }
    if limit.rlim_cur < limit.rlim_max {
        var raised = limit
        raised.rlim_cur = limit.rlim_max
        if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
    }
    return Int(clamping: limit.rlim_cur)  // RLIM_INFINITY is rlim_t.max, clamped to Int.max
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

extension OpenCVThreading: ExpressibleByArgument {
    public var defaultValueDescription: String { self == .sharedAllCores ? "shared" : description }
}
