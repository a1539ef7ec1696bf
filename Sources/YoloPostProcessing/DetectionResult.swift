/// What `YoloDetector.detect(imageData:)` found in one image.
public struct DetectionResult: Sendable {
    /// Kept objects, by accuracy descending (ties keep their order).
    public var objects: [Detection]
    /// The decoded image's size in pixels.
    public var imageWidth: Int
    public var imageHeight: Int
    /// Rows of the network's output that passed the confidence threshold, before NMS.
    public var candidateCount: Int
    /// Time spent in each stage.
    public var timings: StageTimings
    /// Damage the decoder met in an image it decoded anyway (see `jpegWarnings`), as sentences for the client;
    /// empty for an intact image.
    public var warnings: [String]

    public init(
        objects: [Detection], imageWidth: Int, imageHeight: Int, candidateCount: Int, timings: StageTimings,
        warnings: [String] = []
    ) {
        self.objects = objects
        self.imageWidth = imageWidth
        self.imageHeight = imageHeight
        self.candidateCount = candidateCount
        self.timings = timings
        self.warnings = warnings
    }
}

/// Milliseconds spent in each stage of one detection.
public struct StageTimings: Sendable, Equatable {
    /// Header check and `cv::imdecode`.
    public var decodeMilliseconds: Double
    /// `blobFromImage` and `setInput`.
    public var preprocessMilliseconds: Double
    /// The network's forward pass.
    public var forwardMilliseconds: Double
    /// Candidate decoding, NMS and labelling.
    public var postprocessMilliseconds: Double

    public init(decode: Double = 0, preprocess: Double = 0, forward: Double = 0, postprocess: Double = 0) {
        decodeMilliseconds = decode
        preprocessMilliseconds = preprocess
        forwardMilliseconds = forward
        postprocessMilliseconds = postprocess
    }

    /// The four stages together: the server-side inference time.
    public var totalMilliseconds: Double {
        decodeMilliseconds + preprocessMilliseconds + forwardMilliseconds + postprocessMilliseconds
    }
}
