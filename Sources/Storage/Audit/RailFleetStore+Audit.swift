public import Domain
import Foundation
import GRDB

/// What changed in one aggregate over a window: its events there and the field changes.
public struct AggregateChange: Sendable {
    public let aggregate: AggregateRef
    public let events: [StoredEvent]
    public let changes: [FieldChange]
}

extension RailFleetStore {
    /// Every event of one aggregate in valid-time order.
    ///
    /// - Complexity: O(events of the aggregate), through the aggregate index.
    public func trail(of ref: AggregateRef) throws -> [StoredEvent] {
        try writer.read { db in
            try EventRow.fetchStored(
                db, where: "aggregate_id = ? AND aggregate_kind = ?", arguments: [ref.id, ref.kind.rawValue],
                suffix: "ORDER BY hlc_ms, hlc_logical, device"
            )
        }
    }

    /// One aggregate as it was at a point of valid time, recorded time or version; nil if
    /// it had no event yet then.
    ///
    /// Starts from the latest snapshot that lies wholly before the point, then folds the
    /// aggregate's later events that belong to it.
    ///
    /// - Parameters:
    ///   - ref: the aggregate.
    ///   - point: the time or version.
    ///   - useSnapshots: false folds from the first event (for checking).
    /// - Returns: the aggregate's state then, or nil before its first event.
    /// - Throws: `StorageError` when the log cannot be read.
    public func state(of ref: AggregateRef, at point: AuditPoint, useSnapshots: Bool = true) throws -> AnyAggregate? {
        try writer.read { db in
            var start: AnyAggregate?
            var fromSeq: Int64 = 0
            if useSnapshots {
                let condition: String
                let bound: Int64
                switch point {
                case .validTime(let ms): (condition, bound) = ("max_hlc_ms <= ?", ms)
                case .recordedTime(let ms): (condition, bound) = ("max_recorded_ms <= ?", ms)
                case .version(let n): (condition, bound) = ("version <= ?", Int64(n))
                }
                if let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT up_to_seq, state FROM snapshots WHERE aggregate_kind = ? AND aggregate_id = ? AND \(condition)
                            ORDER BY up_to_seq DESC LIMIT 1
                            """),
                    arguments: [ref.kind.rawValue, ref.id, bound]),
                    let snapshot = try? AnyAggregate.decode(ref.kind, from: row["state"])
                {
                    start = snapshot
                    fromSeq = row["up_to_seq"]
                }
            }
            // Only the events that belong to the point are decoded.
            let (filter, value): (String, Int64) =
                switch point {
                case .validTime(let ms): ("hlc_ms <= ?", ms)
                case .recordedTime(let ms): ("recorded_ms <= ?", ms)
                case .version: ("1 = ?", 1)
                }
            var suffix = "ORDER BY seq"
            if case .version(let n) = point { suffix += " LIMIT \(max(0, n - (start?.version ?? 0)))" }
            let (rows, damaged) = try EventRow.storedReportingDamage(
                EventRow.fetch(
                    db, where: "aggregate_id = ? AND aggregate_kind = ? AND seq > ? AND \(filter)",
                    arguments: [ref.id, ref.kind.rawValue, fromSeq, value],
                    suffix: suffix))
            if let first = damaged.first { throw first.quarantine }
            let state = AuditPoint.fold(rows.map(\.event), of: ref, upTo: point, from: start)
            return state.version == 0 ? nil : state
        }
    }

    /// Field-by-field changes of one aggregate between two points.
    ///
    /// - Parameters:
    ///   - ref: the aggregate.
    ///   - from: the earlier point.
    ///   - to: the later point.
    ///   - names: everyday names to show for the entities the fields refer to
    ///     (`everydayNames()`); ids where it has none.
    /// - Returns: the fields that differ, in field order.
    /// - Throws: `StorageError` when the log cannot be read.
    public func diff(
        of ref: AggregateRef, from: AuditPoint, to: AuditPoint, names: [AggregateRef: String] = [:]
    ) throws -> [FieldChange] {
        func fields(at point: AuditPoint) throws -> AggregateFields {
            try state(of: ref, at: point).map { AggregateFields($0, naming: { names[$0] }) } ?? .empty
        }
        return try fields(at: from).changes(to: fields(at: to))
    }

    /// What people call each vehicle, work order, part and workshop (fleet, work-order and
    /// part numbers, workshop names), from the read models: for output a person reads.
    ///
    /// - Parameter refs: only these entities (a timeline window's); every one when nil.
    /// - Returns: each entity's everyday name; entities without one are left out.
    /// - Throws: `StorageError` when the read models cannot be read.
    public func everydayNames(of refs: Set<AggregateRef>? = nil) throws -> [AggregateRef: String] {
        try writer.read { db in
            var names: [AggregateRef: String] = [:]
            for (kind, table, id, name) in [
                (AggregateKind.vehicle, "fleet", "vehicle_id", "fleet_number"),
                (.workOrder, "work_orders", "work_order_id", "number"), (.part, "parts", "part_id", "part_number"),
                (.workshop, "workshops", "workshop_id", "name"), (.device, "devices", "device_id", "name"),
            ] {
                if let refs {
                    let statement = try db.cachedStatement(sql: "SELECT \(name) FROM \(table) WHERE \(id) = ?")
                    for ref in refs where ref.kind == kind {
                        if let value = try String.fetchOne(statement, arguments: [ref.id]) { names[ref] = value }
                    }
                } else {
                    for row in try Row.fetchAll(db, sql: "SELECT \(id), \(name) FROM \(table)") {
                        names[AggregateRef(kind, row[0])] = row[1]
                    }
                }
            }
            return names
        }
    }

    /// Everything that changed in a window of valid time (after `fromMs`, up to `toMs`),
    /// aggregate by aggregate, optionally of one kind; `names` as for `diff`.
    public func changes(
        fromMs: Int64, toMs: Int64, kind: AggregateKind? = nil, names: [AggregateRef: String] = [:]
    ) throws -> [AggregateChange] {
        let events = try writer.read { db in
            try EventRow.fetchStored(
                db, where: "hlc_ms > ? AND hlc_ms <= ?" + (kind == nil ? "" : " AND aggregate_kind = ?"),
                arguments: StatementArguments([fromMs, toMs] + (kind.map { [$0.rawValue] } ?? [])),
                suffix: "ORDER BY hlc_ms, hlc_logical, device"
            )
        }
        let grouped = Dictionary(grouping: events, by: \.event.aggregate)
        return try grouped.sorted { ($0.key.kind.rawValue, $0.key.id) < ($1.key.kind.rawValue, $1.key.id) }.map {
            ref, events in
            AggregateChange(
                aggregate: ref, events: events,
                changes: try diff(of: ref, from: .validTime(fromMs), to: .validTime(toMs), names: names))
        }
    }

    /// Every action of one user, in valid-time order, optionally within a window.
    public func actions(of user: String, fromMs: Int64? = nil, toMs: Int64? = nil) throws -> [StoredEvent] {
        try writer.read { db in
            try EventRow.fetchStored(
                db, where: "user = ? AND hlc_ms >= ? AND hlc_ms <= ?",
                arguments: [user, fromMs ?? Int64.min, toMs ?? Int64.max],
                suffix: "ORDER BY hlc_ms, hlc_logical, device"
            )
        }
    }

    /// The whole fleet as it was at a point of valid time (what had happened by then) or of
    /// recorded time (what this replica had stored by then): each vehicle's row with its
    /// open work orders and defects then.
    ///
    /// - Complexity: one time-travel checkpoint read and at most two strides of events
    ///   folded (`liveState(at:axis:)`).
    public func fleet(at ms: Int64, axis: TimeAxis = .valid) throws -> [FleetRow] {
        ReadModelRows(
            try liveState(at: ms, axis: axis), today: UTC.day(ofMs: ms), closedWorkOrders: false
        ).fleet
    }
}
