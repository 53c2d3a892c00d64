import Domain
import Foundation
import Storage

/// The forecast pane's charts.
extension Render {
    static func forecast(_ state: AppState, _ buffer: inout CellBuffer) {
        let chartHeight = buffer.height - 3
        // With the audit cursor in the past, the charts end at its month.
        let forecast =
            state.cursor.map { state.forecast.upTo(month: String(UTC.format(ms: $0.ms).prefix(7))) } ?? state.forecast
        switch state.chart {
        case .failures:
            summary(
                "Failures (defects reported) per month, all classes · \(keys)", filter: "", filtering: false, &buffer)
            let total =
                forecast.failures.first.map { first in
                    first.points.indices.map { i in
                        (first.points[i].month, forecast.failures.reduce(0) { $0 + $1.points[i].value })
                    }
                } ?? []
            // The classes as a heat map under the totals, on one scale: which class fails when.
            let legendRows = min(forecast.failures.count, max(0, chartHeight - 9))
            ChartWidget.bars(
                total, title: "defects per month", x: 1, y: 2, width: buffer.width - 2,
                height: chartHeight - legendRows - 1, into: &buffer)
            ChartWidget.heatMap(
                forecast.failures.prefix(legendRows).map { ($0.name, $0.points.map(\.value)) },
                months: total.map(\.0),
                x: 1, y: 2 + chartHeight - legendRows - 1, width: buffer.width - 2, into: &buffer)
        case .consumption:
            let part = state.parts.rows.indices.contains(state.chartPart) ? state.parts.rows[state.chartPart] : nil
            summary(
                "Parts issued per month, forecast with 80 % │ and 95 % ┊ intervals · j/k choose the part · \(keys)",
                filter: "", filtering: false, &buffer)
            let series = part.flatMap { forecast.consumption[$0.partID] }?.points ?? []
            let title =
                part.map {
                    "\($0.partNumber) \($0.name), \($0.unit) per month (on hand \($0.onHand), reorder at \($0.reorderPoint))"
                } ?? "no parts"
            // Below the chart, the parts around the chosen one with their own sparklines to pick from.
            let pickRows = min(state.parts.rows.count, max(0, (chartHeight - 8) / 2))
            let band = part.flatMap { state.predictions?.parts[$0.partID] }
            ChartWidget.bars(
                series, forecast: band, title: title + (band.map { ", forecast by \($0.method)" } ?? ""), x: 1, y: 2,
                width: buffer.width - 2, height: chartHeight - pickRows, into: &buffer)
            let first = max(0, min(state.chartPart - pickRows / 2, state.parts.rows.count - pickRows))
            for (i, p) in state.parts.rows.dropFirst(first).prefix(pickRows).enumerated() {
                let y = 2 + chartHeight - pickRows + i
                let chosen = first + i == state.chartPart
                let values = forecast.consumption[p.partID]?.points.map(\.value) ?? []
                buffer.write(
                    "\(chosen ? "▸" : " ") \(p.partNumber.padding(12)) \(String(Int(values.reduce(0, +))).leftPadded(6)) ",
                    x: 1, y: y, style: chosen ? .selected : .normal)
                buffer.write(ChartWidget.sparkline(values, width: buffer.width - 26), x: 24, y: y, style: .warning)
            }
        case .costs:
            summary(
                "Maintenance cost per month (labour and parts booked), forecast ○ with 80 % │ and 95 % ┊ · \(keys)",
                filter: "", filtering: false, &buffer)
            let band = state.predictions?.cost
            ChartWidget.line(
                forecast.costs?.points ?? [], forecast: band,
                title: "cost per month, EUR" + (band.map { ", forecast by \($0.method)" } ?? ""), x: 1, y: 2,
                width: buffer.width - 2, height: chartHeight, into: &buffer)
        case .risk: risk(state, &buffer)
        case .anomalies: anomalies(state, &buffer)
        }
    }

    static let keys = "f failures · p parts · c costs · r risk · a anomalies"

    /// The predictions, or nil with the view's title and why they are not there (loading,
    /// or the models could not run) written on the pane.
    static func predictionsShown(_ state: AppState, title: String, _ buffer: inout CellBuffer) -> Predictions? {
        if let p = state.predictions, state.predictionsError == nil { return p }
        summary("\(title) · \(keys)", filter: "", filtering: false, &buffer)
        if let error = state.predictionsError {
            buffer.write("The models could not run: \(error)", x: 1, y: 3, style: .alert, maxWidth: buffer.width - 2)
        } else {
            buffer.write("Loading the models' predictions…", x: 1, y: 3, style: .dim)
        }
        return nil
    }

    /// The fleet ranked by its chance of failing within 30 days, with the reasons and the
    /// recommended exam; Enter opens the vehicle, e opens its exam as a work order.
    static func risk(_ state: AppState, _ buffer: inout CellBuffer) {
        guard let p = predictionsShown(state, title: "Failure risk", &buffer) else { return }
        summary(
            "Risk as of \(Instant(ms: p.asOfMs).minute) · \(p.model) · Enter opens · e opens the exam · L: the plan's limit",
            filter: "", filtering: false, &buffer)
        let numbers = Dictionary(state.live.fleet.map { ($0.vehicleID, $0) }, uniquingKeysWith: { a, _ in a })
        let wide = buffer.width >= 120
        var columns: [TableWidget.Column] = [
            .init(title: "FLEET NO", width: 9), .init(title: "CLASS", width: 9),
            .init(title: "30 D", width: 5, alignRight: true), .init(title: "60 D", width: 5, alignRight: true),
            .init(title: "90 D", width: 5, alignRight: true), .init(title: "EXAM BY", width: 14),
        ]
        if wide { columns.insert(.init(title: "DEPOT", width: 9), at: 2) }
        columns.append(.init(title: "WHY (30 DAYS)", width: max(10, buffer.width - (wide ? 73 : 61))))
        let (slice, selected) = slice(state.risk, page(height: buffer.height))
        let cells = slice.map { r in
            let v = numbers[r.vehicleID]
            var row = [v?.fleetNumber ?? r.vehicleID, v?.vehicleClass ?? "-"]
            if wide { row.append(v?.depot ?? "-") }
            // The models are never certain: 99.9 % is not written as 100 %.
            row += r.probabilities.map {
                $0 >= 0.995 ? ">99 %" : ($0 < 0.005 ? "<1 %" : String(format: "%.0f %%", 100 * $0))
            }
            row.append(
                r.examDay.map { "\(r.examLevel ?? "") \(Day($0))\(r.examReason == "plan" ? " L" : "")" } ?? "-")
            row.append(r.reasons.joined(separator: "; "))
            return row
        }
        TableWidget(columns: columns).draw(
            into: &buffer, top: 2, height: buffer.height - 3, rows: cells, selected: selected
        ) { i in
            let p30 = slice[i].probabilities.first ?? 0
            return p30 >= 0.3 ? .alert : (p30 >= 0.15 ? .warning : .normal)
        }
    }

    /// Odometer readings and failure rates that stand out, by robust statistics.
    static func anomalies(_ state: AppState, _ buffer: inout CellBuffer) {
        guard let p = predictionsShown(state, title: "Anomalies", &buffer) else { return }
        summary(
            "\(p.oddities.count) anomalies as of \(Instant(ms: p.asOfMs).minute), most unusual first · score: modified z (over 3.5 stands out), km lost backwards · \(keys)",
            filter: "", filtering: false, &buffer)
        guard !p.oddities.isEmpty else {
            buffer.write("No anomalies.", x: 1, y: 3, style: .normal)
            return
        }
        let numbers = Dictionary(
            state.live.fleet.map { ($0.vehicleID, $0.fleetNumber) }, uniquingKeysWith: { a, _ in a })
        let columns: [TableWidget.Column] = [
            .init(title: "FLEET NO", width: 9), .init(title: "KIND", width: 18), .init(title: "WHEN", width: 16),
            .init(title: "VALUE", width: 9, alignRight: true), .init(title: "SCORE", width: 7, alignRight: true),
            .init(title: "MEANING", width: max(10, buffer.width - 68)),
        ]
        let shown = p.oddities.sorted { ($0.score, $1.vehicleID) > ($1.score, $0.vehicleID) }.prefix(
            page(height: buffer.height))
        let cells = shown.map { o in
            [
                numbers[o.vehicleID] ?? o.vehicleID, o.kind, Instant(ms: o.ms).minute, String(format: "%.1f", o.value),
                String(format: "%.1f", o.score), meaning(o.kind),
            ]
        }
        TableWidget(columns: columns).draw(
            into: &buffer, top: 2, height: buffer.height - 3, rows: Array(cells), selected: nil
        ) { _ in .warning }
    }

    static func meaning(_ kind: String) -> String {
        switch kind {
        case "odometer-backwards": "a reading below the one before"
        case "odometer-jump": "more km a day than the fleet's usage explains"
        case "failure-rate": "fails far more often than its class"
        case "usage-shift": "runs far more or less than over its year before"
        default: kind
        }
    }
}
