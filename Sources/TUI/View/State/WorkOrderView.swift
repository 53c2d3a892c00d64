public import Domain
public import Storage

/// Which work orders the list shows (`v` cycles): the open ones, one state at a time, or all.
public enum WorkOrderView: Sendable, Equatable {
    case open
    case status(WorkOrderStatus)
    case all

    /// Open, then every state in lifecycle order, then all, then open again.
    var next: WorkOrderView {
        let states = WorkOrderStatus.lifecycleOrder
        switch self {
        case .open: return .status(states[0])
        case .status(let s):
            guard let i = states.firstIndex(of: s), i + 1 < states.count else { return .all }
            return .status(states[i + 1])
        case .all: return .open
        }
    }

    func includes(_ row: WorkOrderRow) -> Bool {
        switch self {
        case .open: row.status.isOpen
        case .status(let s): row.status == s
        case .all: true
        }
    }

    /// How the summary names the shown set.
    var phrase: String {
        switch self {
        case .open: "open work orders"
        case .status(let s): "work orders \(s.rawValue)"
        case .all: "work orders in all states"
        }
    }
}

extension WorkOrderStatus {
    /// The states in the order a work order passes them; holds and cancellations last.
    static let lifecycleOrder: [WorkOrderStatus] = [
        .requested, .approved, .planned, .waiting, .inProgress, .onHold, .technicallyComplete, .releasedToService,
        .closed, .cancelled,
    ]
}
