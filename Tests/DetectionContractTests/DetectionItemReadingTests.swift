import DetectionContract
import DynamoDBAttributeValue
import Foundation
import Testing

/// Reading the items the Lambda function writes (the attribute layout infractl's table holds).
@Suite struct DetectionItemReadingTests {
    @Test func readsASuccessfulItem() throws {
        let item: DynamoDBItem = [
            "id": .s("3f2a"), "status": .s("ok"),
            "objects": .l([.m(["label": .s("dog"), "class_id": .n("16"), "accuracy": .n("0.82894"),
                               "box": .l([.n("124"), .n("218"), .n("257"), .n("299")])]),
                           .m(["label": .s("giraffe"), "class_id": .n("23"), "accuracy": .n("0.516319"),
                               "box": .l([.n("153"), .n("-42"), .n("175"), .n("460")])])]),
            "inference_ms": .n("41.25"), "s3_get_ms": .n("3.5"), "total_ms": .n("47"), "width": .n("768"),
            "height": .n("576"), "bucket": .s("b"), "key": .s("images/3f2a/dog.jpg"), "model": .s("yolov3-tiny"),
            "processed_at": .s("2025-01-01T00:00:00.000Z"), "cold_start": .bool(true),
        ]
        let detection = try DetectionItem(attributes: item)
        #expect(detection.id == "3f2a")
        #expect(detection.status == .ok)
        #expect(detection.objects == [
            DetectedObject(label: "dog", classId: 16, accuracy: 0.82894, box: [124, 218, 257, 299]),
            DetectedObject(label: "giraffe", classId: 23, accuracy: 0.516319, box: [153, -42, 175, 460]),
        ])
        #expect(detection.inferenceMilliseconds == 41.25)
        #expect(detection.s3GetMilliseconds == 3.5)
        #expect(detection.totalMilliseconds == 47)
        #expect(detection.width == 768 && detection.height == 576)
        #expect(detection.coldStart == true)
        #expect(detection.processedAt == "2025-01-01T00:00:00.000Z")
        #expect(detection.error == nil)
    }

    @Test func readsAFailedItem() throws {
        let detection = try DetectionItem(attributes: ["id": .s("x"), "status": .s("failed"), "error": .s("not a JPEG/PNG"), "cold_start": .bool(false)])
        #expect(detection.status == .failed)
        #expect(detection.objects.isEmpty)
        #expect(detection.error == "not a JPEG/PNG")
        #expect(detection.coldStart == false)
    }

    @Test func namesTheBadAttribute() {
        #expect(throws: DetectionItemError(id: "x", attribute: "status", expected: "S ok|failed")) {
            try DetectionItem(attributes: ["id": .s("x"), "status": .s("done")])
        }
        #expect(throws: DetectionItemError(id: "x", attribute: "objects[0].box", expected: "L of 4 N")) {
            try DetectionItem(attributes: ["id": .s("x"), "status": .s("ok"), "objects": .l([
                .m(["label": .s("dog"), "accuracy": .n("0.5"), "box": .l([.n("1"), .n("2"), .n("3")])]),
            ])])
        }
        #expect(throws: DetectionItemError(attribute: "id", expected: "S")) { try DetectionItem(attributes: ["status": .s("ok")]) }
    }
}

/// What the function writes, the client reads back: the same objects, status, sizes and warnings.
@Suite struct DetectionItemRoundTripTests {
    @Test func anItemReadsBackAsWritten() throws {
        var written = DetectionItem(
            id: "r1", status: .ok,
            objects: [DetectedObject(label: "dog", classId: 16, accuracy: 0.8837134 as Float, box: [99, 230, 213, 300]),
                      DetectedObject(label: "cup", classId: 41, accuracy: 0.00001234 as Float, box: [0, -1, 2, 3])],
            inferenceMilliseconds: 61.25, s3GetMilliseconds: 3.5, totalMilliseconds: 70.5, width: 768, height: 576,
            bucket: "b", key: "images/r1/dog.jpg", model: "yolov3-tiny", opencv: "4.14.0",
            processedAt: Date(timeIntervalSince1970: 0), coldStart: true, requestId: "req")
        written.warnings = ["image data ends early; the lower part was not decoded"]
        #expect(written.attributes["opencv"] == .s("4.14.0"))
        let read = try DetectionItem(attributes: written.attributes)
        #expect(read == written)
    }
}
