import Testing
import YoloPostProcessing

@Suite("Class labels")
struct ClassLabelsTests {
    @Test("With and without a trailing newline, the same labels")
    func trailingNewline() {
        #expect(ClassLabels(parsing: "person\nbicycle\ncar").names == ["person", "bicycle", "car"])
        #expect(ClassLabels(parsing: "person\nbicycle\ncar\n").names == ["person", "bicycle", "car"])
    }

    @Test("CRLF line ends and labels with spaces")
    func crlf() {
        #expect(ClassLabels(parsing: "traffic light\r\nfire hydrant\r\n").names == ["traffic light", "fire hydrant"])
    }

    @Test("An empty line inside keeps the indices of the lines after it")
    func emptyLineKeepsIndices() {
        let labels = ClassLabels(parsing: "a\n\nc\n")
        #expect(labels.label(for: 2) == "c")
        #expect(labels.count == 3)
    }

    @Test("An id past the end gets a readable name")
    func unknownId() {
        #expect(ClassLabels(parsing: "a").label(for: 7) == "class 7")
    }
}
