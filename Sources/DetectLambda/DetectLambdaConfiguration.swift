import AWSKitLite
import DetectionContract
import Foundation
import Logging
import YoloCore

/// What the detection function is told through its environment, with the defaults `detect-server lambda --help`
/// documents:
/// - `DETECT_TABLE` (required): the DynamoDB table items are written to (partition key `id`, a string);
/// - `YOLO_MODEL_DIR`: the model directory (default as `ModelFiles.defaultDirectory`);
/// - `DETECT_CONFIDENCE`, `DETECT_NMS`: thresholds in 0...1 (defaults 0.5 and 0.4, as `detect-server serve`);
/// - `DETECT_MAX_OBJECT_MB`: uploads larger than this are not downloaded but get a `failed` item (default 50);
/// - `DETECT_WARM_UP`: `1` runs one warm-up pass at init (default `0`: it costs more at init than it saves);
/// - the usual AWS variables: `AWS_REGION`, credentials, `AWS_ENDPOINT_URL` (see `AWSConfiguration.resolve`).
public struct DetectLambdaConfiguration: Sendable {
    /// The name the items' `model` attribute carries.
    public static let modelName = "yolov3-tiny"
    public static let defaultMaxObjectBytes = 50 * 1024 * 1024

    public var table: String
    public var modelDirectory: String
    public var detection: YoloConfiguration
    /// Objects whose event-reported size is above this get a `failed` item without being downloaded.
    public var maxObjectBytes: Int
    /// Run one forward pass on a blank image at init, so that the first image does not pay for OpenCV's lazy set-up.
    public var warmsUp: Bool
    public var aws: AWSConfiguration

    public init(
        table: String, modelDirectory: String, detection: YoloConfiguration = YoloConfiguration(),
        maxObjectBytes: Int = Self.defaultMaxObjectBytes, warmsUp: Bool = false, aws: AWSConfiguration
    ) {
        self.table = table
        self.modelDirectory = modelDirectory
        self.detection = detection
        self.maxObjectBytes = maxObjectBytes
        self.warmsUp = warmsUp
        self.aws = aws
    }

    /// Reads the variables above. Throws `DetectLambdaError.missingEnvironment` (no `DETECT_TABLE`),
    /// `.invalidEnvironment` (a threshold or size that is not a number in range) or `.awsConfiguration` (no region,
    /// a malformed profile or endpoint). Credentials are only looked up when first needed; the AWS clients report to
    /// `logger` what a reader of the function's log should know (a corrected clock, a failed credential refresh).
    public init(environment: [String: String], logger: Logger = AWSConfiguration.silentLogger) throws(DetectLambdaError) {
        guard let table = environment[FunctionEnvironment.table], !table.isEmpty else {
            throw .missingEnvironment(
                variable: FunctionEnvironment.table, purpose: "name the DynamoDB table the detection items are written to")
        }
        var detection = YoloConfiguration()
        if let confidence = try Self.unitInterval(FunctionEnvironment.confidence, environment) {
            detection.confidenceThreshold = confidence
        }
        if let nms = try Self.unitInterval(FunctionEnvironment.nms, environment) { detection.nmsThreshold = nms }
        var maxObjectBytes = Self.defaultMaxObjectBytes
        if let text = environment[FunctionEnvironment.maxObjectMB], !text.isEmpty {
            guard let megabytes = Double(text), megabytes > 0, megabytes <= 10_240 else {
                throw .invalidEnvironment(
                    variable: FunctionEnvironment.maxObjectMB, value: text, expected: "a number of MiB above 0 and at most 10240")
            }
            maxObjectBytes = Int(megabytes * 1024 * 1024)
        }
        var warmsUp = false
        if let text = environment[FunctionEnvironment.warmUp], !text.isEmpty {
            guard text == "0" || text == "1" else {
                throw .invalidEnvironment(variable: FunctionEnvironment.warmUp, value: text, expected: "0 or 1")
            }
            warmsUp = text == "1"
        }
        let aws: AWSConfiguration
        do {
            aws = try AWSConfiguration.resolve(environment: environment, logger: logger)
        } catch {
            throw .awsConfiguration("\(error)")
        }
        self.init(
            table: table, modelDirectory: ModelFiles.defaultDirectory(environment: environment), detection: detection,
            maxObjectBytes: maxObjectBytes, warmsUp: warmsUp, aws: aws)
    }

    private static func unitInterval(_ variable: String, _ environment: [String: String]) throws(DetectLambdaError) -> Float? {
        guard let text = environment[variable], !text.isEmpty else { return nil }
        guard let value = Float(text), (0...1).contains(value) else {
            throw .invalidEnvironment(variable: variable, value: text, expected: "a number between 0 and 1")
        }
        return value
    }
}
