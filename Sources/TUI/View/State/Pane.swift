/// The panes a user moves between with 1–6 and Tab.
public enum Pane: Int, CaseIterable, Sendable {
    case fleet, workOrders, stock, audit, forecast, kpis

    public var title: String {
        switch self {
        case .fleet: "Fleet"
        case .workOrders: "Work orders"
        case .stock: "Stock"
        case .audit: "Audit"
        case .forecast: "Forecast"
        case .kpis: "KPIs"
        }
    }

    /// The pane `offset` places along the tabs, wrapping round (Tab, Shift-Tab).
    func neighbour(_ offset: Int) -> Pane {
        let all = Self.allCases
        return all[((rawValue + offset) % all.count + all.count) % all.count]
    }

    /// What one row of the pane is, for messages.
    var item: String {
        switch self {
        case .fleet: "vehicle"
        case .workOrders: "work order"
        case .stock: "part"
        case .audit: "event"
        case .forecast: "chart"
        case .kpis: "group"
        }
    }
}
