import Analytics
import Domain
import Export
import Foundation

/// The KPI pane: the table by grouping with trend arrows and sparklines, the selected
/// figure's trend, availability by vehicle and week, cost against availability, repair times.
extension Render {
    static let dashboardKeys = "b by · p span · ←→ figure · Enter why · x export · t l w s r views"

    static func dashboard(_ state: AppState, _ buffer: inout CellBuffer) {
        let d = state.dashboard
        guard let data = d.data, d.error == nil else {
            summary("KPIs by \(d.grouping.rawValue) · \(dashboardKeys)", filter: "", filtering: false, &buffer)
            if let error = d.error {
                buffer.write(
                    "The figures could not be computed: \(error)", x: 1, y: 3, style: .alert, maxWidth: buffer.width - 2
                )
            } else {
                buffer.write("Computing the figures…", x: 1, y: 3, style: .dim)
            }
            return
        }
        let span = data.span.label(nil)
        switch d.view {
        case .table:
            summary(
                "KPIs by \(d.grouping.rawValue), \(span) · \(dashboardKeys)", filter: d.rows.filter,
                filtering: state.isFiltering, &buffer)
            kpiTable(state, data, &buffer)
        case .trend:
            let row = d.rows.selectedRow
            let figure = d.selectedFigure
            summary(
                "\(figure.rawValue) of \(row?.group ?? "-") per month, and its trend · j/k group · \(dashboardKeys)",
                filter: "", filtering: false, &buffer)
            guard let row, let trend = data.trends[row.group]?[figure] else {
                buffer.write("no months to chart", x: 1, y: 3, style: .dim)
                return
            }
            buffer.write(
                trendSentence(trend), x: 1, y: 2, style: trendStyle(trend.direction), maxWidth: buffer.width - 2)
            // Shares in percent; the axis runs from the least month to the greatest.
            let scale = figure.isShare ? 100.0 : 1
            let points = trend.months.compactMap { m in
                m.value.map { (month: m.period.label(.month), value: $0 * scale) }
            }
            ChartWidget.line(
                points,
                title: "\(figure.heading) (\(figure.rawValue)\(figure.isShare ? ", %" : "")), \(row.group)", x: 1,
                y: 3, width: buffer.width - 2, height: buffer.height - 4, fitted: true, into: &buffer)
        case .heatMap:
            summary(
                "Availability by vehicle and week, the least available first · \(dashboardKeys)", filter: "",
                filtering: false, &buffer)
            availabilityHeatMap(data, &buffer)
        case .scatter:
            summary(
                "Cost per 1,000 km against availability, per vehicle, \(span) · \(dashboardKeys)", filter: "",
                filtering: false, &buffer)
            scatter(data, &buffer)
        case .repairTimes:
            summary(
                "Time to restore of corrective orders released \(span): how MTTR is made · \(dashboardKeys)",
                filter: "",
                filtering: false, &buffer)
            histogram(data.repairHours, &buffer)
        }
    }

    static func kpiTable(_ state: AppState, _ data: DashboardData, _ buffer: inout CellBuffer) {
        let d = state.dashboard
        let figures = d.figures
        let selected = d.selectedFigure
        // As many figures as fit after the group's name and the sparkline, from the selected one's left.
        let nameWidth = d.grouping == .vehicle ? 10 : 14
        let cellWidth = 11
        let sparkWidth = buffer.width >= 120 ? 26 : 14
        let fit = max(1, (buffer.width - nameWidth - sparkWidth - 2) / (cellWidth + 1))
        let first = max(0, min(d.figure - fit / 2, figures.count - fit))
        let shown = Array(figures.dropFirst(first).prefix(fit))
        var columns: [TableWidget.Column] = [.init(title: d.grouping.rawValue.uppercased(), width: nameWidth)]
        columns += shown.map {
            .init(title: $0 == selected ? "▸" + $0.heading : $0.heading, width: cellWidth, alignRight: true)
        }
        columns.append(.init(title: "24 MONTHS \(selected.heading)", width: sparkWidth))
        let (slice, selectedRow) = slice(d.rows, page(height: buffer.height))
        let cells = slice.map { row in
            [row.group]
                + shown.map { kpi in
                    KPIFormat.text(kpi, row.value(kpi)) + arrow(data.trends[row.group]?[kpi])
                }
                + [Sparkline.text((data.trends[row.group]?[selected]?.months ?? []).map(\.value), width: sparkWidth)]
        }
        TableWidget(columns: columns).draw(
            into: &buffer, top: 2, height: buffer.height - 3, rows: cells, selected: selectedRow
        ) { _ in .normal }
        // Each arrow in the colour of what it means: a figure getting worse stands out.
        for (i, row) in slice.enumerated() where i != selectedRow {
            for (k, kpi) in shown.enumerated() {
                guard let trend = data.trends[row.group]?[kpi], trend.direction != .stable else { continue }
                let x = nameWidth + 1 + k * (cellWidth + 1) + cellWidth - 1
                buffer.write(arrow(trend), x: x, y: 3 + i, style: trendStyle(trend.direction))
            }
        }
    }

    /// The way the figure went, ▲ up or ▼ down, where the trend test found a trend; a space
    /// where it did not (or there were too few months).
    static func arrow(_ trend: KPITrend?) -> String {
        guard let trend, trend.direction != .stable, let slope = trend.test?.slope else { return " " }
        return slope > 0 ? "▲" : "▼"
    }

    /// Declining in the alert colour, improving in the header's, the rest dim.
    static func trendStyle(_ direction: TrendDirection) -> Style {
        switch direction {
        case .declining: .alert
        case .improving: .header
        case .stable, .rising, .falling: .dim
        }
    }

    static func trendSentence(_ t: KPITrend) -> String {
        guard let test = t.test else { return "Too few months to test for a trend" }
        let method = test.seasonal ? "seasonal Mann-Kendall" : "Mann-Kendall"
        return "\(t.direction.rawValue.capitalized): Sen's slope \(String(format: "%+.3g", test.slope)) a month, "
            + "p = \(String(format: "%.3f", test.p)) (\(method), \(test.count) months)"
    }

    static func availabilityHeatMap(_ data: DashboardData, _ buffer: inout CellBuffer) {
        let labelWidth = 18
        let columns = min(data.weeks.count, max(0, buffer.width - labelWidth - 2))
        let rows = max(0, buffer.height - 6)
        let weeks = Array(data.weeks.suffix(columns))
        buffer.write("down share:  · none  ░ <5 %  ▒ <15 %  ▓ <30 %  █ 30 % and more", x: 1, y: 2, style: .dim)
        for (r, row) in data.heat.prefix(rows).enumerated() {
            let known = row.values.compactMap { $0 }
            let mean = known.isEmpty ? nil : known.reduce(0, +) / Double(known.count)
            let y = 3 + r
            buffer.write(
                "\(row.name.padding(10)) \(mean.map { String(format: "%5.1f%%", $0 * 100) } ?? "    -")", x: 1, y: y,
                style: .normal, maxWidth: labelWidth)
            for (c, value) in row.values.suffix(columns).enumerated() {
                guard let value else { continue }
                let down = 1 - value
                let shade = down <= 0 ? 0 : down < 0.05 ? 1 : down < 0.15 ? 2 : down < 0.30 ? 3 : 4
                buffer.write(
                    String(ChartWidget.shades[shade]), x: 1 + labelWidth + c, y: y,
                    style: shade == 0 ? .dim : shade >= 3 ? .alert : .warning)
            }
        }
        // Each month's first week is labelled.
        var lastEnd = -1
        var lastMonth = ""
        for (c, week) in weeks.enumerated() {
            let month = week.label(.month)
            guard month != lastMonth else { continue }
            lastMonth = month
            let x = 1 + labelWidth + c
            guard x > lastEnd else { continue }
            buffer.write(month, x: x, y: 3 + min(rows, data.heat.count), style: .dim)
            lastEnd = x + month.count
        }
    }

    static func scatter(_ data: DashboardData, _ buffer: inout CellBuffer) {
        let points = data.scatter
        guard !points.isEmpty else {
            buffer.write("no vehicle ran in the span", x: 1, y: 3, style: .dim)
            return
        }
        let axisWidth = 8
        let left = 1 + axisWidth
        let width = buffer.width - left - 2
        let height = buffer.height - 7
        guard width > 10, height > 3 else { return }
        // The axes cover the bulk (from the 5th percentile of availability, to 1.2 times the
        // 95th of cost); the few beyond sit on the edge, marked ← and ↑.
        let xs = points.map(\.availability).sorted()
        let ys = points.map(\.costPer1000Km).sorted()
        let xLow = min(0.95, (xs[xs.count / 20] * 20).rounded(.down) / 20)
        let xHigh = 1.0
        let yHigh = max(ys[min(ys.count - 1, ys.count * 19 / 20)] * 1.2, 1)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: width), count: height)
        var beyond = [[Character?]](repeating: [Character?](repeating: nil, count: width), count: height)
        for p in points {
            let c = Int((p.availability - xLow) / (xHigh - xLow) * Double(width - 1))
            let r = height - 1 - Int(p.costPer1000Km / yHigh * Double(height - 1))
            let (row, column) = (max(0, min(height - 1, r)), max(0, min(width - 1, c)))
            counts[row][column] += 1
            if r < 0 { beyond[row][column] = "↑" } else if c < 0 { beyond[row][column] = "←" }
        }
        buffer.write("cost per 1,000 km (EUR)", x: 1, y: 2, style: .header)
        for r in 0..<height {
            let label =
                r == 0
                ? ChartWidget.format(yHigh)
                : r == height / 2 ? ChartWidget.format(yHigh / 2) : r == height - 1 ? "0" : ""
            buffer.write(label.leftPadded(axisWidth - 1) + "│", x: 1, y: 3 + r, style: .dim)
            for c in 0..<width where counts[r][c] > 0 {
                let n = counts[r][c]
                let mark = beyond[r][c].map(String.init) ?? (n == 1 ? "•" : n < 10 ? String(n) : "#")
                buffer.write(mark, x: left + c, y: 3 + r, style: beyond[r][c] == nil ? .warning : .alert)
            }
        }
        buffer.write(String(repeating: "─", count: width), x: left, y: 3 + height, style: .dim)
        buffer.write(String(format: "%.0f%%", xLow * 100), x: left, y: 4 + height, style: .dim)
        let right = "100%"
        buffer.write(right, x: left + width - right.count, y: 4 + height, style: .dim)
        buffer.write(
            "availability · \(points.count) vehicles · • one, 2–9 that many, # ten or more, ↑← beyond the axis",
            x: left + 6, y: 4 + height,
            style: .dim, maxWidth: max(0, width - 12))
    }

    static func histogram(_ hours: [Double], _ buffer: inout CellBuffer) {
        guard !hours.isEmpty else {
            buffer.write("no corrective order was released in the span", x: 1, y: 3, style: .dim)
            return
        }
        let sorted = hours.sorted()
        let p95 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.95))]
        let p99 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
        let room = max(3, min(20, buffer.height - 6))
        // A round bin width (1, 2, 4, 6, 12, 24, 48… hours) from the shortest repair's bin, so
        // that the bins reach the 99th percentile; longer ones go in the last.
        let widths: [Double] = [1, 2, 4, 6, 12, 24, 48, 72, 168, 336, 720]
        let bin =
            widths.first { w in (w * (sorted[0] / w).rounded(.down)) + w * Double(room - 1) >= p99 }
            ?? widths[widths.count - 1]
        let start = bin * (sorted[0] / bin).rounded(.down)
        let rows = min(room, Int((p99 - start) / bin) + 2)
        var counts = [Int](repeating: 0, count: rows)
        for h in hours { counts[max(0, min(rows - 1, Int((h - start) / bin)))] += 1 }
        let mean = hours.reduce(0, +) / Double(hours.count)
        let median =
            sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        buffer.write(
            "\(hours.count) repairs · mean (MTTR) \(String(format: "%.1f", mean)) h · median \(String(format: "%.1f", median)) h · 95 % within \(String(format: "%.0f", p95)) h",
            x: 1, y: 2, style: .header, maxWidth: buffer.width - 2)
        let maximum = max(counts.max() ?? 1, 1)
        let barWidth = max(1, buffer.width - 24)
        for (i, n) in counts.enumerated() {
            let low = Int(start + Double(i) * bin)
            let label = i == rows - 1 ? "≥ \(low) h" : "\(low)–\(low + Int(bin)) h"
            let length = Int((Double(n) / Double(maximum) * Double(barWidth)).rounded())
            buffer.write(label.leftPadded(12) + " │", x: 1, y: 3 + i, style: .dim)
            buffer.write(
                String(repeating: "█", count: length) + " \(n)", x: 15, y: 3 + i, style: n > 0 ? .warning : .dim)
        }
    }

    /// The drill-down over the pane: the figure, what it is made of, and each contribution
    /// with its events.
    static func explanation(_ e: KPIExplanation, scroll: Int, _ buffer: inout CellBuffer) {
        let value = KPIFormat.text(e.kpi, e.row.value(e.kpi))
        let made = e.kpi.inputs.map { m -> String in
            let (v, unit) = m.readable(e.row.measures[m])
            let number = v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(format: "%.2f", v)
            return "\(m.name) \(number)\(unit.isEmpty ? "" : " " + unit)"
        }
        var lines = ["\(e.kpi.rawValue) = \(value)   from " + made.joined(separator: ", "), e.kpi.definition, ""]
        lines += e.evidence.map { item in
            "\(UTC.format(ms: item.ms).prefix(16))  \(item.subject.padding(10)) "
                + "[\(item.events.map(\.description).joined(separator: " "))] \(item.text)"
        }
        if e.evidence.isEmpty { lines.append("nothing contributed in this period") }
        let room = max(1, buffer.height - 6)
        let shown = Array(lines.dropFirst(min(scroll, max(0, lines.count - room))).prefix(room))
        Dialog.draw(
            title: "\(e.kpi.heading) of \(e.row.group), \(e.row.period.label(nil)): \(e.evidence.count) contributions",
            lines: shown + ["", "j/k scroll · the events open with `railfleet events --id ID` · any other key closes"],
            into: &buffer)
    }
}

/// Figures as the dashboard writes them: shares in percent, money without decimals.
enum KPIFormat {
    static func text(_ kpi: KPI, _ value: Double?) -> String {
        guard let value else { return "-" }
        if kpi.isShare { return String(format: "%.1f%%", value * 100) }
        switch kpi {
        case .kmRun, .cost, .labourCost, .partsCost:
            return value >= 100_000 ? "\(Int(value / 1000))k" : String(Int(value.rounded()))
        case .failures, .repairs, .examsDue, .examsOnTime, .overdueExams, .backlog, .repeatDefects, .ordersCompleted,
            .daysOutOfStock, .partsAtReorder:
            return String(Int(value.rounded()))
        case .mdbfKm: return value >= 100_000 ? "\(Int(value / 1000))k" : String(Int(value.rounded()))
        default: return String(format: "%.1f", value)
        }
    }
}
