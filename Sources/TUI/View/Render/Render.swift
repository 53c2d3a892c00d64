import Domain
import Storage

/// Draws the state into a buffer. Pure: the same state and size give the same screen.
public enum Render {
    public static let minimumWidth = 60
    public static let minimumHeight = 12

    /// Rows a table shows at a given height (tabs, summary, header and status bar take four).
    public static func page(height: Int) -> Int { max(0, height - 4) }

    public static func screen(_ state: AppState, width: Int, height: Int) -> CellBuffer {
        var buffer = CellBuffer(width: width, height: height)
        guard width >= minimumWidth, height >= minimumHeight else {
            buffer.write(
                "Terminal too small (\(width)×\(height)): need \(minimumWidth)×\(minimumHeight)", x: 0, y: 0,
                style: .warning)
            return buffer
        }
        tabs(state, &buffer)
        switch state.pane {
        case .fleet: fleet(state, &buffer)
        case .workOrders: workOrders(state, &buffer)
        case .stock: stock(state, &buffer)
        case .audit: audit(state, &buffer)
        case .forecast: forecast(state, &buffer)
        case .kpis: dashboard(state, &buffer)
        }
        statusBar(state, &buffer)
        switch state.detail {
        case .vehicle(let d)?: vehicleDetail(d, &buffer)
        case .workOrder(let d)?: workOrderDetail(d, &buffer)
        case .part(let d)?: partDetail(d, &buffer)
        case nil: break
        }
        if state.pane == .kpis, let shown = state.dashboard.explanation {
            explanation(shown, scroll: state.dashboard.explanationScroll, &buffer)
        }
        if let changes = state.changes {
            Dialog.draw(
                title: changes.title,
                lines: Array(changes.lines.dropFirst(changes.scroll)) + ["", "j/k scroll · any other key closes"],
                into: &buffer)
        }
        if state.isShowingHelp { help(state, &buffer) }
        if let view = state.conflictsView { conflicts(view, &buffer) }
        if let form = state.form { FormWidget.draw(form, into: &buffer) }
        return buffer
    }

    static func tabs(_ state: AppState, _ buffer: inout CellBuffer) {
        buffer.fill(row: 0, style: .title)
        buffer.write(" RailFleet ", x: 0, y: 0, style: .title)
        var x = 11
        for pane in Pane.allCases {
            let label = " \(pane.rawValue + 1) \(pane.title) "
            buffer.write(label, x: x, y: 0, style: pane == state.pane ? .selected : .title)
            x += DisplayWidth.of(label) + 1
        }
    }

    static func summary(
        _ text: String, filter: String, filtering: Bool, _ buffer: inout CellBuffer, style: Style = .dim
    ) {
        var room = buffer.width
        if filtering || !filter.isEmpty {
            let label = " filter: \(filter)\(filtering ? "▏" : "") "
            room -= DisplayWidth.of(label) + 1
            buffer.write(label, x: room + 1, y: 1, style: .warning)
        }
        buffer.write(" " + text, x: 0, y: 1, style: style, maxWidth: room)
    }

    static func slice<Row>(_ list: ListState<Row>, _ page: Int) -> (rows: [Row], selected: Int?) {
        let indices = list.visible.dropFirst(list.scroll).prefix(page)
        let selected = list.selected - list.scroll
        return (indices.map { list.rows[$0] }, list.visible.isEmpty ? nil : selected)
    }

    static func statusBar(_ state: AppState, _ buffer: inout CellBuffer) {
        let y = buffer.height - 1
        buffer.fill(row: y, style: .statusBar)
        let sync = state.sync.phrase(unsynced: state.live.unsynced, nowMs: state.clockMs)
        var left = " \(state.user) (\(state.role.rawValue)) · \(state.device) · \(state.database) · \(sync) "
        if let cursor = state.cursor {
            // Said plainly, where every pane shows it: this is the past and nothing can be written.
            let past =
                state.timeline?.axis == .recorded
                ? " AS KNOWN HERE AT \(cursor.label) UTC · read-only "
                : " AS OF \(cursor.label) UTC · read-only "
            buffer.write(past, x: 0, y: y, style: .alert)
            buffer.write(left, x: DisplayWidth.of(past), y: y, style: .statusBar)
            left = past + left
        } else {
            buffer.write(left, x: 0, y: y, style: .statusBar)
        }
        let paneHints =
            state.pane == .audit
            ? ViewKey.timeline.compactMap(\.hint)
            : state.actions.offered(in: state).map { "\($0.key) \($0.description)" }
        let hints = paneHints + ["/ filter", "? help", "q quit"]
        let right = state.message ?? hints.joined(separator: " · ")
        let x = DisplayWidth.of(left) + 1
        buffer.write(right, x: x, y: y, style: state.message == nil ? .statusBar : .warning, maxWidth: buffer.width - x)
    }

    static func help(_ state: AppState, _ buffer: inout CellBuffer) {
        // The current pane's keys first: on a small screen the general ones are cut.
        var lines: [String] = []
        let offered = state.actions.offered(in: state)
        if state.pane == .audit {
            lines += ["Audit timeline:"] + ViewKey.timeline.map { "\($0.keys.padding(20)) \($0.description)" } + [""]
        } else if !offered.isEmpty {
            lines +=
                ["\(state.pane.title), as \(state.role.rawValue):"]
                + offered.map { "\(String($0.key).padding(20)) \($0.description)" } + [""]
        } else if state.cursor != nil {
            lines += ["Viewing the past: nothing can be written; . in the audit pane returns to now", ""]
        }
        lines += ViewKey.general.map { "\($0.helpKeys.padding(20)) \($0.description)" }
        Dialog.draw(title: "Keys", lines: lines + ["", "any key closes"], into: &buffer)
    }

    static func formatHours(_ hours: Double) -> String {
        let tenths = Int((hours * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}

extension String {
    func padding(_ width: Int) -> String {
        let w = DisplayWidth.of(self)
        return w >= width ? self : self + String(repeating: " ", count: width - w)
    }
}
