public import Domain
import Foundation
import GRDB

/// What every member of the fleet is known to hold, by this replica's knowledge.
public struct StableVector: Codable, Sendable, Equatable {
    /// The events every enrolled, non-retired device has acknowledged.
    public var vector: VersionVector
    /// The enrolled, non-retired devices.
    public var members: [String]
    /// Members this replica never heard an acknowledgement from: until they report (or are
    /// retired), nothing is stable.
    public var silent: [String]
}

/// What one compaction did.
public struct CompactionReport: Codable, Sendable, Equatable {
    public var stable: StableVector
    /// Tombstones, superseded writes and withdrawn readings forgotten.
    public var forgotten: Int
    /// Snapshots written or rewritten without them.
    public var snapshotsRewritten: Int
    /// Snapshots dropped beyond the newest `RailFleetStore.snapshotsKept` per aggregate.
    public var snapshotsPruned: Int
}

extension RailFleetStore {
    /// Snapshots kept per aggregate by compaction: the newest serve loading, older ones only
    /// speed up time travel far back, which folds from an earlier one or from the start.
    public static let snapshotsKept = 3

    /// The events every member is known to hold: the meet of this replica's own vector and
    /// the acknowledgements it recorded (a hub records each device's on every pull; a bundle
    /// file carries its sender's).
    public func stableVector() throws -> StableVector {
        let own = try requireIdentity().device
        return try writer.read { db in try Self.stableVector(db, own: own) }
    }

    static func stableVector(_ db: Database, own: DeviceID) throws -> StableVector {
        var vector = try versionVector(db)
        var members: [String] = []
        var silent: [String] = []
        let enrolled = try String.fetchAll(
            db.cachedStatement(sql: "SELECT DISTINCT aggregate_id FROM events WHERE event_type = ?"),
            arguments: [DeviceEnrolled.eventType])
        for id in enrolled.sorted() {
            guard
                case .device(let device)? = try AggregateCache.read(AggregateRef(.device, id), db, useSnapshot: true)?
                    .aggregate, device.body.enrolment.value != nil, device.body.retirement == nil
            else { continue }
            members.append(id)
            guard id != own.rawValue else { continue }
            if let acknowledged = try knownVector(of: id, db) {
                vector = vector.meet(acknowledged)
            } else {
                silent.append(id)
                vector = VersionVector()
            }
        }
        return StableVector(vector: vector, members: members, silent: silent)
    }

    /// Drops from aggregate state and snapshots the bookkeeping of removals that no replica
    /// can need again, and snapshots beyond the newest few. The log is never touched, and no
    /// value of any aggregate changes.
    ///
    /// An entry about event `e` (a tombstone, a superseded write, a withdrawn reading) is
    /// forgotten from a state folded up to local position `s` when both hold:
    /// - every member has acknowledged `e` (the stable vector covers it): the protocol's rule;
    /// - `e` sits in this replica's log at a position up to `s`: it was applied to that state
    ///   (or never belonged to it) and, the log holding each event once, is never applied to
    ///   it again. This is what makes a lying acknowledgement harmless.
    ///
    /// - Parameter hub: what the hub, which hears every member's acknowledgement, says is
    ///   stable; taken as far as this replica holds it. Without it, this replica's own
    ///   knowledge (the bundle files it received) decides.
    /// - Returns: what was forgotten and pruned.
    /// - Throws: `StorageError` when the replica cannot be read or written, or an event of
    ///   an aggregate to compact is damaged (nothing is changed then).
    @discardableResult
    public func compact(within hub: StableVector? = nil) throws -> CompactionReport {
        let own = try requireIdentity().device
        return try writer.write { db in
            _ = try cache.catchUp(db)
            let stable =
                try hub.map {
                    StableVector(
                        vector: try Self.versionVector(db).meet($0.vector), members: $0.members, silent: $0.silent)
                } ?? Self.stableVector(db, own: own)
            try db.cachedStatement(
                sql: """
                    DELETE FROM snapshots WHERE rowid IN (SELECT rowid FROM (SELECT rowid, row_number() OVER
                      (PARTITION BY aggregate_kind, aggregate_id ORDER BY up_to_seq DESC) AS newest FROM snapshots) WHERE newest > ?)
                    """
            ).execute(arguments: [Self.snapshotsKept])
            var report = CompactionReport(
                stable: stable, forgotten: 0, snapshotsRewritten: 0, snapshotsPruned: db.changesCount)
            guard !stable.vector.counters.isEmpty else { return report }
            var positions = LogPositions(db)
            let refs = try Row.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT aggregate_kind, aggregate_id FROM events
                    WHERE event_type IN (\(DomainEvent.removalTypes.map { _ in "?" }.joined(separator: ",")))
                    """, arguments: StatementArguments(DomainEvent.removalTypes)
            ).compactMap { row in AggregateKind(rawValue: row[0]).map { AggregateRef($0, row[1]) } }
            for ref in refs {
                // The current state becomes the newest snapshot.
                guard var entry = try AggregateCache.read(ref, db, useSnapshot: true) else { continue }
                let current = entry.seq
                let forgotten = entry.aggregate.forgetStable { id in
                    stable.vector.contains(id) && positions.seq(of: id).map { $0 <= current } == true
                }
                if forgotten > 0 {
                    try Snapshots.write(entry, db)
                    entry.snapshotVersion = entry.aggregate.version
                    if cache.entries[ref] != nil { cache.entries[ref] = entry }
                    report.forgotten += forgotten
                    report.snapshotsRewritten += 1
                }
                // The older ones kept for time travel, each by its own position.
                let older = try Row.fetchAll(
                    db.cachedStatement(
                        sql:
                            "SELECT up_to_seq, state FROM snapshots WHERE aggregate_kind = ? AND aggregate_id = ? AND up_to_seq < ?"
                    ),
                    arguments: [ref.kind.rawValue, ref.id, entry.seq])
                for row in older {
                    let upTo: Int64 = row[0]
                    guard var state = try? AnyAggregate.decode(ref.kind, from: row[1]) else { continue }
                    let forgotten = state.forgetStable { id in
                        stable.vector.contains(id) && positions.seq(of: id).map { $0 <= upTo } == true
                    }
                    guard forgotten > 0 else { continue }
                    try db.cachedStatement(
                        sql:
                            "UPDATE snapshots SET state = ? WHERE aggregate_kind = ? AND aggregate_id = ? AND up_to_seq = ?"
                    ).execute(arguments: [try state.encoded(), ref.kind.rawValue, ref.id, upTo])
                    report.snapshotsRewritten += 1
                }
            }
            return report
        }
    }
}

/// Where events sit in this replica's log, looked up once each.
private struct LogPositions {
    let db: Database
    var known: [EventID: Int64?] = [:]
    init(_ db: Database) { self.db = db }

    /// Nil for an event not held, and for one that cannot be read: either way, not stable.
    mutating func seq(of id: EventID) -> Int64? {
        if let seq = known[id] { return seq }
        let seq = try? Int64.fetchOne(
            db.cachedStatement(sql: "SELECT seq FROM events WHERE device = ? AND counter = ?"),
            arguments: [id.device.rawValue, Int64(clamping: id.counter)])
        known[id] = seq
        return seq
    }
}
