/// What `detect-client aws --upload-only` ends with: the summary it prints and the record it writes to
/// `detections_aws_transfer_time.json`.
public struct UploadOnlyResults: Sendable, Equatable {
    public var summary: UploadOnlySummary
    public var transfers: TransferTimeResults

    public init(summary: UploadOnlySummary, transfers: TransferTimeResults) {
        self.summary = summary
        self.transfers = transfers
    }

    /// True when every image was uploaded.
    public var allSucceeded: Bool { summary.failed == 0 }
}

/// The figures of an upload-only run, as `--json` prints them (snake_case keys).
///
/// `wall_seconds` runs from the first PutObject's start to the last one's reply; `images_per_second` and
/// `megabytes_per_second` (10^6 bytes) are what was uploaded over that wall time, all uploads together (unlike
/// the transfer file's per-connection `megabytes_per_second`); `upload_p50_ms`/`upload_p95_ms` are percentiles of
/// the successful PutObject calls' times (null when none succeeded).
public struct UploadOnlySummary: Codable, Sendable, Equatable {
    public var region: String
    public var bucket: String
    public var concurrency: Int
    public var images: Int
    public var uploaded: Int
    public var failed: Int
    public var bytes: Int
    public var wallSeconds: Double
    public var imagesPerSecond: Double
    public var megabytesPerSecond: Double
    public var uploadP50Milliseconds: Double?
    public var uploadP95Milliseconds: Double?

    enum CodingKeys: String, CodingKey {
        case region, bucket, concurrency, images, uploaded, failed, bytes
        case wallSeconds = "wall_seconds", imagesPerSecond = "images_per_second", megabytesPerSecond = "megabytes_per_second"
        case uploadP50Milliseconds = "upload_p50_ms", uploadP95Milliseconds = "upload_p95_ms"
    }

    public init(region: String, bucket: String, concurrency: Int, images: Int, uploaded: Int, failed: Int, bytes: Int,
                wallSeconds: Double, imagesPerSecond: Double, megabytesPerSecond: Double,
                uploadP50Milliseconds: Double?, uploadP95Milliseconds: Double?) {
        self.region = region
        self.bucket = bucket
        self.concurrency = concurrency
        self.images = images
        self.uploaded = uploaded
        self.failed = failed
        self.bytes = bytes
        self.wallSeconds = wallSeconds
        self.imagesPerSecond = imagesPerSecond
        self.megabytesPerSecond = megabytesPerSecond
        self.uploadP50Milliseconds = uploadP50Milliseconds
        self.uploadP95Milliseconds = uploadP95Milliseconds
    }

    /// The summary of these uploads to `bucket` in `region`, made `concurrency` at a time.
    public init(transfers: TransferTimeResults, region: String, bucket: String, concurrency: Int) {
        let summary = transfers.summary
        let seconds = summary.wallSeconds
        self.init(
            region: region, bucket: bucket, concurrency: concurrency, images: summary.images, uploaded: summary.uploaded,
            failed: summary.failed, bytes: summary.bytes, wallSeconds: seconds,
            imagesPerSecond: seconds > 0 ? rounded(Double(summary.uploaded) / seconds) : 0,
            megabytesPerSecond: seconds > 0 ? rounded(Double(summary.bytes) / 1e6 / seconds) : 0,
            uploadP50Milliseconds: summary.uploadMilliseconds?.p50Milliseconds,
            uploadP95Milliseconds: summary.uploadMilliseconds?.p95Milliseconds)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(region, forKey: .region)
        try container.encode(bucket, forKey: .bucket)
        try container.encode(concurrency, forKey: .concurrency)
        try container.encode(images, forKey: .images)
        try container.encode(uploaded, forKey: .uploaded)
        try container.encode(failed, forKey: .failed)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(wallSeconds, forKey: .wallSeconds)
        try container.encode(imagesPerSecond, forKey: .imagesPerSecond)
        try container.encode(megabytesPerSecond, forKey: .megabytesPerSecond)
        try container.encode(uploadP50Milliseconds, forKey: .uploadP50Milliseconds)
        try container.encode(uploadP95Milliseconds, forKey: .uploadP95Milliseconds)
    }
}
