import DetectLambda
import Foundation
import Testing

@Suite struct InvocationSummaryTests {
    @Test("the invocation summary's JSON shape")
    func summary() throws {
        let summary = InvocationSummary(
            processed: 1, failed: 1, skipped: 2,
            items: [.init(id: "a", status: "ok", objects: 3), .init(id: "b", status: "failed", objects: 0)])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(String(decoding: try encoder.encode(summary), as: UTF8.self) == """
            {"failed":1,"items":[{"id":"a","objects":3,"status":"ok"},{"id":"b","objects":0,"status":"failed"}],"processed":1,"skipped":2}
            """)
    }
}
