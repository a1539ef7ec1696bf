import ArgumentParser
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
            gets 503 with Retry-After. SIGTERM or SIGINT stop accepting, finish in-flight requests, and exit 0.

            Examples:
              detect-server serve
              detect-server serve --host 0.0.0.0 --port 9000 --workers 2 --confidence 0.25 --nms 0.45
            """)

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one (printed on start).")
    var port = 8080

    @Option(help: "Directory with yolov3-tiny.cfg, yolov3-tiny.weights and coco.names. (default: $YOLO_MODEL_DIR or ~/.cache/yolo-offload/yolov3-tiny)")
    var modelDir: String?

    @Option(help: "Detectors (one network and one thread each); at most this many forward passes run at once.")
    var workers = DetectServerConfiguration().workers

    @Option(help: "How OpenCV's parallel loops use the cores: 'shared' gives a lone forward pass every core and concurrent passes one each; a number N runs every loop on N threads (cv::setNumThreads; 0 = OpenCV's default).")
    var opencvThreads: OpenCVThreading = DetectServerConfiguration().openCVThreading

    @Option(help: "Requests that may wait for a free detector; beyond that the server answers 503 with Retry-After.")
    var queue = DetectServerConfiguration().queueCapacity

    @Option(help: "Most waiting requests one detector takes into one forward pass (a batch); 1 turns batching off.")
    var batch = DetectServerConfiguration().maxBatchSize

    @Option(help: "Keep objects whose class score is above this (0...1).")
    var confidence: Float = 0.5

    @Option(help: "Suppress boxes whose IoU with a better box of the same class is above this (0...1).")
    var nms: Float = 0.4

    @Option(help: "Largest request body in MiB; larger bodies get 413.")
    var maxBodyMb: Double = 20

    @Option(help: "Largest image in megapixels, read from its header before decoding; larger images get 422.")
    var maxMegapixels: Double = 40

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func validate() throws {
        guard (1...64).contains(workers) else { throw ValidationError("--workers must be between 1 and 64") }
        guard (0...1).contains(confidence) else { throw ValidationError("--confidence must be between 0 and 1") }
        guard (0...1).contains(nms) else { throw ValidationError("--nms must be between 0 and 1") }
        guard maxBodyMb > 0 else { throw ValidationError("--max-body-mb must be positive") }
        guard maxMegapixels > 0 else { throw ValidationError("--max-megapixels must be positive") }
        guard (1...16).contains(batch) else { throw ValidationError("--batch must be between 1 and 16") }
        guard queue >= 0 else { throw ValidationError("--queue must be 0 or more") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        let logger = {
            var logger = Logger(label: "detect-server")
            logger.logLevel = logLevel
            return logger
        }()
        let configuration = DetectServerConfiguration(
            host: host, port: port, modelDirectory: modelDir ?? ModelFiles.defaultDirectory(),
            workers: workers, openCVThreading: opencvThreads, queueCapacity: queue, maxBatchSize: batch,
            maxBodyBytes: Int(maxBodyMb * 1024 * 1024),
            detection: YoloConfiguration(
                confidenceThreshold: confidence, nmsThreshold: nms, maxImagePixels: Int(maxMegapixels * 1_000_000)))
        let app: any ApplicationProtocol
        do {
            app = try buildDetectServer(configuration: configuration, logger: logger) { port in
                logger.notice("listening", metadata: ["url": "http://\(configuration.host):\(port)"])
            }
        } catch let error as YoloError {
            throw commandFailure(error)
        }
        try await app.runService()
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

extension OpenCVThreading: ExpressibleByArgument {
    public var defaultValueDescription: String { self == .sharedAllCores ? "shared" : description }
}
