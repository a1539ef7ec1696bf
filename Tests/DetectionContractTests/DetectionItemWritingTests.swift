import DetectionContract
import DynamoDBAttributeValue
import Foundation
import Testing

/// The DynamoDB item the function writes, attribute by attribute, in DynamoDB's JSON wire format
/// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html).
@Suite("DynamoDB item, as the function writes it")
struct DetectionItemWritingTests {
    /// 2026-11-27T21:06:37.125Z
    static let processedAt = Date(timeIntervalSince1970: 1_795_813_597.125)

    /// The item's wire JSON, keys sorted, as PutItem sends it.
    static func wireJSON(_ item: DetectionItem) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(item.attributes), as: UTF8.self)
    }

    @Test("an ok item carries every contract attribute with its DynamoDB type")
    func okItem() throws {
        let item = DetectionItem(
            id: "abc-123", status: .ok,
            objects: [
                DetectedObject(label: "dog", classId: 16, accuracy: 0.8837134 as Float, box: [99, 230, 213, 300]),
                DetectedObject(label: "traffic light", classId: 9, accuracy: 0.5 as Float, box: [-3, 0, 10, 20]),
            ],
            inferenceMilliseconds: 61.2344, s3GetMilliseconds: 3.5, totalMilliseconds: 70.0004, width: 768, height: 576,
            bucket: "uploads", key: "images/abc-123/my dog.jpg", model: "yolov3-tiny", processedAt: Self.processedAt,
            coldStart: true, requestId: "9f1c0a52-8b3e-4f43-a6f0-2b5d1f0c7e11")
        let expected = """
            {"bucket":{"S":"uploads"},"cold_start":{"BOOL":true},"height":{"N":"576"},"id":{"S":"abc-123"},\
            "inference_ms":{"N":"61.234"},"key":{"S":"images\\/abc-123\\/my dog.jpg"},"model":{"S":"yolov3-tiny"},\
            "objects":{"L":[\
            {"M":{"accuracy":{"N":"0.8837134"},"box":{"L":[{"N":"99"},{"N":"230"},{"N":"213"},{"N":"300"}]},\
            "class_id":{"N":"16"},"label":{"S":"dog"}}},\
            {"M":{"accuracy":{"N":"0.5"},"box":{"L":[{"N":"-3"},{"N":"0"},{"N":"10"},{"N":"20"}]},\
            "class_id":{"N":"9"},"label":{"S":"traffic light"}}}]},\
            "processed_at":{"S":"2026-11-27T21:06:37.125Z"},"request_id":{"S":"9f1c0a52-8b3e-4f43-a6f0-2b5d1f0c7e11"},\
            "s3_get_ms":{"N":"3.500"},"status":{"S":"ok"},\
            "total_ms":{"N":"70.000"},"width":{"N":"768"}}
            """
        #expect(try Self.wireJSON(item) == expected)
        #expect(item.attributes["error"] == nil)
    }

    @Test("a failed item has the reason and an empty objects list, and leaves out what was never measured")
    func failedItem() throws {
        let item = DetectionItem(
            id: "x", status: .failed, s3GetMilliseconds: 1.25, totalMilliseconds: 2, bucket: "b",
            key: "images/x/notes.txt", model: "yolov3-tiny", processedAt: Self.processedAt, coldStart: false,
            requestId: "r", error: "not a decodable image: neither JPEG nor PNG (the formats the API accepts)")
        let attributes = item.attributes
        #expect(Set(attributes.keys) == [
            "id", "status", "objects", "s3_get_ms", "total_ms", "bucket", "key", "model", "processed_at", "cold_start",
            "request_id", "error",
        ])
        #expect(attributes["status"] == .s("failed"))
        #expect(attributes["objects"] == .l([]))
        #expect(attributes["cold_start"] == .bool(false))
        #expect(attributes["error"]?.stringValue?.hasPrefix("not a decodable image") == true)
    }

    @Test("an item for a damaged image carries its warnings as a list of strings; an intact one has none")
    func warnings() throws {
        var item = DetectionItem(
            id: "w", status: .ok, totalMilliseconds: 1, bucket: "b", key: "images/w/cut.jpg", model: "yolov3-tiny",
            processedAt: Self.processedAt, coldStart: false, requestId: "r")
        #expect(item.attributes["warnings"] == nil)
        item.warnings = ["image data ends early; the lower part was not decoded"]
        #expect(item.attributes["warnings"] == .l([.s("image data ends early; the lower part was not decoded")]))
    }

    @Test("accuracies are plain decimals that read back as the same Float, never in exponent form")
    func accuracyDigits() throws {
        for value: Float in [0.5, 0.99999994, 0.50000006, 0.123456789, 1, 0.0001, 0.00001234, 1e-7, 0] {
            let item = DetectionItem(
                id: "a", status: .ok, objects: [DetectedObject(label: "x", classId: 0, accuracy: value, box: [0, 0, 1, 1])],
                totalMilliseconds: 0, bucket: "b", key: "k", model: "m", processedAt: Self.processedAt, coldStart: false, requestId: "r")
            let text = try #require(item.attributes["objects"]?.listValue?.first?.mapValue?["accuracy"]?.numberValue)
            #expect(!text.contains("e") && !text.contains("E"), "\(value) → \(text)")
            #expect(Float(text) == value, "\(value) → \(text)")
        }
    }

    @Test("processed_at is ISO 8601 UTC with milliseconds")
    func timestamp() throws {
        for seconds in [0.0, 1_795_813_597.5, 1_795_813_597.999, 4_102_444_799.001] {
            let item = DetectionItem(
                id: "a", status: .ok, totalMilliseconds: 0, bucket: "b", key: "k", model: "m",
                processedAt: Date(timeIntervalSince1970: seconds), coldStart: false, requestId: "r")
            let text = try #require(item.attributes["processed_at"]?.stringValue)
            #expect(text.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "\(text)")
            let parsed = try #require(try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true)))
            #expect(abs(parsed.timeIntervalSince1970 - seconds) <= 0.001 + 1e-6, "\(text)")
        }
        #expect(DetectionItem(
            id: "a", status: .ok, totalMilliseconds: 0, bucket: "b", key: "k", model: "m",
            processedAt: Date(timeIntervalSince1970: 0), coldStart: false, requestId: "r").attributes["processed_at"] == .s("1970-01-01T00:00:00.000Z"))
    }
}
