/// Non-maximum suppression with exactly the semantics of `cv::dnn::NMSBoxes(boxes, scores, scoreThreshold,
/// nmsThreshold)` (opencv/modules/dnn/src/nms.inl.hpp, 4.6):
/// boxes with `score <= scoreThreshold` are dropped; the rest are stable-sorted by score descending (ties keep
/// input order); a box is kept iff its overlap with every box already kept is `<= nmsThreshold`.
/// Overlap is OpenCV's `1.f - (float)jaccardDistance(a, b)`: IoU in Double, then taken through Float as OpenCV does.
///
/// Returns the indices of the kept boxes, best first.
public func nonMaximumSuppression(
    boxes: [BoundingBox],
    scores: [Float],
    scoreThreshold: Float,
    nmsThreshold: Float
) -> [Int] {
    precondition(boxes.count == scores.count, "one score per box")
    var order = scores.indices.filter { scores[$0] > scoreThreshold }
    // A merge sort is stable: equal scores keep their input order, as std::stable_sort does.
    order = stableSorted(order) { scores[$0] > scores[$1] }
    var kept: [Int] = []
    for index in order {
        let keep = kept.allSatisfy { keptIndex in
            openCVOverlap(boxes[index], boxes[keptIndex]) <= nmsThreshold
        }
        if keep { kept.append(index) }
    }
    return kept
}

/// Per-class NMS over candidates (docs/detection.md step 6), then all kept candidates by confidence descending
/// (stable; classes in ascending id order, each in NMS order).
public func suppressPerClass(_ candidates: [Candidate], confidenceThreshold: Float, nmsThreshold: Float) -> [Candidate] {
    var indicesByClass: [Int: [Int]] = [:]
    for (index, candidate) in candidates.enumerated() {
        indicesByClass[candidate.classId, default: []].append(index)
    }
    var kept: [Candidate] = []
    for classId in indicesByClass.keys.sorted() {
        let members = indicesByClass[classId]!
        let survivors = nonMaximumSuppression(
            boxes: members.map { candidates[$0].box },
            scores: members.map { candidates[$0].confidence },
            scoreThreshold: confidenceThreshold,
            nmsThreshold: nmsThreshold
        )
        kept.append(contentsOf: survivors.map { candidates[members[$0]] })
    }
    return stableSorted(kept) { $0.confidence > $1.confidence }
}

/// OpenCV's `rectOverlap`: `1.f - static_cast<float>(jaccardDistance(a, b))`.
func openCVOverlap(_ a: BoundingBox, _ b: BoundingBox) -> Float {
    let jaccardDistance = 1.0 - a.intersectionOverUnion(b)
    return Float(1) - Float(jaccardDistance)
}

/// A stable sort: elements that compare equal keep their relative order.
func stableSorted<Element>(_ elements: [Element], by areInIncreasingOrder: (Element, Element) -> Bool) -> [Element] {
    elements.enumerated()
        .sorted { lhs, rhs in
            if areInIncreasingOrder(lhs.element, rhs.element) { return true }
            if areInIncreasingOrder(rhs.element, lhs.element) { return false }
            return lhs.offset < rhs.offset
        }
        .map(\.element)
}
