import Domain
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
                "Failures (defects reported) per month, all classes · f failures · p parts · c costs", filter: "",
                filtering: false, &buffer)
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
                "Parts issued per month · j/k choose the part · f failures · c costs", filter: "", filtering: false,
                &buffer)
            let series = part.flatMap { forecast.consumption[$0.partID] }?.points ?? []
            let title =
                part.map {
                    "\($0.partNumber) \($0.name), \($0.unit) per month (on hand \($0.onHand), reorder at \($0.reorderPoint))"
                } ?? "no parts"
            // Below the chart, the parts around the chosen one with their own sparklines to pick from.
            let pickRows = min(state.parts.rows.count, max(0, (chartHeight - 8) / 2))
            ChartWidget.bars(
                series, title: title, x: 1, y: 2, width: buffer.width - 2, height: chartHeight - pickRows, into: &buffer
            )
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
                "Maintenance cost per month (labour and parts booked) · f failures · p parts", filter: "",
                filtering: false, &buffer)
            ChartWidget.line(
                forecast.costs?.points ?? [], title: "cost per month, EUR", x: 1, y: 2, width: buffer.width - 2,
                height: chartHeight, into: &buffer)
        }
    }
}
