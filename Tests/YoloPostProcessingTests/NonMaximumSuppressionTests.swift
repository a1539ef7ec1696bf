import Testing
@testable import YoloPostProcessing

/// NMS edge cases, with expectations derived from cv::dnn::NMSBoxes's definition (nms.inl.hpp).
@Suite("Non-maximum suppression")
struct NonMaximumSuppressionTests {
    func box(_ x: Int, _ y: Int, _ width: Int, _ height: Int) -> BoundingBox {
        BoundingBox(x: x, y: y, width: width, height: height)
    }

    @Test("A single box is kept")
    func singleBox() {
        #expect(nonMaximumSuppression(boxes: [box(0, 0, 10, 10)], scores: [0.9], scoreThreshold: 0.5, nmsThreshold: 0.4) == [0])
    }

    @Test("No boxes, nothing kept")
    func noBoxes() {
        #expect(nonMaximumSuppression(boxes: [], scores: [], scoreThreshold: 0.5, nmsThreshold: 0.4).isEmpty)
    }

    @Test("Scores at or below the score threshold are dropped (strict)")
    func scoreThresholdIsStrict() {
        let boxes = [box(0, 0, 10, 10), box(100, 100, 10, 10), box(200, 200, 10, 10)]
        #expect(nonMaximumSuppression(boxes: boxes, scores: [0.5, 0.50001, 0.2], scoreThreshold: 0.5, nmsThreshold: 0.4) == [1])
    }

    @Test("Equal scores keep input order, and the earlier box wins")
    func equalScoresAreStable() {
        let boxes = [box(0, 0, 10, 10), box(1, 0, 10, 10), box(500, 500, 10, 10), box(600, 600, 10, 10)]
        let kept = nonMaximumSuppression(boxes: boxes, scores: [0.7, 0.7, 0.7, 0.8], scoreThreshold: 0.1, nmsThreshold: 0.4)
        #expect(kept == [3, 0, 2])
    }

    @Test("IoU exactly at the threshold is kept; just above it is suppressed")
    func iouAtThreshold() {
        // 10x10 and a 10x10 shifted so the overlap is 40: IoU = 40 / (100 + 100 - 40) = 0.25.
        let a = box(0, 0, 10, 10)
        let b = box(6, 0, 10, 10)
        #expect(a.intersectionOverUnion(b) == 0.25)
        #expect(nonMaximumSuppression(boxes: [a, b], scores: [0.9, 0.8], scoreThreshold: 0, nmsThreshold: 0.25) == [0, 1])
        // Overlap 50: IoU = 50 / 150 = 1/3 > 0.25.
        let c = box(5, 0, 10, 10)
        #expect(nonMaximumSuppression(boxes: [a, c], scores: [0.9, 0.8], scoreThreshold: 0, nmsThreshold: 0.25) == [0])
        // IoU exactly 0.4 (inter 40, union 100: a 10x10 and a 4x10 inside it... 40/100), at the default threshold.
        let inner = box(0, 0, 4, 10)
        #expect(a.intersectionOverUnion(inner) == 0.4)
        #expect(nonMaximumSuppression(boxes: [a, inner], scores: [0.9, 0.8], scoreThreshold: 0, nmsThreshold: 0.4) == [0, 1])
    }

    @Test("Identical boxes: only the best survives")
    func identicalBoxes() {
        let boxes = Array(repeating: box(3, 4, 20, 30), count: 5)
        #expect(nonMaximumSuppression(boxes: boxes, scores: [0.6, 0.9, 0.7, 0.9, 0.8], scoreThreshold: 0.5, nmsThreshold: 0.4) == [1])
    }

    @Test("Zero-area boxes: two of them overlap fully (IoU 1), a zero-area box never suppresses a real one")
    func zeroAreaBoxes() {
        let empty = box(5, 5, 0, 10)
        #expect(empty.intersectionOverUnion(box(5, 5, 0, 3)) == 1)
        #expect(nonMaximumSuppression(boxes: [empty, box(5, 5, 0, 3)], scores: [0.9, 0.8], scoreThreshold: 0, nmsThreshold: 0.4) == [0])
        let real = box(0, 0, 10, 10)
        #expect(empty.intersectionOverUnion(real) == 0)
        #expect(nonMaximumSuppression(boxes: [empty, real], scores: [0.9, 0.8], scoreThreshold: 0, nmsThreshold: 0.4) == [0, 1])
    }

    @Test("Negative boxes follow cv::Rect: no intersection, signed areas, IoU 1 when the areas sum to <= 0")
    func negativeBoxes() {
        let negativeWidth = box(0, 0, -10, 10)  // area -100
        let positive = box(0, 0, 10, 10)  // area 100: the sum is 0, so OpenCV calls them identical
        #expect(negativeWidth.intersectionOverUnion(positive) == 1)
        #expect(nonMaximumSuppression(boxes: [positive, negativeWidth], scores: [0.9, 0.8], scoreThreshold: 0, nmsThreshold: 0.4) == [0])
        let bothNegative = box(0, 0, -10, -10)  // area +100, empty: intersection 0
        #expect(bothNegative.intersectionOverUnion(positive) == 0)
        #expect(nonMaximumSuppression(boxes: [positive, bothNegative], scores: [0.9, 0.8], scoreThreshold: 0, nmsThreshold: 0.4) == [0, 1])
    }

    @Test("Thousands of boxes: survivors never overlap above the threshold and every dropped box had a reason")
    func thousandsOfBoxes() {
        var generator = SplitMix64(seed: 42)
        let boxes = (0..<3000).map { _ in
            box(Int(generator.next() % 400), Int(generator.next() % 400), Int(generator.next() % 80) + 1, Int(generator.next() % 80) + 1)
        }
        let scores = (0..<3000).map { _ in Float(generator.next() % 1000) / 1000 }
        let kept = nonMaximumSuppression(boxes: boxes, scores: scores, scoreThreshold: 0.3, nmsThreshold: 0.4)
        #expect(!kept.isEmpty)
        #expect(zip(kept, kept.dropFirst()).allSatisfy { scores[$0] >= scores[$1] }, "best first")
        for (i, a) in kept.enumerated() {
            for b in kept[(i + 1)...] {
                #expect(openCVOverlap(boxes[a], boxes[b]) <= 0.4)
            }
        }
        let keptSet = Set(kept)
        for index in boxes.indices where scores[index] > 0.3 && !keptSet.contains(index) {
            let suppressor = kept.first { scores[$0] >= scores[index] && openCVOverlap(boxes[$0], boxes[index]) > 0.4 }
            #expect(suppressor != nil, "box \(index) was dropped without a better overlapping box")
        }
    }

    @Test("Per-class NMS never lets one class suppress another; output is by confidence")
    func perClass() {
        let candidates = [
            Candidate(classId: 2, confidence: 0.6, box: box(0, 0, 10, 10)),
            Candidate(classId: 1, confidence: 0.9, box: box(0, 0, 10, 10)),
            Candidate(classId: 2, confidence: 0.7, box: box(1, 1, 10, 10)),
        ]
        let kept = suppressPerClass(candidates, confidenceThreshold: 0.5, nmsThreshold: 0.4)
        #expect(kept.map(\.classId) == [1, 2])
        #expect(kept.map(\.confidence) == [0.9, 0.7])
    }
}

/// A small seeded generator so the large case is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
