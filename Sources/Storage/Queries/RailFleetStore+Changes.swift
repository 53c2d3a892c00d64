public import Domain
import GRDB

/// The read-model rows touched by events after a point of the log: what a screen merges
/// into what it shows, instead of reloading whole tables.
public struct ChangedRows: Sendable {
    /// The log's last sequence number when these rows were read.
    public var lastSeq: Int64
    /// Vehicles changed, or whose open work orders or defects changed.
    public var fleet: [FleetRow]
    public var workOrders: [WorkOrderRow]
    public var parts: [PartRow]
    /// A maintenance plan changed: every vehicle of its class may be due at another time.
    public var plansChanged: Bool
    /// Users, workshops or devices changed: small tables, read again whole.
    public var referenceChanged: Bool

    public var isEmpty: Bool {
        fleet.isEmpty && workOrders.isEmpty && parts.isEmpty && !plansChanged && !referenceChanged
    }
}

extension RailFleetStore {
    /// The rows that events stored after `seq` touched.
    public func rowsChanged(after seq: Int64, today: Int? = nil) throws -> ChangedRows {
        let (refs, last, linkedVehicles) = try writer.read { db in
            let refs = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT DISTINCT aggregate_kind, aggregate_id FROM events WHERE seq > ?"),
                arguments: [seq]
            ).compactMap { row in
                AggregateKind(rawValue: row[0]).map { AggregateRef($0, row[1]) }
            }
            let last = try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(seq) FROM events")) ?? 0
            // A work order or defect changes its vehicle's counts.
            var filter = SQLFilter()
            filter.add("work_order_id", in: refs.filter { $0.kind == .workOrder }.map(\.id))
            var defects = SQLFilter()
            defects.add("defect_id", in: refs.filter { $0.kind == .defect }.map(\.id))
            let linked = try String.fetchAll(
                db,
                sql:
                    "SELECT vehicle_id FROM work_orders \(filter.whereClause) UNION SELECT vehicle_id FROM defects \(defects.whereClause)",
                arguments: filter.arguments + defects.arguments)
            return (refs, last, linked)
        }
        func ids(_ kind: AggregateKind) -> [String] { refs.filter { $0.kind == kind }.map(\.id) }
        let vehicles = Array(Set(ids(.vehicle) + linkedVehicles))
        return ChangedRows(
            lastSeq: last, fleet: vehicles.isEmpty ? [] : try fleet(today: today, ids: vehicles),
            workOrders: ids(.workOrder).isEmpty ? [] : try workOrders(ids: ids(.workOrder)),
            parts: ids(.part).isEmpty ? [] : try parts(ids: ids(.part)),
            plansChanged: refs.contains { $0.kind == .examPlan },
            referenceChanged: refs.contains { [.user, .workshop, .device].contains($0.kind) })
    }
}
