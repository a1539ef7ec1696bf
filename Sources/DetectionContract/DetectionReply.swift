/// The 200 body of `POST /api/object_detection`: the contract's `id` and `objects`, plus what detect-server adds
/// (image size, `inference_ms`, the stage `timings`, and `warnings` for a damaged image it decoded anyway).
/// detect-server sets every field but `warnings`; a client reads the extras when a server sends them (the Flask
/// reference sends no `timings`). Absent fields are left out of the JSON, in the order below.
public struct DetectionReply: Codable, Sendable, Equatable {
    /// The server-side stages in milliseconds.
    public struct Timings: Codable, Sendable, Equatable {
        public var decodeMilliseconds: Double
        public var preprocessMilliseconds: Double
        public var forwardMilliseconds: Double
        public var postprocessMilliseconds: Double

        enum CodingKeys: String, CodingKey {
            case decodeMilliseconds = "decode_ms", preprocessMilliseconds = "preprocess_ms"
            case forwardMilliseconds = "forward_ms", postprocessMilliseconds = "postprocess_ms"
        }

        public init(decodeMilliseconds: Double, preprocessMilliseconds: Double, forwardMilliseconds: Double,
                    postprocessMilliseconds: Double) {
            self.decodeMilliseconds = decodeMilliseconds
            self.preprocessMilliseconds = preprocessMilliseconds
            self.forwardMilliseconds = forwardMilliseconds
            self.postprocessMilliseconds = postprocessMilliseconds
        }
    }

    public var id: String?
    /// By accuracy, descending.
    public var objects: [DetectedObject]
    public var width: Int?
    public var height: Int?
    /// Decode through postprocess, measured in the server.
    public var inferenceMilliseconds: Double?
    public var timings: Timings?
    /// What the decoder reported about a damaged image it decoded anyway (e.g. "image data ends early; the lower
    /// part was not decoded"); absent for an intact image.
    public var warnings: [String]?

    enum CodingKeys: String, CodingKey {
        case id, objects, width, height, inferenceMilliseconds = "inference_ms", timings, warnings
    }

    public init(id: String?, objects: [DetectedObject], width: Int? = nil, height: Int? = nil,
                inferenceMilliseconds: Double? = nil, timings: Timings? = nil, warnings: [String]? = nil) {
        self.id = id
        self.objects = objects
        self.width = width
        self.height = height
        self.inferenceMilliseconds = inferenceMilliseconds
        self.timings = timings
        self.warnings = warnings
    }
}
