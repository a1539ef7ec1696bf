/// The environment variables the detect function reads (`infractl up` sets `table`; the others are optional and
/// pass through `--env`).
public enum FunctionEnvironment {
    /// The DynamoDB table items are written to (partition key `DetectionItem.partitionKey`, a string). Required.
    public static let table = "DETECT_TABLE"
    /// The class-score threshold, 0...1.
    public static let confidence = "DETECT_CONFIDENCE"
    /// The NMS IoU threshold, 0...1.
    public static let nms = "DETECT_NMS"
    /// Uploads larger than this many MiB get a failed item without being downloaded.
    public static let maxObjectMB = "DETECT_MAX_OBJECT_MB"
    /// `1`: one warm-up forward pass at init.
    public static let warmUp = "DETECT_WARM_UP"
}
