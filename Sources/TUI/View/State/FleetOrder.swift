import Domain
import Storage

/// Orders of the fleet list.
public enum FleetOrder: String, CaseIterable, Sendable {
    case fleetNumber = "fleet number"
    case depot
    case vehicleClass = "class"
    case status
    case nextExam = "next exam"

    /// The order `o` switches to from this one.
    var next: FleetOrder {
        let all = Self.allCases
        return all[((all.firstIndex(of: self) ?? 0) + 1) % all.count]
    }

    /// Sorts rows by this order, then by fleet number.
    func sorted(_ rows: [FleetRow]) -> [FleetRow] {
        func key(_ r: FleetRow) -> String {
            switch self {
            case .fleetNumber: ""
            case .depot: r.depot ?? ""
            case .vehicleClass: r.vehicleClass
            // Most restrictive first: what a dispatcher looks at.
            case .status: String(9 - r.status.restrictiveness)
            case .nextExam: r.nextExam?.expectedDate.description ?? "9999"
            }
        }
        return rows.sorted(byKey: { (key($0), $0.fleetNumber) })
    }
}
