import Foundation

/// Plots drawn as standalone SVG markup (XML-safe, no scripts, no external resources), for the HTML report.
enum SVGChart {
    /// One data series: a name for the legend, a fill colour, and a value per category (nil: no bar).
    struct Series {
        var name: String
        var color: String
        var values: [Double?]
    }

    static let width = 880.0

    /// Horizontal bars, one group per category (e.g. per image), one bar per series, with the value at its end.
    static func groupedBars(title: String, categories: [String], series: [Series], unit: String) -> String {
        let left = 150.0, right = 70.0, top = 56.0, bottom = 36.0
        let barHeight = 11.0, barGap = 2.0, groupGap = 10.0
        let groupHeight = Double(series.count) * (barHeight + barGap) - barGap + groupGap
        let plotHeight = max(groupHeight * Double(categories.count), groupHeight)
        let height = top + plotHeight + bottom
        let plotWidth = width - left - right
        let maximum = series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0
        let axis = niceAxis(maximum: maximum)
        func x(_ value: Double) -> Double { left + plotWidth * value / axis.maximum }

        var svg = header(height: height, title: title)
        svg += legend(series, y: 36)
        for tick in axis.ticks {
            svg += line(x1: x(tick), y1: top - 4, x2: x(tick), y2: top + plotHeight, stroke: "#dddddd")
            svg += text(format(tick), x: x(tick), y: top + plotHeight + 16, anchor: "middle", size: 11, fill: "#555555")
        }
        svg += text(unit, x: left + plotWidth / 2, y: height - 4, anchor: "middle", size: 11, fill: "#555555")
        for (index, category) in categories.enumerated() {
            let groupTop = top + Double(index) * groupHeight
            svg += text(shorten(category), x: left - 8, y: groupTop + (groupHeight - groupGap) / 2 + 4, anchor: "end", size: 12, fill: "#222222")
            for (seriesIndex, entry) in series.enumerated() {
                let y = groupTop + Double(seriesIndex) * (barHeight + barGap)
                guard seriesIndex < entry.values.count, let value = entry.values[index] else {
                    svg += text("none", x: left + 4, y: y + barHeight - 2, anchor: "start", size: 10, fill: "#999999")
                    continue
                }
                svg += "<rect x=\"\(f(left))\" y=\"\(f(y))\" width=\"\(f(max(0.5, x(value) - left)))\" height=\"\(f(barHeight))\" fill=\"\(entry.color)\"><title>\(escape("\(category), \(entry.name): \(format(value)) \(unit)"))</title></rect>\n"
                svg += text(format(value), x: x(value) + 4, y: y + barHeight - 2, anchor: "start", size: 10, fill: "#333333")
            }
        }
        svg += line(x1: left, y1: top - 4, x2: left, y2: top + plotHeight, stroke: "#333333")
        return svg + "</svg>\n"
    }

    /// Empirical distribution functions (share of images at or below each value), one step line per series.
    static func distribution(title: String, series: [Series], unit: String) -> String {
        let left = 60.0, right = 30.0, top = 56.0, bottom = 44.0, plotHeight = 260.0
        let height = top + plotHeight + bottom
        let plotWidth = width - left - right
        let maximum = series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0
        let axis = niceAxis(maximum: maximum)
        func x(_ value: Double) -> Double { left + plotWidth * value / axis.maximum }
        func y(_ share: Double) -> Double { top + plotHeight * (1 - share) }

        var svg = header(height: height, title: title)
        svg += legend(series, y: 36)
        for tick in axis.ticks {
            svg += line(x1: x(tick), y1: top, x2: x(tick), y2: top + plotHeight, stroke: "#dddddd")
            svg += text(format(tick), x: x(tick), y: top + plotHeight + 16, anchor: "middle", size: 11, fill: "#555555")
        }
        for share in [0.0, 0.25, 0.5, 0.75, 1.0] {
            svg += line(x1: left, y1: y(share), x2: left + plotWidth, y2: y(share), stroke: "#eeeeee")
            svg += text("\(Int(share * 100))%", x: left - 6, y: y(share) + 4, anchor: "end", size: 11, fill: "#555555")
        }
        svg += text(unit, x: left + plotWidth / 2, y: height - 8, anchor: "middle", size: 11, fill: "#555555")
        for entry in series {
            let values = entry.values.compactMap { $0 }.sorted()
            guard !values.isEmpty else { continue }
            var points = [(x(0), y(0)), (x(values[0]), y(0))]
            for (index, value) in values.enumerated() {
                let share = Double(index + 1) / Double(values.count)
                points.append((x(value), points.last!.1))
                points.append((x(value), y(share)))
            }
            points.append((x(axis.maximum), y(1)))
            let path = points.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
            svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(entry.color)\" stroke-width=\"2\"><title>\(escape(entry.name))</title></polyline>\n"
        }
        svg += line(x1: left, y1: top, x2: left, y2: top + plotHeight, stroke: "#333333")
        svg += line(x1: left, y1: top + plotHeight, x2: left + plotWidth, y2: top + plotHeight, stroke: "#333333")
        return svg + "</svg>\n"
    }

    /// Histograms on one shared axis: per bin (equal widths from 0), one vertical bar per series, its height the
    /// share of that series' values in the bin; the count is in each bar's tooltip.
    static func histogram(title: String, series: [(name: String, color: String, bins: [Distribution.Bin])], unit: String) -> String {
        let left = 60.0, right = 30.0, top = 56.0, bottom = 44.0, plotHeight = 220.0
        let height = top + plotHeight + bottom
        let plotWidth = width - left - right
        let binCount = series.map(\.bins.count).max() ?? 0
        let upper = series.compactMap { $0.bins.last?.upperMilliseconds }.max() ?? 1
        func share(_ bin: Distribution.Bin, of entry: [Distribution.Bin]) -> Double {
            let total = entry.reduce(0) { $0 + $1.count }
            return total > 0 ? Double(bin.count) / Double(total) : 0
        }
        let maximumShare = series.flatMap { entry in entry.bins.map { share($0, of: entry.bins) } }.max() ?? 0
        let axis = niceAxis(maximum: maximumShare * 100)
        func y(_ percent: Double) -> Double { top + plotHeight * (1 - percent / axis.maximum) }
        func x(_ value: Double) -> Double { left + plotWidth * value / max(upper, 1e-9) }

        var svg = header(height: height, title: title)
        svg += legend(series.map { Series(name: $0.name, color: $0.color, values: []) }, y: 36)
        for tick in axis.ticks {
            svg += line(x1: left, y1: y(tick), x2: left + plotWidth, y2: y(tick), stroke: "#eeeeee")
            svg += text("\(format(tick))%", x: left - 6, y: y(tick) + 4, anchor: "end", size: 11, fill: "#555555")
        }
        for tick in niceAxis(maximum: upper).ticks where tick <= upper {
            svg += text(format(tick), x: x(tick), y: top + plotHeight + 16, anchor: "middle", size: 11, fill: "#555555")
        }
        svg += text(unit, x: left + plotWidth / 2, y: height - 8, anchor: "middle", size: 11, fill: "#555555")
        let slot = plotWidth / Double(max(1, binCount))
        let barWidth = max(1, (slot - 2) / Double(max(1, series.count)))
        for (seriesIndex, entry) in series.enumerated() {
            for (index, bin) in entry.bins.enumerated() where bin.count > 0 {
                let percent = share(bin, of: entry.bins) * 100
                let barX = left + Double(index) * slot + 1 + Double(seriesIndex) * barWidth
                svg += "<rect x=\"\(f(barX))\" y=\"\(f(y(percent)))\" width=\"\(f(barWidth))\" height=\"\(f(max(0.5, top + plotHeight - y(percent))))\" fill=\"\(entry.color)\"><title>\(escape("\(entry.name): \(bin.count) in \(format(bin.lowerMilliseconds))–\(format(bin.upperMilliseconds)) \(unit)"))</title></rect>\n"
            }
        }
        svg += line(x1: left, y1: top, x2: left, y2: top + plotHeight, stroke: "#333333")
        svg += line(x1: left, y1: top + plotHeight, x2: left + plotWidth, y2: top + plotHeight, stroke: "#333333")
        return svg + "</svg>\n"
    }

    /// Lines through points (x ascending) on linear axes from 0, with an optional vertical marker (e.g. a
    /// break-even load) labelled at its top.
    static func lines(title: String, xLabel: String, yLabel: String, series: [(name: String, color: String, points: [(Double, Double)])],
                      marker: (x: Double, label: String)?) -> String {
        let left = 70.0, right = 30.0, top = 56.0, bottom = 44.0, plotHeight = 260.0
        let height = top + plotHeight + bottom
        let plotWidth = width - left - right
        let xAxis = niceAxis(maximum: series.flatMap { $0.points.map(\.0) }.max() ?? 0)
        let yAxis = niceAxis(maximum: series.flatMap { $0.points.map(\.1) }.max() ?? 0)
        func x(_ value: Double) -> Double { left + plotWidth * min(value, xAxis.maximum) / xAxis.maximum }
        func y(_ value: Double) -> Double { top + plotHeight * (1 - min(value, yAxis.maximum) / yAxis.maximum) }

        var svg = header(height: height, title: title)
        svg += legend(series.map { Series(name: $0.name, color: $0.color, values: []) }, y: 36)
        for tick in xAxis.ticks {
            svg += line(x1: x(tick), y1: top, x2: x(tick), y2: top + plotHeight, stroke: "#eeeeee")
            svg += text(format(tick), x: x(tick), y: top + plotHeight + 16, anchor: "middle", size: 11, fill: "#555555")
        }
        for tick in yAxis.ticks {
            svg += line(x1: left, y1: y(tick), x2: left + plotWidth, y2: y(tick), stroke: "#eeeeee")
            svg += text(money(tick), x: left - 6, y: y(tick) + 4, anchor: "end", size: 11, fill: "#555555")
        }
        svg += text(xLabel, x: left + plotWidth / 2, y: height - 8, anchor: "middle", size: 11, fill: "#555555")
        svg += text(yLabel, x: left, y: top - 8, anchor: "start", size: 11, fill: "#555555")
        for entry in series where !entry.points.isEmpty {
            let path = entry.points.map { "\(f(x($0.0))),\(f(y($0.1)))" }.joined(separator: " ")
            svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(entry.color)\" stroke-width=\"2\"><title>\(escape(entry.name))</title></polyline>\n"
        }
        if let marker, marker.x <= xAxis.maximum {
            svg += "<line x1=\"\(f(x(marker.x)))\" y1=\"\(f(top))\" x2=\"\(f(x(marker.x)))\" y2=\"\(f(top + plotHeight))\" stroke=\"#2ca02c\" stroke-width=\"1.5\" stroke-dasharray=\"5,4\"/>\n"
            let anchor = x(marker.x) > left + plotWidth * 0.7 ? "end" : "start"
            svg += text(marker.label, x: x(marker.x) + (anchor == "end" ? -4 : 4), y: top + 12, anchor: anchor, size: 11, fill: "#2ca02c")
        }
        svg += line(x1: left, y1: top, x2: left, y2: top + plotHeight, stroke: "#333333")
        svg += line(x1: left, y1: top + plotHeight, x2: left + plotWidth, y2: top + plotHeight, stroke: "#333333")
        return svg + "</svg>\n"
    }

    /// `$0.09`, `$1.20`, `$0.0045`: two significant decimals below a cent.
    static func money(_ value: Double) -> String {
        if value == 0 { return "$0" }
        if value >= 0.01 { return String(format: "$%.2f", value) }
        return String(format: "$%.2g", value)
    }

    // MARK: Pieces

    /// An axis from 0 to a round number at or above `maximum`, with at most 6 ticks at steps of 1, 2, 2.5 or 5 × 10^n.
    static func niceAxis(maximum: Double) -> (maximum: Double, ticks: [Double]) {
        guard maximum > 0, maximum.isFinite else { return (1, [0, 0.5, 1]) }
        let rough = maximum / 5
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2.0, 2.5, 5.0, 10.0].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        let top = ceil(maximum / step) * step
        let count = Int((top / step).rounded())
        return (top, (0...count).map { Double($0) * step })
    }

    private static func header(height: Double, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"sans-serif\">\n"
            + "<title>\(escape(title))</title>\n"
            + text(title, x: 10, y: 20, anchor: "start", size: 15, fill: "#111111", weight: "bold")
    }

    private static func legend(_ series: [Series], y: Double) -> String {
        var svg = ""
        var x = 10.0
        for entry in series {
            svg += "<rect x=\"\(f(x))\" y=\"\(f(y - 10))\" width=\"12\" height=\"12\" fill=\"\(entry.color)\"/>\n"
            svg += text(entry.name, x: x + 17, y: y, anchor: "start", size: 12, fill: "#222222")
            x += 17 + Double(entry.name.count) * 7 + 24
        }
        return svg
    }

    private static func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String) -> String {
        "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(stroke)\" stroke-width=\"1\"/>\n"
    }

    private static func text(_ content: String, x: Double, y: Double, anchor: String, size: Int, fill: String,
                             weight: String = "normal") -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\" font-weight=\"\(weight)\" fill=\"\(fill)\">\(escape(content))</text>\n"
    }

    private static func shorten(_ text: String) -> String {
        text.count > 22 ? String(text.prefix(20)) + "…" : text
    }

    /// A figure for a label: no decimals for whole numbers and from 100 up, one below.
    static func format(_ value: Double) -> String {
        value >= 100 || value == value.rounded() ? String(format: "%.0f", value) : String(format: "%.1f", value)
    }

    private static func f(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    /// Text safe inside an XML element or a quoted attribute.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // XML 1.0 forbids C0 control characters other than tab, line feed and carriage return.
                if let ascii = character.asciiValue, ascii < 0x20, ascii != 0x09, ascii != 0x0A, ascii != 0x0D {
                    out += "?"
                } else {
                    out.append(character)
                }
            }
        }
        return out
    }
}
