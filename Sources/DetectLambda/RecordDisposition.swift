import DetectionContract

/// What the function does with one S3 event record: detect objects in an uploaded image, or skip the record
/// (with the reason it logs).
public enum RecordDisposition: Sendable, Equatable {
    /// An `ObjectCreated:*` record for a key under `images/<id>/`.
    case detect(UploadReference)
    /// Any other record: another event type, a key outside `images/<id>/`, or a record missing its bucket or key.
    case skip(reason: String, bucket: String?, key: String?)

    /// Classifies a record: only `aws:s3` `ObjectCreated:*` records for `images/<id>/<file name>` keys are detected.
    public init(record: S3Event.Record) {
        let bucket = record.s3?.bucket?.name
        let rawKey = record.s3?.object?.key
        guard record.eventSource == nil || record.eventSource == "aws:s3" else {
            self = .skip(reason: "event source \(record.eventSource ?? "") is not aws:s3", bucket: bucket, key: rawKey)
            return
        }
        guard let eventName = record.eventName, eventName.hasPrefix("ObjectCreated:") else {
            self = .skip(reason: "event \(record.eventName ?? "(none)") is not ObjectCreated", bucket: bucket, key: rawKey)
            return
        }
        guard let bucket, !bucket.isEmpty else {
            self = .skip(reason: "record has no s3.bucket.name", bucket: nil, key: rawKey)
            return
        }
        guard let rawKey, !rawKey.isEmpty else {
            self = .skip(reason: "record has no s3.object.key", bucket: bucket, key: nil)
            return
        }
        guard let key = decodeS3EventKey(rawKey) else {
            self = .skip(reason: "object key is not valid URL-encoded UTF-8", bucket: bucket, key: rawKey)
            return
        }
        guard let upload = UploadKey(objectKey: key) else {
            self = .skip(reason: "key is not under \(UploadKey.prefix)<id>/, so it names no item", bucket: bucket, key: key)
            return
        }
        self = .detect(UploadReference(bucket: bucket, key: key, id: upload.id, size: record.s3?.object?.size))
    }
}

/// An uploaded object to detect objects in: where it is (the key decoded) and the item id it belongs to.
public struct UploadReference: Sendable, Equatable {
    public var bucket: String
    /// The decoded object key, as GetObject takes it.
    public var key: String
    /// The `<id>` of `images/<id>/<file name>`.
    public var id: String
    /// Bytes, as the event reports it (absent from hand-made events).
    public var size: Int?

    public init(bucket: String, key: String, id: String, size: Int? = nil) {
        self.bucket = bucket
        self.key = key
        self.id = id
        self.size = size
    }
}
