import Domain
public import Storage

/// What the read models hold, loaded in one go.
public struct ScreenData: Sendable {
    public var fleet: [FleetRow]
    public var workOrders: [WorkOrderRow]
    public var parts: [PartRow]
    public var workshops: [WorkshopRow]
    public var users: [UserRow]
    /// This device's events no known peer holds yet.
    public var unsynced: Int
    /// Whether `workOrders` holds the closed and cancelled ones too, or only the open ones: a
    /// long history has hundreds of thousands, which the first frame must not wait for.
    public var hasClosedWorkOrders: Bool

    public init(
        fleet: [FleetRow], workOrders: [WorkOrderRow], parts: [PartRow], workshops: [WorkshopRow] = [],
        users: [UserRow] = [], unsynced: Int = 0, hasClosedWorkOrders: Bool = true
    ) {
        self.fleet = fleet
        self.workOrders = workOrders
        self.hasClosedWorkOrders = hasClosedWorkOrders
        self.parts = parts
        self.workshops = workshops
        self.users = users
        self.unsynced = unsynced
    }

    public init(_ rows: ReadModelRows) {
        self.init(fleet: rows.fleet, workOrders: rows.workOrders, parts: rows.parts)
    }

}

extension ScreenData {
    /// Replaces the rows that changed and adds the new ones, each list kept in its order.
    mutating func merge(_ changes: ChangedRows) {
        fleet = Self.merged(fleet, changes.fleet, id: \.vehicleID, order: \.listKey)
        workOrders = Self.merged(workOrders, changes.workOrders, id: \.workOrderID, order: \.listKey)
        // An order closed since goes, as a reload would leave it out.
        if !hasClosedWorkOrders { workOrders.removeAll { !$0.status.isOpen } }
        parts = Self.merged(parts, changes.parts, id: \.partID, order: \.listKey)
    }

    static func merged<Row, A: Comparable, B: Comparable>(
        _ rows: [Row], _ changed: [Row], id: (Row) -> String, order: (Row) -> (A, B)
    ) -> [Row] {
        guard !changed.isEmpty else { return rows }
        var byID = Dictionary(changed.map { (id($0), $0) }, uniquingKeysWith: { _, new in new })
        let result = rows.map { row in byID.removeValue(forKey: id(row)) ?? row }
        // New rows take their place in the list's order.
        return byID.isEmpty ? result : (result + byID.values).sorted(byKey: order)
    }
}
