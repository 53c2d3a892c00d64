import Foundation

/// The signatures of signed requests, recorded where every hub on one PostgreSQL database
/// sees them until they expire: a request replayed to another hub is refused there too. On a
/// connection and a thread of its own, so that checking a request never waits behind the
/// pushes the replica is writing.
actor PostgresClaims {
    private let executor = QueueExecutor("railfleet.hub.claims")
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    private let connection: PGConnection
    /// When expired signatures were last cleared.
    private var prunedMs: Int64 = 0

    /// - Throws: `StorageError` when the server cannot be reached.
    init(url: String) throws {
        connection = try PGConnection(url: url)
        // A claim is not waited on to reach the disk: a database crash could forget the last
        // moments' signatures, and a replay of one within its five minutes would then pass
        // another hub (never the hub that saw it, which remembers its own). A replayed push
        // changes nothing, events being held once; what a pull answers, TLS keeps from others.
        try connection.query("SET synchronous_commit = off")
    }

    /// Records a signature until `untilMs`.
    ///
    /// - Returns: false when a hub on the database recorded it before and it has not expired.
    func claim(_ signature: Data, untilMs: Int64, nowMs: Int64) throws -> Bool {
        if nowMs - prunedMs >= 10_000 {
            try connection.query("DELETE FROM request_signatures WHERE expires_ms < $1", [String(nowMs)])
            prunedMs = nowMs
        }
        let inserted = try connection.query(
            "INSERT INTO request_signatures (signature, expires_ms) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1",
            [PGConnection.bytea(signature), String(untilMs)])
        return !inserted.isEmpty
    }
}
