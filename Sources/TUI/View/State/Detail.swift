public import Domain
public import Storage

/// What Enter opens over a pane: one vehicle, work order or part with its history. Live, it
/// comes from the store; with the audit cursor in the past, from the timeline.
public enum Detail: Sendable {
    case vehicle(VehicleDetail)
    case workOrder(WorkOrderDetail)
    case part(PartDetail)

    /// The entity selected in the current pane, if the pane has details.
    static func selected(in state: AppState) -> AggregateRef? {
        switch state.pane {
        case .fleet: state.fleet.selectedRow.map { AggregateRef(.vehicle, $0.vehicleID) }
        case .workOrders: state.workOrders.selectedRow.map { AggregateRef(.workOrder, $0.workOrderID) }
        case .stock: state.parts.selectedRow.map { AggregateRef(.part, $0.partID) }
        case .forecast where state.chart == .risk: state.risk.selectedRow.map { AggregateRef(.vehicle, $0.vehicleID) }
        default: nil
        }
    }

    /// The same, as of the audit cursor, folded from the timeline.
    static func past(_ ref: AggregateRef, shown state: AppState, _ timeline: Timeline, _ cursor: TimeCursor) -> Detail?
    {
        try? build(ref, shown: state, from: Source(timeline, cursor))
    }

    /// Where a detail's history comes from: the store now, or the timeline at the cursor.
    struct Source {
        /// A vehicle's defects (newest first) and work orders (oldest first).
        let history: (String) throws -> (defects: [DefectRow], workOrders: [WorkOrderRow])
        let fields: (AggregateRef) throws -> AggregateFields
        /// An entity's latest events, newest first.
        let latest: (AggregateRef, Int) throws -> [StoredEvent]
        /// What people call the entities the fields and events refer to.
        let names: [AggregateRef: String]

        init(_ timeline: Timeline, _ cursor: TimeCursor) {
            let set = timeline.state(through: cursor.index)
            let names = timeline.names
            history = { ReadModelRows.history(of: $0, in: set) }
            fields = { set[$0].map { AggregateFields($0, naming: { names[$0] }) } ?? .empty }
            latest = { timeline.latest(of: $0, through: cursor.index, limit: $1) }
            self.names = names
        }
    }

    static func build(_ ref: AggregateRef, shown state: AppState, from source: Source) throws -> Detail? {
        switch ref.kind {
        case .vehicle:
            guard let row = state.fleet.rows.first(where: { $0.vehicleID == ref.id }) else { return nil }
            let history = try source.history(ref.id)
            return .vehicle(
                VehicleDetail(
                    vehicle: row, defects: history.defects.filter(\.isOpen), workOrders: history.workOrders.reversed(),
                    events: try source.latest(ref, 20), names: source.names))
        case .workOrder:
            guard let row = state.workOrders.rows.first(where: { $0.workOrderID == ref.id }) else { return nil }
            return .workOrder(
                WorkOrderDetail(
                    row: row, fields: try source.fields(ref), events: try source.latest(ref, 20), names: source.names))
        case .part:
            guard let row = state.parts.rows.first(where: { $0.partID == ref.id }) else { return nil }
            return .part(PartDetail(part: row, events: try source.latest(ref, 30), names: source.names))
        default: return nil
        }
    }
}

/// One vehicle with what a dispatcher asks about it next.
public struct VehicleDetail: Sendable {
    public var vehicle: FleetRow
    /// Its open defects.
    public var defects: [DefectRow]
    /// Its work orders, newest first.
    public var workOrders: [WorkOrderRow]
    /// Its latest events, newest first.
    public var events: [StoredEvent]
    /// Names of the entities its events refer to.
    public var names: [AggregateRef: String]

    public init(
        vehicle: FleetRow, defects: [DefectRow], workOrders: [WorkOrderRow], events: [StoredEvent],
        names: [AggregateRef: String] = [:]
    ) {
        self.vehicle = vehicle
        self.defects = defects
        self.workOrders = workOrders
        self.events = events
        self.names = names
    }
}

/// One work order in full: every field of its state, and what was done to it.
public struct WorkOrderDetail: Sendable {
    public var row: WorkOrderRow
    /// Every field, as the audit commands name them.
    public var fields: AggregateFields
    /// Its latest events, newest first.
    public var events: [StoredEvent]
    public var names: [AggregateRef: String]

    public init(
        row: WorkOrderRow, fields: AggregateFields, events: [StoredEvent], names: [AggregateRef: String] = [:]
    ) {
        self.row = row
        self.fields = fields
        self.events = events
        self.names = names
    }
}

/// One part with its stock per location and its latest movements: what a storekeeper checks
/// before receiving, issuing or adjusting.
public struct PartDetail: Sendable {
    public var part: PartRow
    /// Its latest events (movements, reservations), newest first.
    public var events: [StoredEvent]
    public var names: [AggregateRef: String]

    public init(part: PartRow, events: [StoredEvent], names: [AggregateRef: String] = [:]) {
        self.part = part
        self.events = events
        self.names = names
    }
}

extension AppState {
    /// What people call the entities the panes hold (fleet, work-order and part numbers,
    /// workshop names), for the histories of a detail.
    var shownNames: [AggregateRef: String] {
        var names: [AggregateRef: String] = [:]
        for v in fleet.rows { names[AggregateRef(.vehicle, v.vehicleID)] = v.fleetNumber }
        for w in workOrders.rows { names[AggregateRef(.workOrder, w.workOrderID)] = w.number }
        for p in parts.rows { names[AggregateRef(.part, p.partID)] = p.partNumber }
        for w in workshops { names[AggregateRef(.workshop, w.workshopID)] = w.name }
        return names
    }
}
