import DetectionContract

/// The file `detect-client aws` writes (`detections_aws.json`): `{"kind": "aws", "summary": {...}, "images": [...]}`,
/// one image entry per file, in file order.
public struct AWSRunResults: Codable, Sendable, Equatable {
    public var kind: String
    public var summary: AWSRunSummary
    public var images: [AWSImageResult]

    public init(summary: AWSRunSummary, images: [AWSImageResult]) {
        kind = "aws"
        self.summary = summary
        self.images = images
    }

    /// True when every image was uploaded, processed by the function and found in the table.
    public var allSucceeded: Bool { images.allSatisfy { $0.status == .ok } }
}

/// One image of a cloud run: its upload and the item the function wrote for it.
///
/// `upload_ms` is the PutObject call's time; `end_to_end_ms` runs from the upload's start to the first
/// BatchGetItem reply that held the item (so it includes up to one polling interval); `inference_ms`,
/// `s3_get_ms` and `lambda_total_ms` are the function's own figures, and `cold_start` whether its process was new.
/// `status` is `failed` when the upload failed or the function recorded a failure (`error` says which), and
/// `missing` when no item appeared before the timeout.
public struct AWSImageResult: Codable, Sendable, Equatable {
    public var id: String
    public var file: String
    public var key: String
    public var bytes: Int
    public var status: ImageStatus
    public var objects: [DetectedObject]
    public var inferenceMilliseconds: Double?
    public var uploadMilliseconds: Double?
    public var endToEndMilliseconds: Double?
    public var coldStart: Bool?
    public var s3GetMilliseconds: Double?
    public var lambdaTotalMilliseconds: Double?
    public var width: Int?
    public var height: Int?
    public var processedAt: String?
    public var error: String?
    /// The invocation's request id, from the item.
    public var requestId: String?
    /// The invocation's `REPORT` line, when the function's log had it.
    public var invocation: InvocationRecord?

    enum CodingKeys: String, CodingKey {
        case requestId = "request_id", invocation
        case id, file, key, bytes, status, objects
        case inferenceMilliseconds = "inference_ms", uploadMilliseconds = "upload_ms", endToEndMilliseconds = "end_to_end_ms"
        case coldStart = "cold_start", s3GetMilliseconds = "s3_get_ms", lambdaTotalMilliseconds = "lambda_total_ms"
        case width, height, processedAt = "processed_at", error
    }

    public init(id: String, file: String, key: String, bytes: Int, status: ImageStatus, objects: [DetectedObject] = [],
                inferenceMilliseconds: Double? = nil, uploadMilliseconds: Double? = nil, endToEndMilliseconds: Double? = nil,
                coldStart: Bool? = nil, s3GetMilliseconds: Double? = nil, lambdaTotalMilliseconds: Double? = nil,
                width: Int? = nil, height: Int? = nil, processedAt: String? = nil, error: String? = nil) {
        self.id = id
        self.file = file
        self.key = key
        self.bytes = bytes
        self.status = status
        self.objects = objects
        self.inferenceMilliseconds = inferenceMilliseconds
        self.uploadMilliseconds = uploadMilliseconds
        self.endToEndMilliseconds = endToEndMilliseconds
        self.coldStart = coldStart
        self.s3GetMilliseconds = s3GetMilliseconds
        self.lambdaTotalMilliseconds = lambdaTotalMilliseconds
        self.width = width
        self.height = height
        self.processedAt = processedAt
        self.error = error
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        file = try container.decode(String.self, forKey: .file)
        key = try container.decodeIfPresent(String.self, forKey: .key) ?? ""
        bytes = try container.decodeIfPresent(Int.self, forKey: .bytes) ?? 0
        status = try container.decode(ImageStatus.self, forKey: .status)
        objects = try container.decodeIfPresent([DetectedObject].self, forKey: .objects) ?? []
        inferenceMilliseconds = try container.decodeIfPresent(Double.self, forKey: .inferenceMilliseconds)
        uploadMilliseconds = try container.decodeIfPresent(Double.self, forKey: .uploadMilliseconds)
        endToEndMilliseconds = try container.decodeIfPresent(Double.self, forKey: .endToEndMilliseconds)
        coldStart = try container.decodeIfPresent(Bool.self, forKey: .coldStart)
        s3GetMilliseconds = try container.decodeIfPresent(Double.self, forKey: .s3GetMilliseconds)
        lambdaTotalMilliseconds = try container.decodeIfPresent(Double.self, forKey: .lambdaTotalMilliseconds)
        width = try container.decodeIfPresent(Int.self, forKey: .width)
        height = try container.decodeIfPresent(Int.self, forKey: .height)
        processedAt = try container.decodeIfPresent(String.self, forKey: .processedAt)
        error = try container.decodeIfPresent(String.self, forKey: .error)
        requestId = try container.decodeIfPresent(String.self, forKey: .requestId)
        invocation = try container.decodeIfPresent(InvocationRecord.self, forKey: .invocation)
    }

    /// Every key is written, null when unknown, except `error`, which only failed and missing images have.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(file, forKey: .file)
        try container.encode(key, forKey: .key)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(status, forKey: .status)
        try container.encode(objects, forKey: .objects)
        try container.encode(inferenceMilliseconds, forKey: .inferenceMilliseconds)
        try container.encode(uploadMilliseconds, forKey: .uploadMilliseconds)
        try container.encode(endToEndMilliseconds, forKey: .endToEndMilliseconds)
        try container.encode(coldStart, forKey: .coldStart)
        try container.encode(s3GetMilliseconds, forKey: .s3GetMilliseconds)
        try container.encode(lambdaTotalMilliseconds, forKey: .lambdaTotalMilliseconds)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(processedAt, forKey: .processedAt)
        try container.encode(requestId, forKey: .requestId)
        try container.encode(invocation, forKey: .invocation)
        try container.encodeIfPresent(error, forKey: .error)
    }
}

/// The figures of a cloud run. `wall_seconds` runs from the first upload's start to the last item seen (or to the
/// end of waiting, when some are missing); `throughput_per_second` is `ok` images over it; the latency summaries
/// cover the images that have the figure.
public struct AWSRunSummary: Codable, Sendable, Equatable {
    public var region: String
    public var bucket: String
    public var table: String
    public var concurrency: Int
    public var timeoutSeconds: Double
    public var images: Int
    public var uploaded: Int
    public var ok: Int
    public var failed: Int
    public var missing: Int
    public var coldStarts: Int
    public var wallSeconds: Double
    public var throughputPerSecond: Double
    public var uploadMilliseconds: LatencySummary?
    public var endToEndMilliseconds: LatencySummary?
    public var inferenceMilliseconds: LatencySummary?
    public var startedAt: String
    public var finishedAt: String
    /// Where the requests went: AWS, or an emulator (whose trigger and function timings are its machine's).
    public var endpoint: CloudEndpoint?
    /// The function's memory and architecture, read from Lambda when the run started.
    public var function: FunctionSettings?
    /// The OpenCV library the function ran, as its items say (versions joined by ", " if they differ); nil when no
    /// item said.
    public var opencv: String?
    /// The machine the client ran on.
    public var machine: MachineDescription?
    /// BatchGetItem calls the client made while waiting, and the keys they asked for (each a consistent read).
    public var pollRequests: Int?
    public var pollKeysRead: Int?
    /// Images joined to their invocation's `REPORT` line (nil: the log group was not read), and why it could not
    /// be read, if so.
    public var reportLines: Int?
    public var reportLinesError: String?

    enum CodingKeys: String, CodingKey {
        case reportLines = "report_lines", reportLinesError = "report_lines_error"
        case endpoint, function, opencv, machine, pollRequests = "poll_requests", pollKeysRead = "poll_keys_read"
        case region, bucket, table, concurrency, timeoutSeconds = "timeout_s", images, uploaded, ok, failed, missing
        case coldStarts = "cold_starts", wallSeconds = "wall_seconds", throughputPerSecond = "throughput_per_second"
        case uploadMilliseconds = "upload_ms", endToEndMilliseconds = "end_to_end_ms", inferenceMilliseconds = "inference_ms"
        case startedAt = "started_at", finishedAt = "finished_at"
    }

    public init(region: String, bucket: String, table: String, concurrency: Int, timeoutSeconds: Double, images: Int,
                uploaded: Int, ok: Int, failed: Int, missing: Int, coldStarts: Int, wallSeconds: Double,
                throughputPerSecond: Double, uploadMilliseconds: LatencySummary?, endToEndMilliseconds: LatencySummary?,
                inferenceMilliseconds: LatencySummary?, startedAt: String, finishedAt: String) {
        self.region = region
        self.bucket = bucket
        self.table = table
        self.concurrency = concurrency
        self.timeoutSeconds = timeoutSeconds
        self.images = images
        self.uploaded = uploaded
        self.ok = ok
        self.failed = failed
        self.missing = missing
        self.coldStarts = coldStarts
        self.wallSeconds = wallSeconds
        self.throughputPerSecond = throughputPerSecond
        self.uploadMilliseconds = uploadMilliseconds
        self.endToEndMilliseconds = endToEndMilliseconds
        self.inferenceMilliseconds = inferenceMilliseconds
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(region, forKey: .region)
        try container.encode(bucket, forKey: .bucket)
        try container.encode(table, forKey: .table)
        try container.encode(concurrency, forKey: .concurrency)
        try container.encode(timeoutSeconds, forKey: .timeoutSeconds)
        try container.encode(images, forKey: .images)
        try container.encode(uploaded, forKey: .uploaded)
        try container.encode(ok, forKey: .ok)
        try container.encode(failed, forKey: .failed)
        try container.encode(missing, forKey: .missing)
        try container.encode(coldStarts, forKey: .coldStarts)
        try container.encode(wallSeconds, forKey: .wallSeconds)
        try container.encode(throughputPerSecond, forKey: .throughputPerSecond)
        try container.encode(uploadMilliseconds, forKey: .uploadMilliseconds)
        try container.encode(endToEndMilliseconds, forKey: .endToEndMilliseconds)
        try container.encode(inferenceMilliseconds, forKey: .inferenceMilliseconds)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(finishedAt, forKey: .finishedAt)
        try container.encode(endpoint, forKey: .endpoint)
        try container.encode(function, forKey: .function)
        try container.encode(opencv, forKey: .opencv)
        try container.encode(machine, forKey: .machine)
        try container.encode(pollRequests, forKey: .pollRequests)
        try container.encode(pollKeysRead, forKey: .pollKeysRead)
        try container.encode(reportLines, forKey: .reportLines)
        try container.encode(reportLinesError, forKey: .reportLinesError)
    }
}
