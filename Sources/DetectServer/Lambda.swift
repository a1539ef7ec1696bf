import ArgumentParser
import CommandLineSupport
import DetectLambda
import Foundation
import Logging

/// `detect-server lambda`: the S3-triggered detection function, its own runtime over the Lambda Runtime API.
struct Lambda: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the S3 -> detect -> DynamoDB function as its own Lambda runtime (inside Lambda, or under local-lambda).",
        discussion: """
            For every ObjectCreated record of an S3 event whose key is images/<id>/<file name>: GetObject, detect, \
            and PutItem of the item {id: <id>, status: ok|failed, objects, inference_ms, s3_get_ms, total_ms, width, \
            height, bucket, key, model, processed_at, cold_start, request_id, error (when failed)}. Other records are skipped \
            with a log line. The result is {"processed", "failed", "skipped", "items": [{"id", "status", "objects"}]}.

            It is a Lambda custom runtime: with AWS_LAMBDA_RUNTIME_API set (inside Lambda, or under AWS's Runtime \
            Interface Emulator) it loads the model once at init (a failure is reported to the init-error endpoint and \
            the process exits 1), then answers each event through the response or error endpoint, one at a time. On \
            this machine, local-lambda runs it that way, as Lambda would (see local-lambda --help).

            Environment:
              DETECT_TABLE           DynamoDB table for the items (partition key "id", a string). Required.
              YOLO_MODEL_DIR         model directory (default yolo-offload/yolov3-tiny in $XDG_CACHE_HOME or ~/.cache).
              DETECT_CONFIDENCE      class-score threshold, 0...1 (default 0.5).
              DETECT_NMS             NMS IoU threshold, 0...1 (default 0.4).
              DETECT_MAX_OBJECT_MB   larger uploads get a failed item without being downloaded (default 50).
              DETECT_WARM_UP         1: one warm-up forward pass at init (default 0: the first image pays instead).
              AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE, \
            AWS_ENDPOINT_URL[_S3|_DYNAMODB]: the usual AWS settings.

            Example (on this machine, for the function infractl up made):
              local-lambda --function yolo-offload-detect --port 0 -- detect-server lambda
            """)

    @OptionGroup var logging: LogLevelOptions

    func run() async throws {
        let logger = logging.logger(label: "detect-server-lambda")
        let environment = ProcessInfo.processInfo.environment
        guard DetectionFunction.isInsideLambda(environment: environment) else {
            throw CommandFailure.report(
                "detect-server",
                "AWS_LAMBDA_RUNTIME_API is not set: this is the function's Lambda runtime; on this machine run it "
                    + "under local-lambda (local-lambda --function NAME -- detect-server lambda)")
        }
        do {
            try await DetectionFunction.runInLambda(environment: environment, logger: logger)
        } catch let error as DetectLambdaError {
            throw CommandFailure.report("detect-server", error)
        }
    }
}
