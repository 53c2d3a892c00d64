import Foundation

/// Charts from block characters, with axes and labels: bars, a line, sparklines and a heat map.
enum ChartWidget {
    static let blocks: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let shades: [Character] = ["·", "░", "▒", "▓", "█"]

    typealias Point = (month: String, value: Double)

    /// Where a chart's plot lies once its title, y axis and month labels are drawn.
    struct Plot {
        let left: Int
        let top: Int
        let height: Int
        /// Columns per month.
        let step: Int
        /// History, then forecast months.
        let points: [Point]
        let maximum: Double
        /// The value at the baseline: zero, or a line's least value when it is fitted.
        var minimum = 0.0
        /// How many of the last `points` are forecast: the last months of `band`.
        let forecastCount: Int
        let band: Predictions.Band?

        /// The plot's row of a value: the top row its maximum, the bottom its minimum.
        func row(_ value: Double) -> Int {
            let span = maximum - minimum
            return height - 1 - Int(((value - minimum) / (span > 0 ? span : 1) * Double(height - 1)).rounded())
        }
    }

    /// A bar chart of monthly values filling the rectangle; the y axis on the left, months
    /// below; a forecast's months after them, dim, with its intervals.
    static func bars(
        _ points: [Point], forecast: Predictions.Band? = nil, title: String, x: Int, y: Int, width: Int, height: Int,
        into buffer: inout CellBuffer
    ) {
        guard
            let plot = frame(
                points, forecast: forecast, title: title, x: x, y: y, width: width, height: height, into: &buffer)
        else { return }
        for (i, point) in plot.points.enumerated() {
            let isForecast = i >= plot.points.count - plot.forecastCount
            // Eighths of a row per unit of height, filled from the bottom.
            let eighths = Int((point.value / plot.maximum * Double(plot.height * 8)).rounded())
            for row in 0..<plot.height {
                let fill = max(0, min(8, eighths - (plot.height - 1 - row) * 8))
                if fill > 0 {
                    buffer.write(
                        String(blocks[fill]), x: plot.left + i * plot.step, y: plot.top + row,
                        style: isForecast ? .dim : .warning)
                }
            }
        }
        intervals(plot, beside: true, into: &buffer)
    }

    /// A forecast's 80 % interval (│) inside its 95 % one (┊), a column per forecast month:
    /// beside its bar when the months have two columns (`beside`), on its dot otherwise.
    static func intervals(_ plot: Plot, beside: Bool, into buffer: inout CellBuffer) {
        guard let forecast = plot.band, plot.forecastCount > 0 else { return }
        let first = plot.points.count - plot.forecastCount
        let skipped = forecast.months.count - plot.forecastCount
        let offset = beside && plot.step > 1 ? 1 : 0
        func row(_ value: Double) -> Int { plot.row(max(0, value)) }
        for k in 0..<plot.forecastCount {
            let column = plot.left + (first + k) * plot.step + offset
            let m = skipped + k
            let (top95, bottom95) = (row(forecast.upper95[m]), row(forecast.lower95[m]))
            let (top80, bottom80) = (row(forecast.upper80[m]), row(forecast.lower80[m]))
            for r in top95...bottom95 {
                let inner = r >= top80 && r <= bottom80
                buffer.write(inner ? "│" : "┊", x: column, y: plot.top + r, style: inner ? .normal : .dim)
            }
        }
    }

    /// A line through monthly values: a dot per month, joined by rounded strokes in the
    /// column between two months (or, when months are packed, in the month's own column).
    ///
    /// `fitted`: the y axis runs from the least value to the greatest rather than from zero,
    /// so that a figure that moves within a few percent (availability) shows its movement.
    static func line(
        _ points: [Point], forecast: Predictions.Band? = nil, title: String, x: Int, y: Int, width: Int, height: Int,
        fitted: Bool = false, into buffer: inout CellBuffer
    ) {
        guard
            let plot = frame(
                points, forecast: forecast, title: title, x: x, y: y, width: width, height: height, fitted: fitted,
                into: &buffer)
        else { return }
        intervals(plot, beside: false, into: &buffer)
        let rows = plot.points.map { plot.row($0.value) }
        for (i, row) in rows.enumerated() where i > 0 {
            let previous = rows[i - 1]
            let column = plot.left + i * plot.step - (plot.step > 1 ? 1 : 0)
            for r in min(previous, row)...max(previous, row) {
                let stroke: Character =
                    if plot.step == 1 { "│" } else if previous == row { "─" } else if r == previous {
                        row > previous ? "╮" : "╯"
                    } else if r == row { row > previous ? "╰" : "╭" } else { "│" }
                buffer.write(String(stroke), x: column, y: plot.top + r, style: .warning)
            }
        }
        for (i, row) in rows.enumerated() {
            let isForecast = i >= plot.points.count - plot.forecastCount
            buffer.write(isForecast ? "○" : "●", x: plot.left + i * plot.step, y: plot.top + row, style: .alert)
        }
    }

    /// Title, y axis with its maximum, half and zero, the baseline and month labels (every
    /// January and the first month); nil when there is no room or no data. A forecast's
    /// months follow the history's, and its intervals count towards the maximum.
    static func frame(
        _ history: [Point], forecast: Predictions.Band? = nil, title: String, x: Int, y: Int, width: Int, height: Int,
        fitted: Bool = false, into buffer: inout CellBuffer
    ) -> Plot? {
        buffer.write(title, x: x, y: y, style: .header, maxWidth: width)
        let plotHeight = height - 3
        let ahead = forecast?.after(history.last?.month)
        let points = history + zip(ahead?.months ?? [], ahead?.values ?? []).map { (month: $0, value: $1) }
        guard plotHeight >= 2, !points.isEmpty else {
            buffer.write("no data yet", x: x, y: y + 1, style: .dim)
            return nil
        }
        let greatest = max(points.map(\.value).max() ?? 0, ahead?.upper95.max() ?? 0)
        let least = fitted ? (points.map(\.value).min() ?? 0) : 0
        let maximum = fitted ? greatest : max(greatest, 1)
        let minimum = fitted && greatest > least ? least : (fitted ? least - 1 : 0)
        // A fitted axis over a narrow range needs its tenths.
        let label = { (v: Double) in fitted && maximum - minimum < 10 ? String(format: "%.1f", v) : format(v) }
        let labels = [label(maximum), label((maximum + minimum) / 2), label(minimum)]
        let axisWidth = (labels.map(\.count).max() ?? 0) + 1
        let step = (width - axisWidth) / max(1, points.count) >= 2 ? 2 : 1
        let shown = Array(points.suffix(max(0, (width - axisWidth) / step)))
        for row in 0..<plotHeight {
            let label =
                row == 0 ? labels[0] : (row == plotHeight / 2 ? labels[1] : (row == plotHeight - 1 ? labels[2] : ""))
            buffer.write(label.leftPadded(axisWidth - 1) + "│", x: x, y: y + 1 + row, style: .dim)
        }
        let baseline = y + 1 + plotHeight
        buffer.write(
            String(repeating: "─", count: max(0, min(width - axisWidth, shown.count * step))), x: x + axisWidth,
            y: baseline, style: .dim)
        monthLabels(shown.map(\.month), left: x + axisWidth, step: step, y: baseline + 1, into: &buffer)
        return Plot(
            left: x + axisWidth, top: y + 1, height: plotHeight, step: step, points: shown, maximum: maximum,
            minimum: minimum, forecastCount: min(shown.count, ahead?.months.count ?? 0), band: ahead)
    }

    static func monthLabels(_ months: [String], left: Int, step: Int, y: Int, into buffer: inout CellBuffer) {
        var lastEnd = -1
        for (i, month) in months.enumerated() where i == 0 || month.hasSuffix("-01") {
            let column = left + i * step
            guard column > lastEnd else { continue }
            buffer.write(month, x: column, y: y, style: .dim)
            lastEnd = column + month.count
        }
    }

    /// Rows of monthly values as shades, all on one scale so rows compare: which class fails
    /// when. Each row is labelled with its name and total; months below.
    static func heatMap(
        _ rows: [(name: String, values: [Double])], months: [String], x: Int, y: Int, width: Int,
        into buffer: inout CellBuffer
    ) {
        let labelWidth = 19
        let columns = min(months.count, max(0, width - labelWidth))
        let maximum = max(rows.flatMap { $0.values.suffix(columns) }.max() ?? 0, 1)
        for (r, row) in rows.enumerated() {
            let total = Int(row.values.reduce(0, +))
            buffer.write(
                "\(row.name.padding(12)) \(String(total).leftPadded(5)) ", x: x, y: y + r, style: .normal,
                maxWidth: labelWidth)
            for (c, value) in row.values.suffix(columns).enumerated() {
                // Quarters of the maximum, rounded up: any failure at all shows.
                let shade = value <= 0 ? 0 : max(1, Int((value / maximum * Double(shades.count - 1)).rounded(.up)))
                buffer.write(
                    String(shades[shade]), x: x + labelWidth + c, y: y + r, style: value <= 0 ? .dim : .warning)
            }
        }
        monthLabels(Array(months.suffix(columns)), left: x + labelWidth, step: 1, y: y + rows.count, into: &buffer)
    }

    /// One row of bars: a month each, scaled to the series' own maximum.
    static func sparkline(_ values: [Double], width: Int) -> String {
        let shown = values.suffix(width)
        let maximum = max(shown.max() ?? 0, 1)
        return String(shown.map { blocks[Int(($0 / maximum * 8).rounded())] })
    }

    static func format(_ value: Double) -> String {
        value >= 10_000 ? "\(Int(value / 1000))k" : String(Int(value.rounded()))
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
