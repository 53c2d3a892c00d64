import Domain
import Foundation
import GRDB

/// The whole replica's state at regular positions of each time axis, kept in the database,
/// so that the fleet as of any moment is one checkpoint and at most a stride of events
/// folded (`RailFleetStore.checkpointStride`), whatever the length of the history.
///
/// Checkpoint n holds the state after the first n strides of events in the axis' order. It
/// stores only the aggregates that changed since checkpoint n − 1: an aggregate's state at
/// n is its newest row at or before n. Vehicles are stored trimmed
/// (`AggregateBody.trimmedForCheckpoint`), so that a checkpoint does not grow with their
/// odometer histories; a fold that meets an event needing the whole state refolds that
/// aggregate from the log first.
///
/// Checkpoints are derived from the log and made again from it: never signed, never
/// synchronised. One that no longer describes the log (an event arrived that sorts before
/// it, or a row of the log was changed) is dropped, and so are the ones after it.
enum TimeCheckpoints {
    /// A stored checkpoint's header.
    struct Header {
        let number: Int
        /// The last event it includes.
        let key: AxisKey
        /// How many aggregates its set holds, and how many of those a fleet view needs: a
        /// row removed behind the program's back shows as a shortfall.
        let aggregates: Int
        let fleetAggregates: Int
        let covered: CausalContext
    }

    /// A set being folded forward from a checkpoint.
    struct Fold {
        var set: AggregateSet
        /// The key of the last event folded in, nil before the first.
        var key: AxisKey?
        /// Vehicles as a checkpoint stores them, without their whole odometer history.
        var trimmed: Set<AggregateRef>
        /// Aggregates changed since the fold began.
        var changed: Set<AggregateRef> = []
        /// Whether only what a fleet view needs was loaded (see `neededForFleet`).
        let fleetOnly: Bool
        /// The checkpoint it holds the state of, nil for the start of the log, or after events
        /// folded since.
        var base: Int?
        /// Events folded since the checkpoint.
        var folded = 0

        static let empty = Fold(set: AggregateSet(), key: nil, trimmed: [], fleetOnly: false, base: nil)
    }

    /// Whether a view of the fleet (vehicles with their open orders and defects) needs an
    /// aggregate: closed work orders and defects are most of a long history and none of it.
    static func neededForFleet(_ aggregate: AnyAggregate) -> Bool {
        switch aggregate {
        case .vehicle, .examPlan: true
        case .workOrder(let w): w.body.status.isOpen
        case .defect(let d): !d.body.isClosed
        default: false
        }
    }

    static let fleetKinds: Set<AggregateKind> = [.vehicle, .examPlan, .workOrder, .defect]

    // MARK: Validity

    /// How many checkpoints of an axis still describe the log: numbers below the result.
    ///
    /// A checkpoint stays true while no event that sorts before it arrives and no row of the
    /// log changes (`log_edits`). What was checked is remembered, so each call reads only the
    /// events stored since the last. With `prune`, the others are deleted and the mark moved.
    static func usable(_ db: Database, axis: TimeAxis, prune: Bool) throws -> Int {
        let mark = try Row.fetchOne(
            db, sql: "SELECT checked_seq, edits_mark FROM time_checkpoint_marks WHERE axis = ?",
            arguments: [axis.rawValue])
        let checkedSeq: Int64 = mark?[0] ?? 0
        let editsMark: Int64 = mark?[1] ?? 0
        let edits = try Row.fetchOne(db, sql: "SELECT count(*), coalesce(max(id), 0) FROM log_edits")
        let (editCount, lastEdit): (Int, Int64) = (edits?[0] ?? 0, edits?[1] ?? 0)
        let lastSeq = try Int64.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM events") ?? 0
        var bound: Int
        if mark == nil || (editCount > 0 && lastEdit != editsMark) {
            bound = 0
        } else {
            bound =
                try Int.fetchOne(
                    db, sql: "SELECT coalesce(max(number), -1) + 1 FROM time_checkpoints WHERE axis = ?",
                    arguments: [axis.rawValue]) ?? 0
            // The earliest position on the axis of anything stored since the last check.
            var earliest: AxisKey?
            let rows = try Row.fetchCursor(
                db, sql: "SELECT \(axis.keyColumns) FROM events WHERE seq > ?", arguments: [checkedSeq])
            while let row = try rows.next() {
                let key = AxisKey(row, from: 0)
                if earliest.map({ key < $0 }) ?? true { earliest = key }
            }
            if let earliest {
                let keys = try Row.fetchAll(
                    db,
                    sql:
                        "SELECT number, key_ms, key_second, key_device, key_last FROM time_checkpoints WHERE axis = ? ORDER BY number",
                    arguments: [axis.rawValue])
                bound = keys.first { AxisKey($0, from: 1) >= earliest }.map { $0[0] as Int } ?? bound
            }
        }
        if prune {
            try drop(db, axis: axis, from: bound)
            try db.execute(
                sql: "INSERT OR REPLACE INTO time_checkpoint_marks (axis, checked_seq, edits_mark) VALUES (?, ?, ?)",
                arguments: [axis.rawValue, lastSeq, lastEdit])
        }
        return bound
    }

    /// Deletes the checkpoints of an axis from a number on.
    static func drop(_ db: Database, axis: TimeAxis, from number: Int) throws {
        try db.execute(
            sql: "DELETE FROM time_checkpoints WHERE axis = ? AND number >= ?", arguments: [axis.rawValue, number])
        try db.execute(
            sql: "DELETE FROM time_checkpoint_states WHERE axis = ? AND number >= ?",
            arguments: [axis.rawValue, number])
    }

    // MARK: Reading

    /// The newest usable checkpoint whose last event is at or before a time of the axis.
    static func header(_ db: Database, axis: TimeAxis, below bound: Int, atOrBefore ms: Int64 = .max) throws -> Header?
    {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT number, key_ms, key_second, key_device, key_last, aggregates, fleet_aggregates, covered
                    FROM time_checkpoints WHERE axis = ? AND number < ? AND key_ms <= ? ORDER BY number DESC LIMIT 1
                    """, arguments: [axis.rawValue, bound, ms])
        else { return nil }
        return Header(
            number: row[0], key: AxisKey(row, from: 1), aggregates: row[5], fleetAggregates: row[6],
            covered: try JSONDecoder().decode(CausalContext.self, from: row[7]))
    }

    /// Damage found in a checkpoint: its rows are fewer than it says, or do not decode.
    struct Damaged: Error {
        let number: Int
    }

    /// A checkpoint's set, whole or only what a fleet view needs.
    static func load(_ db: Database, _ header: Header, axis: TimeAxis, fleetOnly: Bool) throws -> Fold {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT s.aggregate_kind, s.aggregate_id, s.state FROM time_checkpoint_states s
                JOIN (
                    SELECT aggregate_kind AS k, aggregate_id AS i, max(number) AS n FROM time_checkpoint_states
                    WHERE axis = ?1 AND number <= ?2 GROUP BY aggregate_kind, aggregate_id
                ) m ON s.axis = ?1 AND s.aggregate_kind = m.k AND s.aggregate_id = m.i AND s.number = m.n
                \(fleetOnly ? "WHERE s.fleet = 1" : "")
                """, arguments: [axis.rawValue, header.number])
        guard rows.count == (fleetOnly ? header.fleetAggregates : header.aggregates) else {
            throw Damaged(number: header.number)
        }
        let decoded = try ParallelMap.map(rows) { row -> AnyAggregate in
            guard let kind = AggregateKind(rawValue: row[0]) else { throw Damaged(number: header.number) }
            return try decodeState(kind, row[2], number: header.number)
        }
        var aggregates: [AggregateRef: AnyAggregate] = [:]
        aggregates.reserveCapacity(decoded.count)
        var trimmed: Set<AggregateRef> = []
        for aggregate in decoded {
            aggregates[aggregate.ref] = aggregate
            if aggregate.ref.kind == .vehicle { trimmed.insert(aggregate.ref) }
        }
        return Fold(
            set: AggregateSet(aggregates: aggregates, covered: header.covered), key: header.key, trimmed: trimmed,
            fleetOnly: fleetOnly, base: header.number)
    }

    static func decodeState(_ kind: AggregateKind, _ data: Data, number: Int) throws -> AnyAggregate {
        do { return try AnyAggregate.decode(kind, from: Deflate.decompress(data, limit: 64 << 20)) } catch {
            throw Damaged(number: number)
        }
    }

    /// One aggregate's newest stored state at or before a checkpoint.
    static func stored(_ db: Database, _ ref: AggregateRef, axis: TimeAxis, atOrBefore number: Int) throws
        -> AnyAggregate?
    {
        guard
            let data = try Data.fetchOne(
                db,
                sql: """
                    SELECT state FROM time_checkpoint_states
                    WHERE axis = ? AND aggregate_kind = ? AND aggregate_id = ? AND number <= ? ORDER BY number DESC LIMIT 1
                    """, arguments: [axis.rawValue, ref.kind.rawValue, ref.id, number])
        else { return nil }
        return try decodeState(ref.kind, data, number: number)
    }

    // MARK: Folding

    /// Folds events (in the axis' order, following the fold's key) into a fold.
    static func fold(_ events: [StoredEvent], into fold: inout Fold, axis: TimeAxis, _ db: Database) throws {
        for e in events {
            let ref = e.event.aggregate
            if fold.fleetOnly, fold.set[ref] == nil, let base = fold.base,
                let stored = try stored(db, ref, axis: axis, atOrBefore: base)
            {
                // A closed order or defect left out of a fleet-only load, changed again.
                fold.set[ref] = stored
                if ref.kind == .vehicle { fold.trimmed.insert(ref) }
            }
            if fold.trimmed.contains(ref), AnyAggregate.needsWholeState(e.event) {
                fold.set[ref] = try whole(ref, before: AxisKey(e, on: axis), axis: axis, db)
                fold.trimmed.remove(ref)
            }
            if fold.set.apply(e.event) { fold.changed.insert(ref) }
            fold.key = AxisKey(e, on: axis)
            fold.folded += 1
        }
    }

    /// An aggregate folded from its own events that sort before a key: the state a fold in
    /// the axis' order holds just before the event at that key.
    static func whole(_ ref: AggregateRef, before key: AxisKey, axis: TimeAxis, _ db: Database) throws -> AnyAggregate {
        let events = try EventRow.fetchStored(
            db, where: "aggregate_id = ? AND aggregate_kind = ?", arguments: [ref.id, ref.kind.rawValue])
        var aggregate = AnyAggregate(ref)
        for e in events where AxisKey(e, on: axis) < key { aggregate.apply(e.event) }
        return aggregate
    }

    /// The events after a key, up to a time of the axis and at most `limit`, in the axis' order.
    static func events(
        _ db: Database, axis: TimeAxis, after key: AxisKey?, upTo ms: Int64 = .max, limit: Int? = nil
    ) throws -> [StoredEvent] {
        let after = axis.after(key)
        return try EventRow.fetchStored(
            db, where: "\(after.clause) AND \(axis.timeColumn) <= ?", arguments: after.arguments + [ms],
            suffix: "ORDER BY \(axis.order)" + (limit.map { " LIMIT \($0)" } ?? ""))
    }

    // MARK: Writing

    /// Stores a fold as the next checkpoint: the aggregates it changed, trimmed.
    static func save(_ fold: Fold, number: Int, axis: TimeAxis, _ db: Database) throws {
        guard let key = fold.key else { return }
        let refs = Array(fold.changed)
        let encoded = try ParallelMap.map(refs) { ref -> (AggregateRef, Bool, Data)? in
            guard let aggregate = fold.set[ref] else { return nil }
            return (
                ref, neededForFleet(aggregate),
                try Deflate.compress(aggregate.trimmedForCheckpoint().encoded(), level: 1)
            )
        }
        let insert = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO time_checkpoint_states (axis, aggregate_kind, aggregate_id, number, fleet, state)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
        for case (let ref, let fleet, let state)? in encoded {
            try insert.execute(arguments: [axis.rawValue, ref.kind.rawValue, ref.id, number, fleet, state])
        }
        let fleetAggregates = fold.set.aggregates.values.lazy.filter(neededForFleet).count
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO time_checkpoints
                (axis, number, key_ms, key_second, key_device, key_last, aggregates, fleet_aggregates, covered)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                axis.rawValue, number, key.ms, key.second, key.device, key.last, fold.set.aggregates.count,
                fleetAggregates, try JSONEncoder.sorted(fold.set.covered),
            ])
    }
}
