import Testing
import YoloPostProcessing

@Suite("Candidate decoding")
struct CandidateDecodingTests {
    /// A row `[cx, cy, w, h, objectness, scores...]` with `classes` scores.
    func row(_ cx: Float, _ cy: Float, _ w: Float, _ h: Float, scores: [Int: Float], classes: Int = 4) -> [Float] {
        [cx, cy, w, h, 0.99] + (0..<classes).map { scores[$0] ?? 0 }
    }

    func decode(_ rows: [[Float]], width: Int = 200, height: Int = 100, threshold: Float = 0.5) -> [Candidate] {
        var candidates: [Candidate] = []
        let flat = rows.flatMap { $0 }
        flat.withUnsafeBufferPointer {
            decodeCandidates(rows: $0, columns: rows.first?.count ?? 9, imageWidth: width, imageHeight: height,
                             confidenceThreshold: threshold, into: &candidates)
        }
        return candidates
    }

    @Test("Class is the first index of the maximum score; confidence is that score, not objectness")
    func firstMaximum() {
        let candidates = decode([row(0.5, 0.5, 0.1, 0.1, scores: [1: 0.8, 3: 0.8])])
        #expect(candidates.map(\.classId) == [1])
        #expect(candidates.map(\.confidence) == [0.8])
    }

    @Test("Threshold is strict")
    func strictThreshold() {
        #expect(decode([row(0.5, 0.5, 0.1, 0.1, scores: [0: 0.5])]).isEmpty)
        #expect(decode([row(0.5, 0.5, 0.1, 0.1, scores: [0: 0.5000001])]).count == 1)
    }

    @Test("Boxes are in pixels, truncated toward zero, not clipped")
    func boxArithmetic() {
        // cx = 0.01 * 200 = 2, w = 0.1 * 200 = 20 -> x = trunc(2 - 10) = -8; cy = 50, h = 50.5 -> y = trunc(24.75) = 24.
        let candidates = decode([row(0.01, 0.5, 0.1, 0.505, scores: [2: 0.9])])
        #expect(candidates.first?.box == BoundingBox(x: -8, y: 24, width: 20, height: 50))
        // Truncation toward zero for a negative fraction: cx - w/2 = -0.5 -> 0.
        let nearEdge = decode([row(0.0475, 0.5, 0.1, 0.1, scores: [2: 0.9])])
        #expect(nearEdge.first?.box.x == 0)
    }

    @Test("Rows come out in order across calls (layer order then row order)")
    func order() {
        var candidates: [Candidate] = []
        for rows in [[row(0.5, 0.5, 0.1, 0.1, scores: [3: 0.6])], [row(0.5, 0.5, 0.1, 0.1, scores: [0: 0.9])]] {
            rows.flatMap { $0 }.withUnsafeBufferPointer {
                decodeCandidates(rows: $0, columns: 9, imageWidth: 10, imageHeight: 10, confidenceThreshold: 0.5, into: &candidates)
            }
        }
        #expect(candidates.map(\.classId) == [3, 0])
    }
}
