import DynamoDBAttributeValue
import Foundation

/// The DynamoDB item one upload produces, keyed by the upload's `<id>`: what was found (or why nothing could be),
/// where the image was, and what each step cost. The function writes it (`attributes`), the client reads it back
/// (`init(attributes:)`); both go through this one schema.
///
/// Attributes (numbers are DynamoDB `N`, times in milliseconds with three decimals):
/// `id` S, `status` S (`ok` | `failed`), `objects` L of M {`label` S, `class_id` N, `accuracy` N (the detector's
/// Float in its shortest digits, never in exponent form), `box` L of 4 N [x, y, w, h] in pixels}, `inference_ms` N,
/// `s3_get_ms` N, `total_ms` N, `width` N, `height` N, `bucket` S, `key` S, `model` S, `opencv` S (the version of the
/// OpenCV library the function ran, e.g. `4.14.0`), `processed_at` S (ISO 8601
/// UTC with milliseconds), `cold_start` BOOL, `request_id` S (the invocation's, which its `REPORT` log line
/// carries), `error` S when failed, and `warnings` L of S when the image was damaged but decoded (as the REST
/// reply's `warnings`). A failed item has an empty `objects` list and leaves out what was never measured
/// (`inference_ms`, `width` and `height` when the image was not decoded; `s3_get_ms` when the object could not be
/// read). The function always writes `total_ms`, `bucket`, `key`, `model`, `processed_at`, `cold_start` and
/// `request_id`; a reader takes an item without them.
/// Spec: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html
public struct DetectionItem: Sendable, Equatable {
    public enum Status: String, Sendable {
        case ok
        case failed
    }

    /// The table's partition key (type S): the item's `id`.
    public static let partitionKey = Attribute.id.rawValue

    public var id: String
    public var status: Status
    /// By accuracy, descending (the detector's order).
    public var objects: [DetectedObject]
    /// Decode through postprocess.
    public var inferenceMilliseconds: Double?
    public var s3GetMilliseconds: Double?
    /// From the start of the record's processing to just before PutItem (includes waiting for the detector).
    public var totalMilliseconds: Double?
    public var width: Int?
    public var height: Int?
    public var bucket: String?
    public var key: String?
    public var model: String?
    /// The OpenCV library the function's detector ran (`cv::getVersionString()`).
    public var opencv: String?
    /// ISO 8601 in UTC with milliseconds (`timestamp(_:)`).
    public var processedAt: String?
    /// Whether this item came from the first event the process handled.
    public var coldStart: Bool?
    /// The request id of the invocation that wrote the item (its `REPORT` line in the function's log carries it).
    public var requestId: String?
    /// Why the upload could not be processed (only when `status` is `failed`).
    public var error: String?
    /// What the decoder reported about a damaged image it decoded anyway; empty for an intact one.
    public var warnings: [String] = []

    /// An item as the function writes it.
    public init(
        id: String, status: Status, objects: [DetectedObject] = [], inferenceMilliseconds: Double? = nil,
        s3GetMilliseconds: Double? = nil, totalMilliseconds: Double, width: Int? = nil, height: Int? = nil,
        bucket: String, key: String, model: String, opencv: String? = nil, processedAt: Date, coldStart: Bool,
        requestId: String, error: String? = nil
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
        self.opencv = opencv
        self.processedAt = Self.timestamp(processedAt)
        self.coldStart = coldStart
        self.requestId = requestId
        self.error = error
    }

    /// The attribute names.
    enum Attribute: String {
        case id, status, objects, width, height, bucket, key, model, opencv, error, warnings
        case inferenceMilliseconds = "inference_ms", s3GetMilliseconds = "s3_get_ms", totalMilliseconds = "total_ms"
        case processedAt = "processed_at", coldStart = "cold_start", requestId = "request_id"
    }

    /// The attribute names of one object's map.
    enum ObjectAttribute: String {
        case label, accuracy, box
        case classId = "class_id"
    }

    // MARK: Writing

    /// The item as DynamoDB attribute values, ready for PutItem.
    public var attributes: DynamoDBItem {
        var item: DynamoDBItem = [:]
        func set(_ attribute: Attribute, _ value: AttributeValue?) { item[attribute.rawValue] = value }
        set(.id, .s(id))
        set(.status, .s(status.rawValue))
        set(.objects, .l(objects.map(Self.attribute(of:))))
        set(.totalMilliseconds, totalMilliseconds.map { .n(Self.milliseconds($0)) })
        set(.bucket, bucket.map { .s($0) })
        set(.key, key.map { .s($0) })
        set(.model, model.map { .s($0) })
        set(.opencv, opencv.map { .s($0) })
        set(.processedAt, processedAt.map { .s($0) })
        set(.coldStart, coldStart.map { .bool($0) })
        set(.requestId, requestId.map { .s($0) })
        set(.inferenceMilliseconds, inferenceMilliseconds.map { .n(Self.milliseconds($0)) })
        set(.s3GetMilliseconds, s3GetMilliseconds.map { .n(Self.milliseconds($0)) })
        set(.width, width.map { .number($0) })
        set(.height, height.map { .number($0) })
        set(.error, error.map { .s($0) })
        if !warnings.isEmpty { set(.warnings, .l(warnings.map { .s($0) })) }
        return item
    }

    private static func attribute(of object: DetectedObject) -> AttributeValue {
        var map: [String: AttributeValue] = [
            ObjectAttribute.label.rawValue: .s(object.label),
            ObjectAttribute.accuracy.rawValue: .n(decimal(Float(object.accuracy))),
            ObjectAttribute.box.rawValue: .l(object.box.map { .number($0) }),
        ]
        if let classId = object.classId { map[ObjectAttribute.classId.rawValue] = .number(classId) }
        return .m(map)
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
    public static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!))
    }

    // MARK: Reading

    /// Reads an item back.
    /// - Throws: `DetectionItemError` naming the attribute that is missing or not of the expected type (`id`,
    ///   `status`, `objects` and each object's `label`, `accuracy` and `box`; the rest are read when present and of
    ///   their type).
    public init(attributes item: DynamoDBItem) throws(DetectionItemError) {
        func value(_ attribute: Attribute) -> AttributeValue? { item[attribute.rawValue] }
        guard let id = value(.id)?.stringValue else { throw DetectionItemError(attribute: Attribute.id.rawValue, expected: "S") }
        self.id = id
        guard let status = value(.status)?.stringValue.flatMap(Status.init(rawValue:)) else {
            throw DetectionItemError(id: id, attribute: Attribute.status.rawValue, expected: "S ok|failed")
        }
        self.status = status
        var objects: [DetectedObject] = []
        if let list = value(.objects) {
            guard let elements = list.listValue else {
                throw DetectionItemError(id: id, attribute: Attribute.objects.rawValue, expected: "L")
            }
            for (index, element) in elements.enumerated() {
                objects.append(try Self.object(element, name: "\(Attribute.objects.rawValue)[\(index)]", id: id))
            }
        } else if status == .ok {
            throw DetectionItemError(id: id, attribute: Attribute.objects.rawValue, expected: "L")
        }
        self.objects = objects
        inferenceMilliseconds = value(.inferenceMilliseconds)?.numberValue.flatMap(Double.init)
        s3GetMilliseconds = value(.s3GetMilliseconds)?.numberValue.flatMap(Double.init)
        totalMilliseconds = value(.totalMilliseconds)?.numberValue.flatMap(Double.init)
        width = value(.width)?.numberValue.flatMap(Self.integer)
        height = value(.height)?.numberValue.flatMap(Self.integer)
        bucket = value(.bucket)?.stringValue
        key = value(.key)?.stringValue
        model = value(.model)?.stringValue
        opencv = value(.opencv)?.stringValue
        processedAt = value(.processedAt)?.stringValue
        if case .bool(let cold) = value(.coldStart) { coldStart = cold } else { coldStart = nil }
        requestId = value(.requestId)?.stringValue
        error = value(.error)?.stringValue
        warnings = value(.warnings)?.listValue?.compactMap(\.stringValue) ?? []
    }

    private static func object(_ element: AttributeValue, name: String, id: String) throws(DetectionItemError) -> DetectedObject {
        func fail(_ attribute: ObjectAttribute?, _ expected: String) -> DetectionItemError {
            DetectionItemError(id: id, attribute: attribute.map { "\(name).\($0.rawValue)" } ?? name, expected: expected)
        }
        guard let map = element.mapValue else { throw fail(nil, "M") }
        func value(_ attribute: ObjectAttribute) -> AttributeValue? { map[attribute.rawValue] }
        guard let label = value(.label)?.stringValue else { throw fail(.label, "S") }
        guard let accuracy = value(.accuracy)?.numberValue.flatMap(Double.init) else { throw fail(.accuracy, "N") }
        guard let box = value(.box)?.listValue?.compactMap({ $0.numberValue.flatMap(integer) }), box.count == 4 else {
            throw fail(.box, "L of 4 N")
        }
        let classId = value(.classId)?.numberValue.flatMap(integer)
        return DetectedObject(label: label, classId: classId, accuracy: accuracy, box: box)
    }

    /// An integral DynamoDB number (`-42`, `17.0`) as an Int.
    private static func integer(_ text: String) -> Int? {
        if let value = Int(text) { return value }
        guard let value = Double(text), value.rounded() == value, abs(value) < 1e15 else { return nil }
        return Int(value)
    }
}

/// An item in the detections table that is not what the function writes.
public struct DetectionItemError: Error, Sendable, Equatable, CustomStringConvertible {
    public var id: String?
    public var attribute: String
    /// The DynamoDB type (and values) expected.
    public var expected: String

    public init(id: String? = nil, attribute: String, expected: String) {
        self.id = id
        self.attribute = attribute
        self.expected = expected
    }

    public var description: String {
        "malformed item\(id.map { " \($0)" } ?? ""): attribute \(attribute) is missing or not \(expected)"
    }
}
