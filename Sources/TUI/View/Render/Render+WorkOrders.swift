import Domain
import Storage

/// The work-order pane.
extension Render {
    static func workOrders(_ state: AppState, _ buffer: inout CellBuffer) {
        let inProgress = state.workOrders.visible.filter { state.workOrders.rows[$0].status == .inProgress }.count
        let mine = state.isShowingMineOnly ? " assigned to \(state.user)" : ""
        summary(
            "\(state.workOrders.visible.count) \(state.workOrderView.phrase)\(mine) · \(inProgress) in progress · v other states",
            filter: state.workOrders.filter, filtering: state.isFiltering, &buffer)
        // Type and cost only where there is room for them.
        let wide = buffer.width >= 110
        var columns: [TableWidget.Column] = [.init(title: "NUMBER", width: 15), .init(title: "VEHICLE", width: 8)]
        if wide { columns.append(.init(title: "TYPE", width: 10)) }
        columns += [
            .init(title: "PRIO", width: 6), .init(title: "STATUS", width: 20),
            .init(title: "HOURS", width: 5, alignRight: true),
        ]
        if wide { columns.append(.init(title: "COST", width: 13, alignRight: true)) }
        columns.append(.init(title: "TITLE", width: 10))
        let (slice, selected) = slice(state.workOrders, page(height: buffer.height))
        let cells = slice.map { w in
            [w.number, w.fleetNumber ?? "-"] + (wide ? [w.type.rawValue] : []) + [
                w.priority.rawValue, w.status.rawValue, formatHours(w.bookedHours),
            ] + (wide ? [w.cost.formatted] : []) + [w.title]
        }
        TableWidget(columns: columns).draw(
            into: &buffer, top: 2, height: buffer.height - 3, rows: cells, selected: selected
        ) { i in
            slice[i].priority == .urgent ? .alert : (slice[i].status == .onHold ? .warning : .normal)
        }
    }
}
