import Analytics
import Domain
import Foundation

/// The KPI pane's keys: the figure (←/→), the grouping (b), the span (p), the views
/// (t l w s r), the drill-down (Enter) and the export (x); the drill-down's own keys while
/// it is open.
extension Update {
    /// What the pane asks for now: as of the cursor, or everything known (`.max`) live.
    static func dashboardRequest(_ state: AppState) -> DashboardRequest {
        state.dashboard.request(asOf: state.cursor?.ms ?? .max)
    }

    /// A load when what is shown is not what the pane asks for.
    static func dashboardLoad(_ state: inout AppState) -> [Effect] {
        let request = dashboardRequest(state)
        guard state.dashboard.data?.request != request || state.dashboard.error != nil else { return [] }
        state.dashboard.error = nil
        if state.dashboard.data?.request.grouping != request.grouping { state.dashboard.data = nil }
        return [.loadDashboard(request)]
    }

    static func dashboardLoaded(_ data: DashboardData, _ state: inout AppState) {
        // A load for another grouping, span or time than the pane's finished late: the next follows.
        guard data.request == dashboardRequest(state) else { return }
        state.dashboard.data = data
        state.dashboard.error = nil
        state.dashboard.rows.load(data.rows, matching: \.group)
    }

    /// Handles a key of the KPI pane; nil leaves it to the keys every pane shares.
    static func dashboardKey(_ key: Key, _ state: inout AppState, page: Int) -> [Effect]? {
        if state.dashboard.explanation != nil {
            switch key {
            case .down, .character("j"): state.dashboard.explanationScroll += 1
            case .up, .character("k"): state.dashboard.explanationScroll = max(0, state.dashboard.explanationScroll - 1)
            case .pageDown: state.dashboard.explanationScroll += page
            case .pageUp: state.dashboard.explanationScroll = max(0, state.dashboard.explanationScroll - page)
            default: state.dashboard.explanation = nil
            }
            return []
        }
        switch key {
        case .left: state.dashboard.figure = max(0, state.dashboard.figure - 1)
        case .right: state.dashboard.figure = min(state.dashboard.figures.count - 1, state.dashboard.figure + 1)
        case .character("b"):
            let kept = state.dashboard.selectedFigure
            let all = Grouping.allCases
            state.dashboard.grouping = all[((all.firstIndex(of: state.dashboard.grouping) ?? 0) + 1) % all.count]
            state.dashboard.figure = state.dashboard.figures.firstIndex(of: kept) ?? 0
            state.dashboard.rows.load([], matching: \.group)
            state.message = "KPIs by \(state.dashboard.grouping.rawValue)"
            return dashboardLoad(&state)
        case .character("p"):
            let spans = Dashboard.spans
            state.dashboard.months = spans[((spans.firstIndex(of: state.dashboard.months) ?? 0) + 1) % spans.count]
            state.message =
                "KPIs over the last \(state.dashboard.months) month\(state.dashboard.months == 1 ? "" : "s")"
            return dashboardLoad(&state)
        case .character(let c) where Dashboard.View(key: c) != nil:
            state.dashboard.view = Dashboard.View(key: c) ?? .table
        case .enter:
            guard let data = state.dashboard.data, let row = state.dashboard.rows.selectedRow else {
                state.message = "Nothing to explain yet"
                return []
            }
            return [
                .explainFigure(state.dashboard.selectedFigure, group: row.group, state.dashboard.grouping, data.span)
            ]
        case .character("x"):
            guard let data = state.dashboard.data, !data.rows.isEmpty else {
                state.message = "Nothing to export yet"
                return []
            }
            state.form = exportForm(data)
        default: return nil
        }
        return []
    }

    /// Asks where to write the table and in which format; the file's extension follows it.
    static func exportForm(_ data: DashboardData) -> FormState {
        var builder = FormBuilder()
        let format = builder.choice("Format", [("xlsx: an Excel workbook", "xlsx"), ("csv: RFC 4180", "csv")])
        let day = UTC.formatDay(UTC.day(ofMs: data.span.to - 1))
        let file = builder.text("File", prefill: "railfleet-kpi-by-\(data.request.grouping.rawValue)-\(day).xlsx")
        var form = FormState(
            title: "Export the KPI table", fields: builder.fields,
            submit: .apply { fields, state, _ in
                let chosen = format.value(in: fields) ?? "xlsx"
                var path = file.text(in: fields).trimmingCharacters(in: .whitespaces)
                guard !path.isEmpty else {
                    state.form?.error = "File: give a file name"
                    return []
                }
                for other in ["xlsx", "csv"] where other != chosen && path.hasSuffix("." + other) {
                    path = String(path.dropLast(other.count)) + chosen
                }
                state.form = nil
                return [.exportDashboard(format: chosen, path: path)]
            })
        form.asksBeforeDiscarding = false
        return form
    }
}
