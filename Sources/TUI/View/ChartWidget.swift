/// Bar charts and sparklines from block characters, with axes and labels.
enum ChartWidget {
    static let blocks: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// A bar chart of monthly values filling the rectangle; the y axis on the left, months below.
    static func bars(_ points: [(month: String, value: Double)], title: String, x: Int, y: Int, width: Int, height: Int, into buffer: inout CellBuffer) {
        buffer.write(title, x: x, y: y, style: .header, maxWidth: width)
        let plotHeight = height - 3
        guard plotHeight >= 2, !points.isEmpty else {
            buffer.write("no data yet", x: x, y: y + 1, style: .dim)
            return
        }
        let maximum = max(points.map(\.value).max() ?? 0, 1)
        let labels = [format(maximum), format(maximum / 2), "0"]
        let axisWidth = labels.map(\.count).max()! + 1
        let step = max(1, (width - axisWidth) / max(1, points.count) >= 2 ? 2 : 1)
        let shown = Array(points.suffix((width - axisWidth) / step))
        for row in 0..<plotHeight {
            let yy = y + 1 + row
            if row == 0 { buffer.write(labels[0].leftPadded(axisWidth - 1), x: x, y: yy, style: .dim) }
            if row == plotHeight / 2 { buffer.write(labels[1].leftPadded(axisWidth - 1), x: x, y: yy, style: .dim) }
            if row == plotHeight - 1 { buffer.write(labels[2].leftPadded(axisWidth - 1), x: x, y: yy, style: .dim) }
            buffer.write("│", x: x + axisWidth - 1, y: yy, style: .dim)
        }
        for (i, point) in shown.enumerated() {
            // Eighths of a row per unit of height, filled from the bottom.
            let eighths = Int((point.value / maximum * Double(plotHeight * 8)).rounded())
            for row in 0..<plotHeight {
                let fromBottom = plotHeight - 1 - row
                let fill = max(0, min(8, eighths - fromBottom * 8))
                if fill > 0 { buffer.write(String(blocks[fill]), x: x + axisWidth + i * step, y: y + 1 + row, style: .warning) }
            }
        }
        let baseline = y + 1 + plotHeight
        buffer.write(String(repeating: "─", count: max(0, min(width - axisWidth, shown.count * step))), x: x + axisWidth, y: baseline, style: .dim)
        // Month labels where there is room: every January, and the first month.
        var lastEnd = -1
        for (i, point) in shown.enumerated() where i == 0 || point.month.hasSuffix("-01") {
            let column = x + axisWidth + i * step
            guard column > lastEnd else { continue }
            buffer.write(point.month, x: column, y: baseline + 1, style: .dim)
            lastEnd = column + point.month.count
        }
    }

    /// One row of bars: a month each, scaled to the series' own maximum.
    static func sparkline(_ values: [Double], width: Int) -> String {
        let shown = values.suffix(width)
        let maximum = max(shown.max() ?? 0, 1)
        return String(shown.map { blocks[Int(($0 / maximum * 8).rounded())] })
    }

    static func format(_ value: Double) -> String {
        value >= 10_000 ? "\(Int(value / 1000))k" : (value == value.rounded() ? "\(Int(value))" : String(Int(value.rounded())))
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
