import Domain
import Storage

/// Draws the state into a buffer. Pure: same state and size, same screen.
public enum Render {
    public static let minimumWidth = 60
    public static let minimumHeight = 10

    /// Rows the fleet table has room for at a given height (title, header, status bar).
    public static func visibleRows(height: Int) -> Int { max(0, height - 3) }

    public static func screen(_ state: AppState, width: Int, height: Int) -> CellBuffer {
        var buffer = CellBuffer(width: width, height: height)
        guard width >= minimumWidth, height >= minimumHeight else {
            buffer.write("Terminal too small: need \(minimumWidth)×\(minimumHeight)", x: 0, y: 0, style: .warning)
            return buffer
        }
        let available = state.fleet.filter { VehicleStatus(rawValue: $0.status)?.isAvailable == true }.count
        buffer.fill(row: 0, style: .title)
        buffer.write(" RailFleet · Fleet  \(state.fleet.count) vehicles, \(available) available", x: 0, y: 0, style: .title)
        let columns: [(String, Int)] = [("FLEET NO", 10), ("CLASS", 12), ("DEPOT", 10), ("STATUS", 15), ("KM", 9), ("NEXT EXAM", 14), ("DUE", 8), ("WO", 3)]
        var x = 0
        buffer.fill(row: 1, style: .header)
        for (title, w) in columns {
            buffer.write(title, x: x, y: 1, style: .header, maxWidth: w)
            x += w + 1
        }
        let rows = visibleRows(height: height)
        for (offset, vehicle) in state.fleet.dropFirst(state.scroll).prefix(rows).enumerated() {
            let y = 2 + offset
            let isSelected = state.scroll + offset == state.selected
            let urgency = vehicle.nextExam?.urgency ?? "-"
            let style: Style = isSelected ? .selected : (urgency == "overdue" || vehicle.status == "out-of-service" ? .alert : (urgency == "due" ? .warning : .normal))
            if isSelected { buffer.fill(row: y, style: .selected) }
            let cells = [
                vehicle.fleetNumber, vehicle.vehicleClass, vehicle.depot ?? "-", vehicle.status, String(vehicle.odometerKm),
                vehicle.nextExam.map { "\($0.level) \($0.expectedDate)" } ?? "-", urgency, String(vehicle.openWorkOrders),
            ]
            x = 0
            for ((_, w), text) in zip(columns, cells) {
                buffer.write(text, x: x, y: y, style: style, maxWidth: w)
                x += w + 1
            }
        }
        let status = " \(state.user) (\(state.role)) · device \(state.device) · \(state.database)  \(state.message ?? "j/k move · q quit")"
        buffer.fill(row: height - 1, style: .statusBar)
        buffer.write(status, x: 0, y: height - 1, style: .statusBar)
        return buffer
    }
}
