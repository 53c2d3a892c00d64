import Domain
import Foundation
import GRDB

extension RailFleetStore {
    /// Empties every read model and snapshot and builds them again from the log alone:
    /// the log is folded once, in local order, writing a snapshot every `snapshotInterval`
    /// events of an aggregate as a commit would have.
    ///
    /// An aggregate with an event that no longer decodes is quarantined: its rows show what
    /// its other events say, a conflict notice names the damaged event, and commands on it
    /// are refused until the event is taken again; the rest is rebuilt as ever.
    ///
    /// - Returns: the number of events folded.
    /// - Complexity: O(events).
    @discardableResult
    public func rebuildProjections() throws -> Int {
        let (count, states, maxSeq, maxRecorded, quarantined) = try writer.write {
            db -> (Int, AggregateSet, Int64, [AggregateRef: Int64], [AggregateRef: DamagedEvent]) in
            for table in Migrations.readModelTables { try db.execute(sql: "DELETE FROM \(table)") }
            try db.cachedStatement(sql: "DELETE FROM snapshots").execute()
            // A facts table dropped behind RailFleet's back is made again.
            if try !db.tableExists("analytics_facts") { try Migrations.createAnalyticsFacts(db) }
            try db.cachedStatement(sql: "DELETE FROM analytics_facts").execute()
            var set = AggregateSet()
            var count = 0
            var maxSeq: Int64 = 0
            let cursor = try Row.fetchCursor(db, sql: "SELECT \(EventRow.columns) FROM events ORDER BY seq")
            let interval = snapshotInterval
            var maxRecorded: [AggregateRef: Int64] = [:]
            var quarantined: [AggregateRef: DamagedEvent] = [:]
            while let row = try cursor.next() {
                let stored = EventRow(row: row)
                let event: RecordedEvent
                do { event = try stored.decoded() } catch {
                    let damage = DamagedEvent(stored, error)
                    if let ref = damage.aggregate, quarantined[ref] == nil { quarantined[ref] = damage }
                    continue
                }
                set.apply(event)
                try AnalyticsFactRows.insert(CollectionOfOne(event), db)
                let recorded = max(maxRecorded[event.aggregate] ?? 0, event.recordedAtMs)
                maxRecorded[event.aggregate] = recorded
                if let aggregate = set[event.aggregate], aggregate.version % interval == 0 {
                    let entry = CachedAggregate(
                        aggregate: aggregate, seq: stored.seq, snapshotVersion: 0, maxRecordedMs: recorded)
                    try Snapshots.write(entry, db)
                }
                maxSeq = stored.seq
                count += 1
            }
            let plan: (String) -> ExamPlanState? = { cls in
                if case .examPlan(let p)? = set[AggregateRef(.examPlan, cls)] { return p.body }
                return nil
            }
            for (_, aggregate) in set.aggregates.sorted(by: {
                ($0.key.kind.rawValue, $0.key.id) < ($1.key.kind.rawValue, $1.key.id)
            }) {
                try Projector.write(aggregate, examPlan: plan, db)
            }
            for (ref, damage) in quarantined {
                try db.cachedStatement(
                    sql:
                        "INSERT OR REPLACE INTO conflicts (aggregate_kind, aggregate_id, key, message, resolutions) VALUES (?, ?, 'quarantined', ?, '[]')"
                ).execute(arguments: [ref.kind.rawValue, ref.id, damage.quarantine.message])
            }

            return (count, set, maxSeq, maxRecorded, quarantined)
        }
        cache = AggregateCache()
        cache.seenSeq = maxSeq
        for (ref, aggregate) in states.aggregates where quarantined[ref] == nil {
            let snapshotVersion = aggregate.version - aggregate.version % snapshotInterval
            cache.entries[ref] = CachedAggregate(
                aggregate: aggregate, seq: maxSeq, snapshotVersion: snapshotVersion,
                maxRecordedMs: maxRecorded[ref] ?? 0)
        }
        return count
    }

    /// Every read-model table as text, for comparing two builds.
    public func dumpReadModels() throws -> String {
        try writer.read { db in
            var out = ""
            for table in Migrations.readModelTables {
                out += "# \(table)\n"
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1, 2") {
                    out += row.description + "\n"
                }
            }
            return out
        }
    }
}

extension RailFleetStore {
    /// Marks a database as a generated demo, which `railfleet demo` may replace.
    public func markAsDemo() throws {
        try writer.write { db in
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO settings (name, value) VALUES ('demo', 'true')")
                .execute()
        }
    }

    /// Whether the file at `path` is a generated demo, whatever version wrote it: read without
    /// opening it as a store, which would refuse (read-only) or upgrade an older schema.
    public static func isDemo(at path: String) -> Bool {
        var config = Configuration()
        config.readonly = true
        guard let connection = try? openReadOnly(path, config) else { return false }
        return
            (try? connection.read { db in
                try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM settings WHERE name = 'demo'"))
            }) == "true"
    }

}
