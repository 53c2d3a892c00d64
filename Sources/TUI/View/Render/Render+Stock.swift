import Domain
import Storage

/// The stock pane: parts, stock on hand and reorder points.
extension Render {
    static func stock(_ state: AppState, _ buffer: inout CellBuffer) {
        let below = state.parts.visible.filter { state.parts.rows[$0].belowReorderPoint }.count
        summary(
            "\(state.parts.visible.count) parts · \(below) at or below their reorder point", filter: state.parts.filter,
            filtering: state.isFiltering, &buffer)
        let columns: [TableWidget.Column] = [
            .init(title: "PART NO", width: 11), .init(title: "NAME", width: 23), .init(title: "KIND", width: 10),
            .init(title: "ON HAND", width: 7, alignRight: true), .init(title: "RESERVED", width: 8, alignRight: true),
            .init(title: "AVAIL", width: 6, alignRight: true), .init(title: "REORDER", width: 7, alignRight: true),
            .init(title: "", width: 7),
        ]
        let (slice, selected) = slice(state.parts, page(height: buffer.height))
        let cells = slice.map { p in
            [
                p.partNumber, p.name, p.kind.rawValue, String(p.onHand), String(p.reserved), String(p.available),
                String(p.reorderPoint), p.belowReorderPoint ? "REORDER" : "",
            ]
        }
        TableWidget(columns: columns).draw(
            into: &buffer, top: 2, height: buffer.height - 3, rows: cells, selected: selected
        ) { i in
            slice[i].belowReorderPoint ? .warning : .normal
        }
    }
}
