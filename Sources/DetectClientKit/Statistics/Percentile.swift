/// The `fraction` quantile (0...1) of ascending `sorted` values, interpolated linearly between the two nearest
/// ranks: `h = (n - 1) × fraction`, `x[⌊h⌋] + (h - ⌊h⌋) × (x[⌊h⌋ + 1] - x[⌊h⌋])`. This is Hyndman & Fan's
/// type 7, the default of numpy.percentile and R's quantile; nil for no values.
public func percentile(ofSorted sorted: [Double], _ fraction: Double) -> Double? {
    guard let first = sorted.first else { return nil }
    guard sorted.count > 1 else { return first }
    let clamped = min(max(fraction, 0), 1)
    let position = Double(sorted.count - 1) * clamped
    let lower = Int(position.rounded(.down))
    let upper = min(lower + 1, sorted.count - 1)
    let weight = position - Double(lower)
    return sorted[lower] + weight * (sorted[upper] - sorted[lower])
}
