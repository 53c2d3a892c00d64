import Domain
import Foundation
import GRDB

/// Aggregates loaded so far, each with the local sequence number it is current to and the
/// version of its last snapshot.
struct CachedAggregate {
    var aggregate: AnyAggregate
    var seq: Int64
    var snapshotVersion: Int
    /// The latest recorded time among its events, so snapshots can serve recorded-time audits.
    var maxRecordedMs: Int64 = 0

    mutating func apply(_ event: RecordedEvent, seq: Int64) {
        aggregate.apply(event)
        self.seq = seq
        maxRecordedMs = max(maxRecordedMs, event.recordedAtMs)
    }
}

/// Loads aggregates from snapshot plus the events after it, and keeps them current.
struct AggregateCache {
    var entries: [AggregateRef: CachedAggregate] = [:]
    /// Aggregates known to have no events yet (a class without a plan), so that asking
    /// again costs no query. An event for one removes it.
    var absent: Set<AggregateRef> = []
    /// The highest local sequence number every cached aggregate has seen.
    var seenSeq: Int64 = 0

    /// Reads an aggregate from the database, from its snapshot when asked and present.
    static func read(_ ref: AggregateRef, _ db: Database, useSnapshot: Bool) throws -> CachedAggregate? {
        var entry = CachedAggregate(aggregate: AnyAggregate(ref), seq: 0, snapshotVersion: 0)
        if useSnapshot,
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql:
                        "SELECT up_to_seq, version, max_recorded_ms, state FROM snapshots WHERE aggregate_kind = ? AND aggregate_id = ? ORDER BY up_to_seq DESC LIMIT 1"
                ),
                arguments: [ref.kind.rawValue, ref.id])
        {
            // A snapshot is only a cache of the log: an unreadable one is ignored.
            if let aggregate = try? AnyAggregate.decode(ref.kind, from: row["state"]) {
                entry = CachedAggregate(
                    aggregate: aggregate, seq: row["up_to_seq"], snapshotVersion: row["version"],
                    maxRecordedMs: row["max_recorded_ms"])
            }
        }
        let rows = try EventRow.fetch(
            db, where: "aggregate_id = ? AND aggregate_kind = ? AND seq > ?",
            arguments: [ref.id, ref.kind.rawValue, entry.seq])
        if rows.isEmpty && entry.seq == 0 { return nil }
        for row in rows {
            do { entry.apply(try row.decoded(), seq: row.seq) } catch { throw DamagedEvent(row, error).quarantine }
        }
        return entry
    }

    /// Applies events stored by another process (a sync, the CLI) to what is cached.
    mutating func catchUp(_ db: Database) throws -> [StoredEvent] {
        let maxSeq = try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(seq) FROM events")) ?? 0
        guard maxSeq > seenSeq else { return [] }
        let rows = try EventRow.fetch(db, where: "seq > ?", arguments: [seenSeq])
        var stored: [StoredEvent] = []
        for row in rows {
            guard let event = try? row.decoded() else {
                // Damaged: what is cached of its aggregate is forgotten, so that the next read
                // quarantines it.
                if let kind = AggregateKind(rawValue: row.aggregateKind) {
                    entries[AggregateRef(kind, row.aggregateID)] = nil
                }
                continue
            }
            absent.remove(event.aggregate)
            entries[event.aggregate]?.apply(event, seq: row.seq)
            stored.append(StoredEvent(seq: row.seq, event: event, hash: row.hash))
        }
        seenSeq = maxSeq
        return stored
    }
}
