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
        default: nil
        }
    }

    public static func load(_ ref: AggregateRef, shown state: AppState, from store: RailFleetStore) throws -> Detail? {
        switch ref.kind {
        case .vehicle:
            guard let row = state.fleet.rows.first(where: { $0.vehicleID == ref.id }) else { return nil }
            return .vehicle(
                VehicleDetail(
                    vehicle: row, defects: try store.defects(vehicleID: ref.id, openOnly: true),
                    workOrders: try store.workOrders(vehicleID: ref.id).reversed(),
                    events: try latest(ref, store)))
        case .workOrder:
            guard let row = state.workOrders.rows.first(where: { $0.workOrderID == ref.id }) else { return nil }
            return .workOrder(
                WorkOrderDetail(
                    row: row, fields: try store.aggregate(ref).map(AggregateFields.init) ?? .empty,
                    events: try latest(ref, store)))
        case .part:
            guard let row = state.parts.rows.first(where: { $0.partID == ref.id }) else { return nil }
            return .part(PartDetail(part: row, events: try latest(ref, store, limit: 30)))
        default: return nil
        }
    }

    /// The same, as of the audit cursor.
    static func past(_ ref: AggregateRef, shown state: AppState, _ timeline: Timeline, _ cursor: TimeCursor) -> Detail?
    {
        let events = timeline.latest(of: ref, through: cursor.index, limit: ref.kind == .part ? 30 : 20)
        switch ref.kind {
        case .vehicle:
            guard let row = state.fleet.rows.first(where: { $0.vehicleID == ref.id }) else { return nil }
            let history = ReadModelRows.history(of: ref.id, in: timeline.state(through: cursor.index))
            return .vehicle(
                VehicleDetail(
                    vehicle: row, defects: history.defects.filter(\.isOpen), workOrders: history.workOrders.reversed(),
                    events: events))
        case .workOrder:
            guard let row = state.workOrders.rows.first(where: { $0.workOrderID == ref.id }) else { return nil }
            let fields = timeline.state(through: cursor.index)[ref].map(AggregateFields.init) ?? .empty
            return .workOrder(WorkOrderDetail(row: row, fields: fields, events: events))
        case .part:
            guard let row = state.parts.rows.first(where: { $0.partID == ref.id }) else { return nil }
            return .part(PartDetail(part: row, events: events))
        default: return nil
        }
    }

    static func latest(_ ref: AggregateRef, _ store: RailFleetStore, limit: Int = 20) throws -> [StoredEvent] {
        try store.events(EventFilter(aggregateID: ref.id, limit: limit)).reversed()
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

    public init(vehicle: FleetRow, defects: [DefectRow], workOrders: [WorkOrderRow], events: [StoredEvent]) {
        self.vehicle = vehicle
        self.defects = defects
        self.workOrders = workOrders
        self.events = events
    }
}

/// One work order in full: every field of its state, and what was done to it.
public struct WorkOrderDetail: Sendable {
    public var row: WorkOrderRow
    /// Every field, as the audit commands name them.
    public var fields: AggregateFields
    /// Its latest events, newest first.
    public var events: [StoredEvent]

    public init(row: WorkOrderRow, fields: AggregateFields, events: [StoredEvent]) {
        self.row = row
        self.fields = fields
        self.events = events
    }
}

/// One part with its stock per location and its latest movements: what a storekeeper checks
/// before receiving, issuing or adjusting.
public struct PartDetail: Sendable {
    public var part: PartRow
    /// Its latest events (movements, reservations), newest first.
    public var events: [StoredEvent]

    public init(part: PartRow, events: [StoredEvent]) {
        self.part = part
        self.events = events
    }
}
