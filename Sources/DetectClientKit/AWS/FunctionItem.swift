import AWSKitLite

/// The DynamoDB item the Lambda function writes for one image, keyed by `id`: `status` (`ok` or `failed`),
/// `objects` (a list of maps with `label`, `class_id`, `accuracy`, `box`), the function's timings in milliseconds
/// (`inference_ms`, `s3_get_ms`, `total_ms`), the image size, `cold_start`, `processed_at`, `request_id` (the
/// invocation's), and `error` when failed.
public struct FunctionItem: Sendable, Equatable {
    public var id: String
    public var status: ImageStatus
    public var objects: [DetectedObject]
    public var inferenceMilliseconds: Double?
    public var s3GetMilliseconds: Double?
    public var totalMilliseconds: Double?
    public var width: Int?
    public var height: Int?
    public var coldStart: Bool?
    public var processedAt: String?
    /// The invocation's request id, which its `REPORT` log line carries.
    public var requestId: String?
    public var error: String?

    /// Reads an item.
    /// - Throws: `FunctionItemError` naming the attribute that is missing or not of the expected type.
    public init(_ item: DynamoDBItem) throws {
        guard let id = item["id"]?.stringValue else { throw FunctionItemError(attribute: "id", expected: "S") }
        self.id = id
        switch item["status"]?.stringValue {
        case "ok": status = .ok
        case "failed": status = .failed
        default: throw FunctionItemError(id: id, attribute: "status", expected: "S ok|failed")
        }
        var objects: [DetectedObject] = []
        if let list = item["objects"] {
            guard let elements = list.listValue else { throw FunctionItemError(id: id, attribute: "objects", expected: "L") }
            for (index, element) in elements.enumerated() {
                let name = "objects[\(index)]"
                guard let map = element.mapValue else { throw FunctionItemError(id: id, attribute: name, expected: "M") }
                guard let label = map["label"]?.stringValue else {
                    throw FunctionItemError(id: id, attribute: "\(name).label", expected: "S")
                }
                guard let accuracy = map["accuracy"]?.numberValue.flatMap(Double.init) else {
                    throw FunctionItemError(id: id, attribute: "\(name).accuracy", expected: "N")
                }
                guard let box = map["box"]?.listValue?.compactMap({ $0.numberValue.flatMap(Self.integer) }), box.count == 4 else {
                    throw FunctionItemError(id: id, attribute: "\(name).box", expected: "L of 4 N")
                }
                let classId = map["class_id"]?.numberValue.flatMap(Self.integer)
                objects.append(DetectedObject(label: label, classId: classId, accuracy: accuracy, box: box))
            }
        } else if status == .ok {
            throw FunctionItemError(id: id, attribute: "objects", expected: "L")
        }
        self.objects = objects
        inferenceMilliseconds = item["inference_ms"]?.numberValue.flatMap(Double.init)
        s3GetMilliseconds = item["s3_get_ms"]?.numberValue.flatMap(Double.init)
        totalMilliseconds = item["total_ms"]?.numberValue.flatMap(Double.init)
        width = item["width"]?.numberValue.flatMap(Self.integer)
        height = item["height"]?.numberValue.flatMap(Self.integer)
        if case .bool(let cold) = item["cold_start"] { coldStart = cold } else { coldStart = nil }
        processedAt = item["processed_at"]?.stringValue
        requestId = item["request_id"]?.stringValue
        error = item["error"]?.stringValue
    }

    /// An integral DynamoDB number (`-42`, `17.0`) as an Int.
    private static func integer(_ text: String) -> Int? {
        if let value = Int(text) { return value }
        guard let value = Double(text), value.rounded() == value, abs(value) < 1e15 else { return nil }
        return Int(value)
    }
}

/// An item in the detections table that is not what the function writes.
public struct FunctionItemError: Error, Sendable, Equatable, CustomStringConvertible {
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
