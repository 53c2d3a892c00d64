import Domain
import Foundation
import GRDB

/// The replica's state at regular positions of each time axis, kept in the database, so
/// that the fleet as of any moment is one checkpoint and at most a stride of events folded
/// (`RailFleetStore.checkpointStride`), whatever the length of the history.
///
/// Checkpoint n holds the state after the first n strides of events in the axis' order. It
/// stores only the aggregates that changed since checkpoint n − 1, trimmed
/// (`AnyAggregate.trimmedForCheckpoint`), and a manifest naming, for every live aggregate
/// (all but closed work orders and defects, which are most of a long history), the
/// checkpoint that holds its state. Reading one is the manifest and one lookup per live
/// aggregate; a closed one is read when an event touches it again. A fold that meets an
/// event needing an aggregate's whole state (an odometer correction) refolds that
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
    }

    /// A set being folded forward from a checkpoint.
    struct Fold {
        /// The live aggregates and those the fold has touched.
        var set: AggregateSet
        /// The key of the last event folded in, nil before the first.
        var key: AxisKey?
        /// The checkpoint it holds the state of; nil at the start of the log or once events
        /// were folded since.
        var base: Int?
        /// The last checkpoint it was loaded from or saved as: stored states up to it are
        /// current for aggregates it does not hold.
        var origin: Int?
        /// For each aggregate loaded or saved, the checkpoint holding its stored state.
        var stored: [AggregateRef: Int] = [:]
        /// Vehicles as a checkpoint stores them, without their whole odometer history.
        var trimmed: Set<AggregateRef> = []
        /// Aggregates changed since the last checkpoint.
        var changed: Set<AggregateRef> = []

        static let empty = Fold(set: AggregateSet(), key: nil, base: nil, origin: nil)
    }

    /// Whether an aggregate can still change in the normal course of work: all but closed
    /// work orders and defects. A checkpoint's manifest names the live ones.
    static func isLive(_ aggregate: AnyAggregate) -> Bool {
        switch aggregate {
        case .workOrder(let w): w.body.status.isOpen
        case .defect(let d): !d.body.isClosed
        default: true
        }
    }

    // MARK: Validity

    /// How many checkpoints of an axis still describe the log: numbers below the result.
    ///
    /// A checkpoint stays true while no event that sorts before it arrives and no row of the
    /// log changes (`log_edits`). What was checked is remembered, so each call reads only the
    /// events stored since the last. With `prune`, the others are deleted and the mark moved.
    static func usable(_ db: Database, axis: TimeAxis, prune: Bool) throws -> Int {
        let mark = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT checked_seq, edits_mark FROM time_checkpoint_marks WHERE axis = ?"),
            arguments: [axis.rawValue])
        let checkedSeq: Int64 = mark?[0] ?? 0
        let editsMark: Int64 = mark?[1] ?? 0
        let edits = try Row.fetchOne(db.cachedStatement(sql: "SELECT count(*), coalesce(max(id), 0) FROM log_edits"))
        let (editCount, lastEdit): (Int, Int64) = (edits?[0] ?? 0, edits?[1] ?? 0)
        let lastSeq = try Int64.fetchOne(db.cachedStatement(sql: "SELECT coalesce(max(seq), 0) FROM events")) ?? 0
        var bound: Int
        if mark == nil || (editCount > 0 && lastEdit != editsMark) {
            bound = 0
        } else {
            bound =
                try Int.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT coalesce(max(number), -1) + 1 FROM time_checkpoints WHERE axis = ?"),
                    arguments: [axis.rawValue]) ?? 0
            // The earliest position on the axis of anything stored since the last check.
            var earliest: AxisKey?
            let rows = try Row.fetchCursor(
                db, sql: "SELECT \(axis.keyColumns) FROM events WHERE seq > ?", arguments: [checkedSeq])
            while let row = try rows.next() {
                let key = AxisKey(row, from: 0)
                if earliest.map({ key < $0 }) ?? true { earliest = key }
            }
            if let earliest,
                let first = try Int.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT min(number) FROM time_checkpoints
                            WHERE axis = ? AND (key_ms, key_second, key_device, key_last) >= (?, ?, ?, ?)
                            """),
                    arguments: [axis.rawValue, earliest.ms, earliest.second, earliest.device, earliest.last])
            {
                // The first checkpoint whose last event sorts at or after it, and all later ones.
                bound = min(bound, first)
            }
        }
        if prune {
            try drop(db, axis: axis, from: bound)
            // The mark is written only when it moves: a query of the past otherwise changes no page.
            if mark == nil || lastSeq != checkedSeq || lastEdit != editsMark {
                try db.cachedStatement(
                    sql: "INSERT OR REPLACE INTO time_checkpoint_marks (axis, checked_seq, edits_mark) VALUES (?, ?, ?)"
                ).execute(arguments: [axis.rawValue, lastSeq, lastEdit])
            }
        }
        return bound
    }

    /// Deletes the checkpoints of an axis from a number on (a seek of an index when there
    /// are none).
    static func drop(_ db: Database, axis: TimeAxis, from number: Int) throws {
        try db.cachedStatement(sql: "DELETE FROM time_checkpoints WHERE axis = ? AND number >= ?").execute(arguments: [
            axis.rawValue, number,
        ])
        try db.cachedStatement(sql: "DELETE FROM time_checkpoint_states WHERE axis = ? AND number >= ?").execute(
            arguments: [axis.rawValue, number])
    }

    // MARK: Reading

    /// The newest usable checkpoint whose last event is at or before a time of the axis.
    static func header(_ db: Database, axis: TimeAxis, below bound: Int, atOrBefore ms: Int64 = .max) throws -> Header?
    {
        try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT number, key_ms, key_second, key_device, key_last FROM time_checkpoints
                    WHERE axis = ? AND number < ? AND key_ms <= ? ORDER BY number DESC LIMIT 1
                    """), arguments: [axis.rawValue, bound, ms]
        ).map { Header(number: $0[0], key: AxisKey($0, from: 1)) }
    }

    /// Damage found in a checkpoint: its manifest names a state that is not there, or
    /// something does not decode.
    struct Damaged: Error {
        let number: Int
    }

    /// A checkpoint's live aggregates, as its fold.
    static func load(_ db: Database, _ header: Header, axis: TimeAxis) throws -> Fold {
        let damaged = Damaged(number: header.number)
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT covered, manifest FROM time_checkpoints WHERE axis = ? AND number = ?"),
                arguments: [axis.rawValue, header.number]),
            let covered = try? JSONDecoder().decode(CausalContext.self, from: row[0] as Data),
            let manifest = try? Manifest.decode(row[1])
        else { throw damaged }
        let lookup = try db.cachedStatement(
            sql: """
                SELECT state FROM time_checkpoint_states
                WHERE axis = ? AND aggregate_kind = ? AND aggregate_id = ? AND number = ?
                """)
        let blobs = try manifest.map { ref, number -> (AggregateRef, Data) in
            guard let data = try Data.fetchOne(lookup, arguments: [axis.rawValue, ref.kind.rawValue, ref.id, number])
            else { throw damaged }
            return (ref, data)
        }
        let decoded = try ParallelMap.map(blobs) { ref, data in try decodeState(ref.kind, data, number: header.number) }
        var fold = Fold(set: AggregateSet(), key: header.key, base: header.number, origin: header.number)
        var aggregates: [AggregateRef: AnyAggregate] = [:]
        aggregates.reserveCapacity(decoded.count)
        for (aggregate, (ref, number)) in zip(decoded, manifest) {
            guard aggregate.ref == ref else { throw damaged }
            aggregates[ref] = aggregate
            fold.stored[ref] = number
            if ref.kind == .vehicle { fold.trimmed.insert(ref) }
        }
        fold.set = AggregateSet(aggregates: aggregates, covered: covered)
        return fold
    }

    static func decodeState(_ kind: AggregateKind, _ data: Data, number: Int) throws -> AnyAggregate {
        do { return try AnyAggregate.decode(kind, from: Deflate.decompress(data, limit: 64 << 20)) } catch {
            throw Damaged(number: number)
        }
    }

    /// One aggregate's newest stored state at or before a checkpoint, and where it is.
    static func stored(_ db: Database, _ ref: AggregateRef, axis: TimeAxis, atOrBefore number: Int) throws
        -> (AnyAggregate, Int)?
    {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT state, number FROM time_checkpoint_states
                        WHERE axis = ? AND aggregate_kind = ? AND aggregate_id = ? AND number <= ?
                        ORDER BY number DESC LIMIT 1
                        """), arguments: [axis.rawValue, ref.kind.rawValue, ref.id, number])
        else { return nil }
        return (try decodeState(ref.kind, row[0], number: number), row[1])
    }

    // MARK: Folding

    /// Folds events (in the axis' order, following the fold's key) into a fold.
    static func fold(_ events: [StoredEvent], into fold: inout Fold, axis: TimeAxis, _ db: Database) throws {
        for e in events {
            try prepare(&fold, for: e, at: AxisKey(e, on: axis), axis: axis, db)
            if fold.set.apply(e.event) { fold.changed.insert(e.event.aggregate) }
            fold.key = AxisKey(e, on: axis)
            fold.base = nil
        }
    }

    /// Gives a fold what applying an event needs that a checkpoint leaves out: the stored
    /// state of an aggregate its manifest does not name (a closed order or defect changed
    /// again), and the whole state of a trimmed vehicle a correction meets, as of `position`
    /// (where the fold stands on the axis).
    static func prepare(
        _ fold: inout Fold, for e: StoredEvent, at position: AxisKey, axis: TimeAxis, _ db: Database
    ) throws {
        let ref = e.event.aggregate
        if fold.set[ref] == nil, let origin = fold.origin,
            let (state, number) = try stored(db, ref, axis: axis, atOrBefore: origin)
        {
            fold.set[ref] = state
            fold.stored[ref] = number
            if ref.kind == .vehicle { fold.trimmed.insert(ref) }
        }
        if fold.trimmed.contains(ref), AnyAggregate.needsWholeState(e.event) {
            fold.set[ref] = try whole(ref, before: position, axis: axis, db)
            fold.trimmed.remove(ref)
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

    /// How many events follow a key, counting no further than `limit`.
    static func count(_ db: Database, axis: TimeAxis, after key: AxisKey?, limit: Int) throws -> Int {
        let after = axis.after(key)
        return try Int.fetchOne(
            db, sql: "SELECT count(*) FROM (SELECT 1 FROM events WHERE \(after.clause) LIMIT \(limit))",
            arguments: after.arguments) ?? 0
    }

    /// The time of the `n`th event after a key, or nil when fewer follow it: whether a
    /// checkpoint can be made before a time, read from the index without decoding a stride.
    static func time(ofEvent n: Int, axis: TimeAxis, after key: AxisKey?, _ db: Database) throws -> Int64? {
        let after = axis.after(key)
        return try Int64.fetchOne(
            db,
            sql:
                "SELECT \(axis.timeColumn) FROM events WHERE \(after.clause) ORDER BY \(axis.order) LIMIT 1 OFFSET \(n - 1)",
            arguments: after.arguments)
    }

    // MARK: Writing

    /// Stores a fold as checkpoint `number`: the aggregates it changed, trimmed, and the
    /// manifest of the live ones. Afterwards the fold holds only live aggregates.
    static func save(_ fold: inout Fold, number: Int, axis: TimeAxis, _ db: Database) throws {
        guard let key = fold.key else { return }
        let covered = fold.set.covered
        let refs = Array(fold.changed)
        let encoded = try ParallelMap.map(refs) { [set = fold.set] ref -> Data in
            guard let aggregate = set[ref] else { preconditionFailure("a changed aggregate is in the set") }
            return try Deflate.compress(aggregate.trimmedForCheckpoint(covered: covered).encoded(), level: 1)
        }
        let insert = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO time_checkpoint_states (axis, aggregate_kind, aggregate_id, number, state)
                VALUES (?, ?, ?, ?, ?)
                """)
        for (ref, state) in zip(refs, encoded) {
            try insert.execute(arguments: [axis.rawValue, ref.kind.rawValue, ref.id, number, state])
            fold.stored[ref] = number
        }
        // Closed orders and defects leave the fold: they are read again if they change.
        var live: [(AggregateRef, Int)] = []
        for (ref, aggregate) in fold.set.aggregates {
            if isLive(aggregate), let at = fold.stored[ref] {
                live.append((ref, at))
            } else {
                fold.set[ref] = nil
                fold.stored[ref] = nil
                fold.trimmed.remove(ref)
            }
        }
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO time_checkpoints
                (axis, number, key_ms, key_second, key_device, key_last, covered, manifest)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            axis.rawValue, number, key.ms, key.second, key.device, key.last, try JSONEncoder.sorted(covered),
            try Manifest.encode(live),
        ])
        fold.changed = []
        fold.base = number
        fold.origin = number
    }

    /// Which stored state each live aggregate has: kind, id and checkpoint number, as JSON
    /// (an id arrives from peers and may hold any character), compressed.
    enum Manifest {
        private struct Entry: Codable {
            let kind: AggregateKind
            let id: String
            let number: Int
        }

        static func encode(_ entries: [(AggregateRef, Int)]) throws -> Data {
            let sorted = entries.sorted { ($0.0.kind.rawValue, $0.0.id) < ($1.0.kind.rawValue, $1.0.id) }
            let json = try JSONEncoder().encode(sorted.map { Entry(kind: $0.0.kind, id: $0.0.id, number: $0.1) })
            return try Deflate.compress(json, level: 1)
        }

        static func decode(_ data: Data) throws -> [(AggregateRef, Int)] {
            try JSONDecoder().decode([Entry].self, from: Deflate.decompress(data, limit: 256 << 20)).map {
                (AggregateRef($0.kind, $0.id), $0.number)
            }
        }
    }
}
