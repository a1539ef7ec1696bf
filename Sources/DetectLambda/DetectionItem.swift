import AWSKitLite
import Foundation
import YoloCore

/// The DynamoDB item one upload produces, keyed by the upload's `<id>`: what was found (or why nothing could be),
/// where the image was, and what each step cost.
///
/// Attributes (`attributes` builds them; numbers are DynamoDB `N`, times in milliseconds):
/// `id` S, `status` S (`ok` | `failed`), `objects` L of M {`label` S, `class_id` N, `accuracy` N, `box` L of 4 N
/// [x, y, w, h] in pixels}, `inference_ms` N, `s3_get_ms` N, `total_ms` N, `width` N, `height` N, `bucket` S,
/// `key` S, `model` S, `processed_at` S (ISO 8601 UTC with milliseconds), `cold_start` BOOL, `request_id` S (the
/// invocation's, which its `REPORT` log line carries), `error` S when failed, and `warnings` L of S when the image was
/// damaged but decoded (`jpegWarnings`, as the REST answer's `warnings`). A failed item has an empty `objects` list and leaves out what was never measured (`inference_ms`, `width`
/// and `height` when the image was not decoded; `s3_get_ms` when the object could not be read).
public struct DetectionItem: Sendable, Equatable {
    public enum Status: String, Sendable {
        case ok
        case failed
    }

    public var id: String
    public var status: Status
    /// By accuracy, descending (YoloDetector's order).
    public var objects: [Detection]
    /// Decode through postprocess (`StageTimings.totalMilliseconds`).
    public var inferenceMilliseconds: Double?
    public var s3GetMilliseconds: Double?
    /// From the start of the record's processing to just before PutItem (includes waiting for the detector).
    public var totalMilliseconds: Double
    public var width: Int?
    public var height: Int?
    public var bucket: String
    public var key: String
    public var model: String
    public var processedAt: Date
    /// Whether this item came from the first event the process handled.
    public var coldStart: Bool
    /// The request id of the invocation that wrote the item (its `REPORT` line in the function's log carries it).
    public var requestId: String
    /// Why the upload could not be processed (only when `status` is `failed`).
    public var error: String?
    /// What the decoder reported about a damaged image it decoded anyway; empty for an intact one.
    public var warnings: [String] = []

    public init(
        id: String, status: Status, objects: [Detection] = [], inferenceMilliseconds: Double? = nil,
        s3GetMilliseconds: Double? = nil, totalMilliseconds: Double, width: Int? = nil, height: Int? = nil,
        bucket: String, key: String, model: String, processedAt: Date, coldStart: Bool, requestId: String,
        error: String? = nil
    ) {
        self.id = id
        self.status = status
        self.objects = objects
        self.inferenceMilliseconds = inferenceMilliseconds
        self.s3GetMilliseconds = s3GetMilliseconds
        self.totalMilliseconds = totalMilliseconds
        self.width = width
        self.height = height
        self.bucket = bucket
        self.key = key
        self.model = model
        self.processedAt = processedAt
        self.coldStart = coldStart
        self.requestId = requestId
        self.error = error
    }

    /// The item as DynamoDB attribute values, ready for PutItem.
    /// Spec: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html
    public var attributes: DynamoDBItem {
        var item: DynamoDBItem = [
            "id": .s(id),
            "status": .s(status.rawValue),
            "objects": .l(objects.map(Self.attribute(of:))),
            "total_ms": .n(Self.milliseconds(totalMilliseconds)),
            "bucket": .s(bucket),
            "key": .s(key),
            "model": .s(model),
            "processed_at": .s(Self.timestamp(processedAt)),
            "cold_start": .bool(coldStart),
            "request_id": .s(requestId),
        ]
        if let inferenceMilliseconds { item["inference_ms"] = .n(Self.milliseconds(inferenceMilliseconds)) }
        if let s3GetMilliseconds { item["s3_get_ms"] = .n(Self.milliseconds(s3GetMilliseconds)) }
        if let width { item["width"] = .number(width) }
        if let height { item["height"] = .number(height) }
        if let error { item["error"] = .s(error) }
        if !warnings.isEmpty { item["warnings"] = .l(warnings.map { .s($0) }) }
        return item
    }

    private static func attribute(of detection: Detection) -> AttributeValue {
        .m([
            "label": .s(detection.label),
            "class_id": .number(detection.classId),
            "accuracy": .n(decimal(detection.accuracy)),
            "box": .l(detection.box.array.map { .number($0) }),
        ])
    }

    /// Milliseconds with three decimals (microseconds), e.g. `12.345`.
    static func milliseconds(_ value: Double) -> String {
        String(format: "%.3f", value)
    }

    /// A Float as a plain decimal that reads back as the same Float (Swift's shortest round-trip digits), never
    /// in exponent form (`1e-05` becomes `0.00001`).
    static func decimal(_ value: Float) -> String {
        let shortest = "\(value)"
        guard shortest.contains("e") else { return shortest }
        var fixed = String(format: "%.12f", Double(value))
        while fixed.hasSuffix("0") { fixed.removeLast() }
        if fixed.hasSuffix(".") { fixed.removeLast() }
        return fixed
    }

    /// ISO 8601 in UTC with milliseconds: `2026-11-27T21:06:37.123Z`.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!))
    }
}
