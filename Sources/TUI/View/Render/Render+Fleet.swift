import Domain
import Storage

/// The fleet pane: every vehicle with its status, mileage and next exam.
extension Render {
    static func fleet(_ state: AppState, _ buffer: inout CellBuffer) {
        // KPIs of the visible set, read in place: no copy of 10,000 rows per frame.
        var available = 0
        var overdue = 0
        var defects = 0
        state.fleet.rows.withUnsafeBufferPointer { rows in
            for i in state.fleet.visible {
                if rows[i].status.isAvailable { available += 1 }
                if rows[i].nextExam?.urgency == .overdue { overdue += 1 }
                defects += rows[i].openDefects
            }
        }
        let count = state.fleet.visible.count
        let percent = count == 0 ? 0 : available * 100 / count
        summary(
            "\(count) vehicles · \(available) available (\(percent) %) · \(overdue) exams overdue · \(defects) open defects · by \(state.fleetOrder.rawValue)",
            filter: state.fleet.filter, filtering: state.isFiltering, &buffer)
        let wide = buffer.width >= 120
        var columns: [TableWidget.Column] = [
            .init(title: "FLEET NO", width: 9), .init(title: "CLASS", width: 9), .init(title: "DEPOT", width: 8),
            .init(title: "STATUS", width: 14),
            .init(title: "KM", width: 8, alignRight: true), .init(title: "NEXT EXAM", width: 12),
            .init(title: "DUE", width: 7),
            .init(title: "DEF", width: 3, alignRight: true), .init(title: "WO", width: 2, alignRight: true),
        ]
        if wide {
            columns += [
                .init(title: "EVN", width: 16), .init(title: "KEEPER", width: 20), .init(title: "TAGS", width: 10),
            ]
        }
        let (slice, selected) = slice(state.fleet, page(height: buffer.height))
        let cells = slice.map { v in
            var row = [
                v.fleetNumber, v.vehicleClass, v.depot ?? "-", v.status.rawValue, String(v.odometerKm),
                v.nextExam.map { "\($0.level) \($0.expectedDate)" } ?? "-",
                v.nextExam?.urgency.rawValue ?? "-", String(v.openDefects), String(v.openWorkOrders),
            ]
            if wide { row += [(try? EVN(v.evn).description) ?? v.evn, v.keeper ?? "-", v.tags.joined(separator: ",")] }
            return row
        }
        TableWidget(columns: columns).draw(
            into: &buffer, top: 2, height: buffer.height - 3, rows: cells, selected: selected
        ) { i in
            let v = slice[i]
            if v.status == .outOfService || v.nextExam?.urgency == .overdue { return .alert }
            return v.nextExam?.urgency == .due || v.openDefects > 0 ? .warning : .normal
        }
    }
}
