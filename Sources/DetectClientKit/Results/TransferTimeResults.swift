/// The file `detect-client aws` writes beside its detections (`detections_aws_transfer_time.json`): the upload of
/// every image, `{"summary": {...}, "uploads": [...]}`, in file order.
public struct TransferTimeResults: Codable, Sendable, Equatable {
    public var summary: TransferTimeSummary
    public var uploads: [UploadRecord]

    public init(summary: TransferTimeSummary, uploads: [UploadRecord]) {
        self.summary = summary
        self.uploads = uploads
    }

    /// The transfer file for these uploads, which took `wallSeconds` from the first start to the last reply.
    public init(uploads: [UploadRecord], wallSeconds: Double) {
        let times = uploads.compactMap(\.uploadMilliseconds)
        let okUploads = uploads.filter { $0.status == .ok }
        let bytes = okUploads.reduce(0) { $0 + $1.bytes }
        let totalMilliseconds = times.reduce(0, +)
        self.init(
            summary: TransferTimeSummary(
                images: uploads.count, uploaded: okUploads.count, failed: uploads.count - okUploads.count, bytes: bytes,
                uploadMilliseconds: LatencySummary(times), wallSeconds: rounded(wallSeconds, places: 6),
                megabytesPerSecond: totalMilliseconds > 0 ? rounded(Double(bytes) / 1e6 / (totalMilliseconds / 1000)) : nil),
            uploads: uploads)
    }
}

/// One PutObject of a cloud run: `upload_ms` from the call's start to S3's reply (null when it failed, with `error`).
public struct UploadRecord: Codable, Sendable, Equatable {
    public var id: String
    public var file: String
    public var key: String
    public var bytes: Int
    /// `ok` or `failed`.
    public var status: ImageStatus
    public var uploadMilliseconds: Double?
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case id, file, key, bytes, status, uploadMilliseconds = "upload_ms", error
    }

    public init(id: String, file: String, key: String, bytes: Int, status: ImageStatus, uploadMilliseconds: Double?, error: String? = nil) {
        self.id = id
        self.file = file
        self.key = key
        self.bytes = bytes
        self.status = status
        self.uploadMilliseconds = uploadMilliseconds
        self.error = error
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(file, forKey: .file)
        try container.encode(key, forKey: .key)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(status, forKey: .status)
        try container.encode(uploadMilliseconds, forKey: .uploadMilliseconds)
        try container.encodeIfPresent(error, forKey: .error)
    }
}

/// Upload counts and times; `wall_seconds` runs from the first upload's start to the last upload's reply (all
/// uploads, concurrently); `megabytes_per_second` is bytes uploaded over the sum of upload times (per-connection
/// speed, not the aggregate over concurrent uploads).
public struct TransferTimeSummary: Codable, Sendable, Equatable {
    public var images: Int
    public var uploaded: Int
    public var failed: Int
    public var bytes: Int
    public var uploadMilliseconds: LatencySummary?
    public var wallSeconds: Double
    public var megabytesPerSecond: Double?

    enum CodingKeys: String, CodingKey {
        case images, uploaded, failed, bytes, uploadMilliseconds = "upload_ms", wallSeconds = "wall_seconds"
        case megabytesPerSecond = "megabytes_per_second"
    }

    public init(images: Int, uploaded: Int, failed: Int, bytes: Int, uploadMilliseconds: LatencySummary?, wallSeconds: Double,
                megabytesPerSecond: Double?) {
        self.images = images
        self.uploaded = uploaded
        self.failed = failed
        self.bytes = bytes
        self.uploadMilliseconds = uploadMilliseconds
        self.wallSeconds = wallSeconds
        self.megabytesPerSecond = megabytesPerSecond
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(images, forKey: .images)
        try container.encode(uploaded, forKey: .uploaded)
        try container.encode(failed, forKey: .failed)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(uploadMilliseconds, forKey: .uploadMilliseconds)
        try container.encode(wallSeconds, forKey: .wallSeconds)
        try container.encode(megabytesPerSecond, forKey: .megabytesPerSecond)
    }
}
