public import Domain
public import Foundation
import GRDB

extension RailFleetStore {
    /// Notes that a peer (a hub or another terminal) is known to hold the events up to its
    /// version vector, so that this replica can say what it has not yet passed on. Entries
    /// only rise: a stale report never lowers what a peer is known to hold.
    public func recordPeer(_ peer: String, holds vector: VersionVector, atMs: Int64? = nil) throws {
        let now = atMs ?? Self.systemMs()
        try writer.write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO sync_peers (peer, device, counter, updated_ms) VALUES (?, ?, ?, ?)
                    ON CONFLICT (peer, device) DO UPDATE SET counter = max(counter, excluded.counter), updated_ms = excluded.updated_ms
                    """)
            for (device, counter) in vector.counters {
                try statement.execute(arguments: [peer, device.rawValue, Int64(counter), now])
            }
        }
    }

    /// This device's events that no known peer holds yet: what a sync would pass on.
    public func unsyncedCount() throws -> Int {
        guard let device = identity?.device.rawValue else { return 0 }
        return try writer.read { db in
            let own =
                try Int64.fetchOne(db, sql: "SELECT max(counter) FROM events WHERE device = ?", arguments: [device])
                ?? 0
            let held =
                try Int64.fetchOne(db, sql: "SELECT max(counter) FROM sync_peers WHERE device = ?", arguments: [device])
                ?? 0
            return Int(max(0, own - held))
        }
    }
}

extension RailFleetStore {
    /// What this replica knows a peer holds: nothing, when it never heard from it.
    public func knownVector(of peer: String) throws -> VersionVector? {
        try writer.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT device, counter FROM sync_peers WHERE peer = ?", arguments: [peer])
            guard !rows.isEmpty else { return nil }
            return VersionVector(
                Dictionary(uniqueKeysWithValues: rows.map { (DeviceID($0[0] as String), UInt64($0[1] as Int64)) }))
        }
    }

    /// A bundle for a file: what `peer` lacks when this replica knows what it holds, else
    /// everything.
    ///
    /// - Returns: the bundle, and whether it was cut to what the peer lacks.
    public func exportBundle(for peer: String?) throws -> (bundle: EventBundle, tailored: Bool) {
        let known = try peer.flatMap { try knownVector(of: $0) }
        return (try bundle(after: known ?? VersionVector()), known != nil)
    }

    /// Reads a bundle file and merges it: all of it, or nothing.
    @discardableResult
    public func importBundle(_ data: Data) throws -> [StoredEvent] {
        try merge(try BundleFile.decode(data, fleet: try requireIdentity().fleet))
    }
}

extension RailFleetStore {
    /// Events of retired devices cut out of the log here (see `DeviceRetired`).
    public func cutEventCount() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM cut_events") ?? 0 }
    }
}
