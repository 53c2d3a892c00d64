public import Domain
public import Foundation
import GRDB

extension RailFleetStore {
    /// Notes that a peer (a hub or another terminal) is known to hold the events up to its
    /// version vector, so that this replica can say what it has not yet passed on. Entries
    /// only rise: a stale report never lowers what a peer is known to hold.
    public func recordPeer(_ peer: String, holds vector: VersionVector, atMs: Int64? = nil) throws {
        let now = atMs ?? Self.systemMs()
        try recordPeers([PeerHoldings(peer: peer, holds: vector, atMs: now)])
    }

    /// Notes what several peers hold, in one transaction (a hub's pulls of the last second).
    public func recordPeers(_ holdings: [PeerHoldings]) throws {
        try writer.write { db in
            for held in holdings { try Self.notePeer(held.peer, holds: held.holds, atMs: held.atMs, db) }
        }
    }

    /// This device's events that no known peer holds yet: what a sync would pass on.
    public func unsyncedCount() throws -> Int {
        guard let device = identity?.device.rawValue else { return 0 }
        return try writer.read { db in
            let own =
                try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT max(counter) FROM events WHERE device = ?"), arguments: [device])
                ?? 0
            let held =
                try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT max(counter) FROM sync_peers WHERE device = ?"), arguments: [device]
                )
                ?? 0
            return Int(max(0, own - held))
        }
    }
}

extension RailFleetStore {
    /// What this replica knows a peer holds: nothing, when it never heard from it.
    public func knownVector(of peer: String) throws -> VersionVector? {
        try writer.read { db in try Self.knownVector(of: peer, db) }
    }

    static func knownVector(of peer: String, _ db: Database) throws -> VersionVector? {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT device, counter FROM sync_peers WHERE peer = ?"), arguments: [peer])
        guard !rows.isEmpty else { return nil }
        return VersionVector(
            Dictionary(uniqueKeysWithValues: rows.map { (DeviceID($0[0] as String), UInt64($0[1] as Int64)) }))
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
        try writer.read { db in try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM cut_events")) ?? 0 }
    }
}

/// What a peer said it holds, and when.
public struct PeerHoldings: Sendable {
    public var peer: String
    public var holds: VersionVector
    public var atMs: Int64
    public init(peer: String, holds: VersionVector, atMs: Int64) {
        self.peer = peer
        self.holds = holds
        self.atMs = atMs
    }
}

/// What this replica knows of a peer it syncs with.
public struct PeerStatus: Codable, Sendable, Equatable {
    public var peer: String
    public var address: String?
    public var lastSuccess: Instant?
    public var lastError: String?
    public var lastErrorAt: Instant?
    /// This replica's own events the peer is not known to hold.
    public var toSend: Int
    /// Events the peer was last known to hold that this replica lacks.
    public var toReceive: Int
    /// What the peer was last known to hold (its version vector at the last exchange).
    public var holds: VersionVector?
}

extension RailFleetStore {
    /// The hub this replica syncs with, once given.
    public func hubAddress() throws -> String? {
        try writer.read { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM settings WHERE name = 'hub_url'"))
        }
    }

    /// The PEM file of the authority that signed the hub's certificate, once given.
    public func hubAuthority() throws -> String? {
        try writer.read { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM settings WHERE name = 'hub_ca'"))
        }
    }

    public func setHubAuthority(_ path: String) throws {
        try writer.write { db in
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO settings (name, value) VALUES ('hub_ca', ?)").execute(
                arguments: [path])
        }
    }

    public func setHubAddress(_ address: String) throws {
        try writer.write { db in
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO settings (name, value) VALUES ('hub_url', ?)").execute(
                arguments: [address])
        }
    }

    /// Notes how an exchange with a peer ended: the error, or success (which clears it).
    public func noteExchange(with peer: String, address: String?, error: String?, atMs: Int64? = nil) throws {
        let now = atMs ?? Self.systemMs()
        try writer.write { db in
            try db.cachedStatement(
                sql: """
                    INSERT INTO peer_status (peer, address, last_success_ms, last_error, last_error_ms, last_heard_ms)
                    VALUES (?1, ?2, CASE WHEN ?3 IS NULL THEN ?4 END, ?3, CASE WHEN ?3 IS NOT NULL THEN ?4 END, ?4)
                    ON CONFLICT (peer) DO UPDATE SET address = coalesce(excluded.address, address),
                      last_success_ms = coalesce(excluded.last_success_ms, last_success_ms),
                      last_error = excluded.last_error,
                      last_error_ms = coalesce(excluded.last_error_ms, last_error_ms),
                      last_heard_ms = excluded.last_heard_ms
                    """
            ).execute(arguments: [peer, address, error, now])
        }
    }

    /// Every peer this replica has exchanged with, and what is pending for each.
    public func peerStatuses() throws -> [PeerStatus] {
        let device = identity?.device.rawValue ?? ""
        return try writer.read { db in
            let own =
                try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT max(counter) FROM events WHERE device = ?"), arguments: [device])
                ?? 0
            return try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT p.peer, p.address, p.last_success_ms, p.last_error, p.last_error_ms,
                          (SELECT counter FROM sync_peers s WHERE s.peer = p.peer AND s.device = ?),
                          (SELECT sum(max(0, s.counter - coalesce((SELECT max(counter) FROM events e WHERE e.device = s.device), 0)))
                             FROM sync_peers s WHERE s.peer = p.peer)
                        FROM peer_status p ORDER BY p.peer
                        """), arguments: [device]
            ).map { row in
                PeerStatus(
                    peer: row[0], address: row[1], lastSuccess: (row[2] as Int64?).map { Instant(ms: $0) },
                    lastError: row[3], lastErrorAt: (row[4] as Int64?).map { Instant(ms: $0) },
                    toSend: Int(max(0, own - ((row[5] as Int64?) ?? 0))), toReceive: Int(row[6] as Int64? ?? 0),
                    holds: try Self.knownVector(of: row[0], db))
            }
        }
    }
}

extension RailFleetStore {
    /// How often the terminal interface syncs in the background, in seconds; nil: never.
    public func syncInterval() throws -> Int? {
        try writer.read { db in
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT CAST(value AS INTEGER) FROM settings WHERE name = 'sync_interval_s'"))
        }.flatMap { $0 > 0 ? $0 : nil }
    }

    /// Sets the background interval (10 s to a day); 0 turns it off.
    public func setSyncInterval(seconds: Int) throws {
        guard seconds == 0 || (10...86_400).contains(seconds) else {
            throw StorageError(DomainError.invalid("the interval must be from 10 to 86400 seconds, or 0 for off"))
        }
        try writer.write { db in
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO settings (name, value) VALUES ('sync_interval_s', ?)")
                .execute(arguments: ["\(seconds)"])
        }
    }
}
