import ArgumentParser
import DetectLambda
import Foundation
import Logging

/// `detect-server lambda`: the S3-triggered detection function, inside Lambda or behind a local `POST /invoke`.
struct Lambda: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the S3 -> detect -> DynamoDB function: inside Lambda, or locally behind POST /invoke.",
        discussion: """
            For every ObjectCreated record of an S3 event whose key is images/<id>/<file name>: GetObject, detect, \
            and PutItem of the item {id: <id>, status: ok|failed, objects, inference_ms, s3_get_ms, total_ms, width, \
            height, bucket, key, model, processed_at, cold_start, error (when failed)}. Other records are skipped \
            with a log line. The result is {"processed", "failed", "skipped", "items": [{"id", "status", "objects"}]}.

            Modes:
              With AWS_LAMBDA_RUNTIME_API set (inside Lambda), it runs the Lambda Runtime API loop: the model is \
            loaded once at init (a failure is reported to the init-error endpoint and the process exits 1), then \
            each event is answered through the response or error endpoint.
              Without it, it serves POST /invoke on 127.0.0.1:--local-port (the event as the body; 200 with the \
            result, 400 for a body that is not an event, 500 when records fail). MiniStack's Lambda proxy mode \
            delivers S3 notifications there. SIGTERM or SIGINT finish in-flight events and exit 0.

            Environment:
              DETECT_TABLE           DynamoDB table for the items (partition key "id", a string). Required.
              YOLO_MODEL_DIR         model directory (default ~/.cache/yolo-offload/yolov3-tiny).
              DETECT_CONFIDENCE      class-score threshold, 0...1 (default 0.5).
              DETECT_NMS             NMS IoU threshold, 0...1 (default 0.4).
              DETECT_MAX_OBJECT_MB   larger uploads get a failed item without being downloaded (default 50).
              DETECT_WARM_UP         1: one warm-up forward pass at init (default 0: the first image pays instead).
              AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE, \
            AWS_ENDPOINT_URL[_S3|_DYNAMODB]: the usual AWS settings.

            Examples:
              DETECT_TABLE=detections detect-server lambda --local-port 0
              curl -d @event.json http://127.0.0.1:7000/invoke
            """)

    @Option(help: "Outside Lambda: the loopback port for POST /invoke; 0 picks a free one (printed on start). (default: 7000)")
    var localPort: Int?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func validate() throws {
        if let localPort, !(0...65535).contains(localPort) {
            throw ValidationError("--local-port must be between 0 and 65535")
        }
    }

    func run() async throws {
        var logger = Logger(label: "detect-server-lambda")
        logger.logLevel = logLevel
        let environment = ProcessInfo.processInfo.environment
        do {
            if DetectionFunction.isInsideLambda(environment: environment) {
                if localPort != nil {
                    throw ValidationError("--local-port is for running outside Lambda, but AWS_LAMBDA_RUNTIME_API is set")
                }
                try await DetectionFunction.runInLambda(environment: environment, logger: logger)
            } else {
                try await DetectionFunction.runLocally(
                    port: localPort ?? LocalInvokeServer.defaultPort, environment: environment, logger: logger
                ) { port in
                    FileHandle.standardOutput.write(Data("detect-server lambda: listening on http://127.0.0.1:\(port)/invoke\n".utf8))
                }
            }
        } catch let error as DetectLambdaError {
            throw commandFailure(error)
        }
    }
}
