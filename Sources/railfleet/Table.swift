import Domain
import Foundation
import Storage

/// Prints rows as aligned columns for people; scripts use `--json`.
struct Table {
    let headers: [String]
    var rows: [[String]] = []

    init(_ headers: String...) { self.headers = headers }
    init(headers: [String]) { self.headers = headers }

    /// Adds a row; vocabulary words, days and instants print as people write them, and
    /// control characters as escapes (`Text.escaped`).
    mutating func add(_ cells: any CustomStringConvertible...) { add(cells: cells.map(\.description)) }
    mutating func add(cells: [String]) { rows.append(cells.map(Text.escaped)) }

    func render() -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == cells.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }
            .joined(separator: "  ")
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n")
    }
}

extension Table {
    /// The fleet list as `vehicle list` and `audit fleet` print it.
    static func fleet(_ rows: [FleetRow]) -> Table {
        var table = Table("FLEET NO", "CLASS", "DEPOT", "STATUS", "KM", "NEXT EXAM", "DUE", "DEFECTS", "OPEN WO")
        for v in rows {
            let exam = v.nextExam.map { "\($0.level) \($0.expectedDate)" } ?? "-"
            table.add(
                v.fleetNumber, v.vehicleClass, v.depot ?? "-", v.status, "\(v.odometerKm)", exam,
                v.nextExam?.urgency ?? "-", "\(v.openDefects)",
                "\(v.openWorkOrders)")
        }
        return table
    }
}
