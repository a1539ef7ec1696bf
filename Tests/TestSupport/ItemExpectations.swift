import AWSKitLite
import Foundation
import Testing

/// Checks a stored item against OpenCV 4.6's golden file entry for the same image: labels, class ids and boxes
/// exactly, accuracies within 1e-4 (the golden's tolerance in the YoloCore parity tests), image size exactly.
public func expectItem(
    _ item: DynamoDBItem?, matches golden: Golden.Image, id: String, bucket: String, key: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let item else {
        Issue.record("no item for \(id) (\(golden.file))", sourceLocation: sourceLocation)
        return
    }
    #expect(item["id"] == .s(id), sourceLocation: sourceLocation)
    #expect(item["status"] == .s("ok"), "\(golden.file): \(item["error"] as Any)", sourceLocation: sourceLocation)
    #expect(item["bucket"] == .s(bucket), sourceLocation: sourceLocation)
    #expect(item["key"] == .s(key), sourceLocation: sourceLocation)
    #expect(item["model"] == .s("yolov3-tiny"), sourceLocation: sourceLocation)
    #expect(item["error"] == nil, sourceLocation: sourceLocation)
    #expect(number(item["width"]) == Double(golden.width), "\(golden.file) width", sourceLocation: sourceLocation)
    #expect(number(item["height"]) == Double(golden.height), "\(golden.file) height", sourceLocation: sourceLocation)
    for attribute in ["inference_ms", "s3_get_ms", "total_ms"] {
        #expect((number(item[attribute]) ?? -1) > 0, "\(golden.file) \(attribute)", sourceLocation: sourceLocation)
    }
    #expect((number(item["total_ms"]) ?? 0) >= (number(item["inference_ms"]) ?? .infinity), sourceLocation: sourceLocation)
    if case .bool = item["cold_start"] {} else {
        Issue.record("cold_start is not a BOOL: \(item["cold_start"] as Any)", sourceLocation: sourceLocation)
    }
    #expect(item["processed_at"]?.stringValue?.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, sourceLocation: sourceLocation)

    let objects = item["objects"]?.listValue?.compactMap(\.mapValue) ?? []
    #expect(objects.count == golden.objects.count, "\(golden.file) object count", sourceLocation: sourceLocation)
    for (stored, expected) in zip(objects, golden.objects) {
        #expect(stored["label"] == .s(expected.label), "\(golden.file)", sourceLocation: sourceLocation)
        #expect(number(stored["class_id"]) == Double(expected.class_id), "\(golden.file)", sourceLocation: sourceLocation)
        let box = stored["box"]?.listValue?.compactMap { number($0) } ?? []
        #expect(box == expected.box.map(Double.init), "\(golden.file) \(expected.label) box", sourceLocation: sourceLocation)
        let accuracy = number(stored["accuracy"]) ?? -1
        #expect(abs(accuracy - expected.accuracy) <= 1e-4, "\(golden.file) \(expected.label) accuracy", sourceLocation: sourceLocation)
    }
}

/// The value of an `N` attribute.
public func number(_ value: AttributeValue?) -> Double? {
    value?.numberValue.flatMap(Double.init)
}
