/// Turns YOLO output rows into candidates, per docs/detection.md steps 4–5.
///
/// Each row is `[cx, cy, w, h, objectness, score_0 … score_n]` with coordinates relative to the image.
/// `class` is the first index of the maximum score, `confidence` that score; a row is kept iff
/// `confidence > confidenceThreshold` (strict). The box is computed in Double from the Float outputs and
/// truncated toward zero: `[trunc(cx - w/2), trunc(cy - h/2), trunc(w), trunc(h)]`, not clipped.
/// Candidates come out in row order, appended to `candidates`.
public func decodeCandidates(
    rows: UnsafeBufferPointer<Float>,
    columns: Int,
    imageWidth: Int,
    imageHeight: Int,
    confidenceThreshold: Float,
    into candidates: inout [Candidate]
) {
    guard columns > 5 else { return }
    let rowCount = rows.count / columns
    let width = Double(imageWidth)
    let height = Double(imageHeight)
    for rowIndex in 0..<rowCount {
        let row = rowIndex * columns
        var bestClass = 0
        var bestScore = rows[row + 5]
        for column in (row + 6)..<(row + columns) where rows[column] > bestScore {
            bestScore = rows[column]
            bestClass = column - row - 5
        }
        guard bestScore > confidenceThreshold else { continue }
        let centerX = Double(rows[row]) * width
        let centerY = Double(rows[row + 1]) * height
        let boxWidth = Double(rows[row + 2]) * width
        let boxHeight = Double(rows[row + 3]) * height
        let box = BoundingBox(
            x: Int(centerX - boxWidth / 2),
            y: Int(centerY - boxHeight / 2),
            width: Int(boxWidth),
            height: Int(boxHeight)
        )
        candidates.append(Candidate(classId: bestClass, confidence: bestScore, box: box))
    }
}
