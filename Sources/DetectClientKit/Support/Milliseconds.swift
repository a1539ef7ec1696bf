/// Durations as the result files record them: milliseconds, rounded to the microsecond.
extension Duration {
    /// This duration in milliseconds, rounded to three decimals (microseconds).
    public var roundedMilliseconds: Double {
        let (seconds, attoseconds) = components
        let exact = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return (exact * 1000).rounded() / 1000
    }

    /// This duration in seconds, unrounded.
    public var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// Rounds a figure for a result file or a table to `places` decimals.
func rounded(_ value: Double, places: Int = 3) -> Double {
    let scale = pow10(places)
    return (value * scale).rounded() / scale
}

private func pow10(_ exponent: Int) -> Double {
    var result = 1.0
    for _ in 0..<max(0, exponent) { result *= 10 }
    return result
}
