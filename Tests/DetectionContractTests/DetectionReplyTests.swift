import DetectionContract
import Foundation
import Testing

/// The REST reply's JSON: what detect-server sends, and what a client reads from detect-server and from the Flask
/// reference (which sends no `timings`).
@Suite struct DetectionReplyTests {
    static let reply = DetectionReply(
        id: "a1",
        objects: [DetectedObject(label: "dog", classId: 16, accuracy: 0.8837134 as Float, box: [99, 230, 213, 300])],
        width: 768, height: 576, inferenceMilliseconds: 61.25,
        timings: .init(decodeMilliseconds: 4, preprocessMilliseconds: 1.5, forwardMilliseconds: 55, postprocessMilliseconds: 0.75))

    @Test func encodesTheContractsFieldNamesAndTheDetectorsDigits() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(String(decoding: try encoder.encode(Self.reply), as: UTF8.self) == """
            {"height":576,"id":"a1","inference_ms":61.25,"objects":[{"accuracy":0.8837134,"box":[99,230,213,300],\
            "class_id":16,"label":"dog"}],"timings":{"decode_ms":4,"forward_ms":55,"postprocess_ms":0.75,\
            "preprocess_ms":1.5},"width":768}
            """)
        var damaged = Self.reply
        damaged.warnings = ["image data ends early; the lower part was not decoded"]
        #expect(String(decoding: try encoder.encode(damaged), as: UTF8.self).contains(#""warnings":["image data ends early"#))
    }

    @Test func readsItsOwnJSONAndAReplyWithoutTheExtras() throws {
        #expect(try JSONDecoder().decode(DetectionReply.self, from: JSONEncoder().encode(Self.reply)) == Self.reply)
        let flask = #"{"id": "a1", "objects": [{"label": "dog", "class_id": 16, "accuracy": 0.8837134046554565, "box": [99, 230, 213, 300]}], "width": 768, "height": 576, "inference_ms": 80.5}"#
        let reply = try JSONDecoder().decode(DetectionReply.self, from: Data(flask.utf8))
        #expect(reply.timings == nil && reply.warnings == nil)
        #expect(reply.objects == [DetectedObject(label: "dog", classId: 16, accuracy: 0.8837134046554565, box: [99, 230, 213, 300])])
    }
}
