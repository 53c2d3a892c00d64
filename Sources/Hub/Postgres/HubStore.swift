import Domain
public import Foundation
import Storage

/// The command line's way to a hub's PostgreSQL store: checking its URL and migrating it.
public enum HubStore {
    /// What `hub migrate` did.
    public struct MigrationReport: Encodable, Sendable {
        public struct Step: Encodable, Sendable {
            public var version: Int
            public var summary: String
        }
        public var applied: [Step]
        public var version: Int
        /// Events sent from the replica that the database lacked.
        public var sent: Int
    }

    /// Refuses what is not a PostgreSQL URL before anything connects.
    ///
    /// - Throws: `StorageError` `.domain(.invalidInput)` naming what is wrong.
    public static func validate(url: String) throws {
        guard let parts = URLComponents(string: url), ["postgres", "postgresql"].contains(parts.scheme ?? ""),
            parts.host.map({ !$0.isEmpty }) ?? false, parts.path.count > 1
        else {
            throw StorageError(
                .domain(.invalidInput),
                "--store must be a PostgreSQL URL, postgres://USER@HOST:PORT/DATABASE, not \(Text.escaped(PGConnection.redacted(url)))"
            )
        }
    }

    /// Creates or upgrades the schema, records the replica's fleet, and sends the database the
    /// events the replica holds beyond it.
    ///
    /// - Throws: `StorageError` when the server cannot be reached, the replica is not a joined
    ///   one, or the database holds another fleet's log.
    public static func migrate(url: String, replica: String) throws -> MigrationReport {
        guard FileManager.default.fileExists(atPath: replica) else {
            throw StorageError(.notInitialised, "no hub replica at \(replica): give the hub's database with --db")
        }
        let log = try PostgresLog(url: url)
        let applied = try log.migrate()
        let store = try RailFleetStore(path: replica, access: .readOnly)
        guard let fleet = store.identity?.fleet else {
            throw StorageError(.notInitialised, "\(replica) has not joined its fleet yet")
        }
        try log.open(fleet: fleet)
        return MigrationReport(
            applied: applied.map { .init(version: $0.version, summary: $0.summary) },
            version: try log.schemaVersion(), sent: try log.seed(from: store))
    }
}
