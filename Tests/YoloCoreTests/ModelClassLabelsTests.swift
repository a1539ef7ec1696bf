import Foundation
import Testing
import TestSupport
import YoloCore

@Suite("The model's class labels")
struct ModelClassLabelsTests {
    @Test("The model's coco.names has 80 labels, from person to toothbrush")
    func cocoNames() throws {
        let text = try String(contentsOfFile: Fixtures.modelDirectory + "/coco.names", encoding: .utf8)
        let labels = ClassLabels(parsing: text)
        #expect(labels.count == 80)
        #expect(labels.label(for: 0) == "person")
        #expect(labels.label(for: 79) == "toothbrush")
    }
}
