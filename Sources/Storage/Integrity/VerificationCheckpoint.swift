import Foundation
import GRDB

/// Where the last intact verification ended, signed with this replica's key so that nobody
/// without the key can move it, and the triggers that note every change to what it vouches
/// for. `RailFleetStore.verifyIncrementally` reads only what lies beyond it.
enum VerificationCheckpoint {
    struct Marks: Codable, Equatable {
        struct Chain: Codable, Equatable {
            var counter: Int64
            var hash: Data
            var signed: Int64?
        }
        struct Receipts: Codable, Equatable {
            var seq: Int64
            var hash: Data
            var signed: Int64
        }
        var chains: [String: Chain] = [:]
        var receipts: Receipts?
        /// The last edit noted when these were read: later ones are not covered.
        var editsSeen: Int64 = 0
    }

    /// Every change to a row of the log, its heads or its receipts is noted in `log_edits`.
    /// An edit through SQL that removes them first is seen too: the triggers must be exactly
    /// these. (Shipped with migration v6: later changes need a migration of their own.)
    static let triggers: [(name: String, sql: String)] = [
        ("events", "events", "old.device || ':' || old.counter"), ("chain_heads", "heads", "old.device"),
        ("receipt_chain", "receipts", "old.seq"), ("receipt_heads", "receipt_heads", "old.seq"),
    ].flatMap { table, what, key in
        ["UPDATE", "DELETE"].map { change in
            let name = "note_\(change.lowercased())_\(table)"
            return (
                name,
                "CREATE TRIGGER \(name) AFTER \(change) ON \(table) BEGIN INSERT INTO log_edits (what, key) VALUES ('\(what)', \(key)); END"
            )
        }
    }

    static func installedTriggers(_ db: Database) throws -> [String: String] {
        Dictionary(
            try Row.fetchAll(db.cachedStatement(sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).map
            {
                ($0[0] as String, $0[1] as String)
            }, uniquingKeysWith: { a, _ in a })
    }

    static func message(_ marks: Data) -> Data { Data("railfleet-verified|".utf8) + marks }

    /// The marks to start from, or nil and why everything must be read.
    static func load(_ db: Database, identity: ReplicaIdentity) throws -> (Marks?, String?) {
        let installed = try installedTriggers(db)
        guard triggers.allSatisfy({ installed[$0.name] == $0.sql }) else {
            return (nil, "the triggers that note changes to the log were removed or altered")
        }
        guard
            let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT marks, signature FROM verification_checkpoint"))
        else {
            return (nil, "no earlier verification to go on from")
        }
        let marks: Data = row[0]
        guard DeviceKey.verify(signature: row[1], of: message(marks), publicKeyHex: identity.publicKeyHex),
            let decoded = try? JSONDecoder().decode(Marks.self, from: marks)
        else { return (nil, "the mark of the last verification is not signed by this replica's key") }
        if let edits = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM log_edits")), edits > 0 {
            return (nil, "\(edits) row(s) of the log, its heads or its receipts were changed or removed since")
        }
        return (decoded, nil)
    }

    /// The newest edit noted so far.
    static func lastEdit(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(id) FROM log_edits")) ?? 0
    }

    /// Keeps `marks` as the new starting point, signed, and forgets the edits they cover
    /// (not one noted after they were read).
    static func save(_ marks: Marks, key: DeviceKey, _ db: Database) throws {
        let body = try JSONEncoder.sorted(marks)
        try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO verification_checkpoint (id, marks, signature) VALUES (1, ?, ?)"
        ).execute(arguments: [body, try key.sign(message(body))])
        try db.cachedStatement(sql: "DELETE FROM log_edits WHERE id <= ?").execute(arguments: [marks.editsSeen])
        // Put back triggers found missing or altered: the verification just vouched for the log.
        let installed = try installedTriggers(db)
        for trigger in triggers where installed[trigger.name] != trigger.sql {
            try db.execute(sql: "DROP TRIGGER IF EXISTS \(trigger.name)")
            try db.execute(sql: trigger.sql)
        }
    }
}
