import Domain
import Foundation
import Storage

/// The fleet's log kept in PostgreSQL, shared by every hub process on the database. Each hub
/// validates a push in its own replica with the same code as the SQLite hub
/// (`RailFleetStore.merge`: fleet, chains, hashes, signatures, authority, clocks); the events
/// it accepted reach this log inside that merge's transaction, and are acknowledged only
/// once committed here. Here a device's chain is extended only from its head as this log
/// holds it, under a row lock, and `(device, counter)` is the events' key: two hubs racing
/// with one push store it once, and the loser takes the winner's events in and tries again.
final class PostgresLog: HubLog {
    private let connection: PGConnection
    let url: String

    /// - Throws: `StorageError` when the server cannot be reached.
    init(url: String) throws {
        connection = try PGConnection(url: url)
        self.url = url
    }

    var description: String { "PostgreSQL at \(PGConnection.redacted(url))" }
    var isShared: Bool { true }

    /// The shared log a hub serves from, checked against the hub's replica: the schema this
    /// build knows, and the replica's fleet.
    static func opened(url: String, for replica: String) throws -> PostgresLog {
        let log = try PostgresLog(url: url)
        let store = try RailFleetStore(path: replica, access: .readOnly)
        guard let fleet = store.identity?.fleet else {
            throw StorageError(.notInitialised, "\(replica) has not joined its fleet yet")
        }
        try log.open(fleet: fleet)
        return log
    }

    // MARK: Schema

    /// The schema version the database holds; 0 before any migration.
    func schemaVersion() throws -> Int {
        let exists = try connection.query("SELECT to_regclass('railfleet_schema') IS NOT NULL")
        guard exists.first?.first == .some("t") else { return 0 }
        let version = try connection.query("SELECT coalesce(max(version), 0) FROM railfleet_schema")
        return version.first?.first?.flatMap { Int($0) } ?? 0
    }

    /// Applies the migrations the database lacks, each in a transaction of its own, while
    /// holding a lock that makes two hubs migrating at once take turns.
    ///
    /// - Returns: the versions applied, with their summaries.
    func migrate() throws -> [(version: Int, summary: String)] {
        try connection.query(
            """
            CREATE TABLE IF NOT EXISTS railfleet_schema (
              version integer PRIMARY KEY, summary text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
            """)
        var applied: [(Int, String)] = []
        for migration in PostgresSchema.migrations {
            let done = try connection.transaction {
                try connection.query("SELECT pg_advisory_xact_lock(8470)")
                guard try schemaVersion() < migration.version else { return false }
                for statement in migration.statements { try connection.query(statement) }
                try connection.query(
                    "INSERT INTO railfleet_schema (version, summary) VALUES ($1, $2)",
                    [String(migration.version), migration.summary])
                return true
            }
            if done { applied.append((migration.version, migration.summary)) }
        }
        return applied
    }

    /// Refuses a database this build cannot serve from, or one of another fleet; records the
    /// fleet in a database that has none yet.
    func open(fleet: String) throws {
        let version = try schemaVersion()
        guard version == PostgresSchema.latest else {
            throw StorageError(
                version < PostgresSchema.latest ? .needsUpgrade : .foreignDatabase,
                version < PostgresSchema.latest
                    ? "the PostgreSQL schema is at version \(version), this hub needs \(PostgresSchema.latest): run `railfleet hub migrate --store URL`"
                    : "the PostgreSQL schema is at version \(version), newer than this hub's \(PostgresSchema.latest): upgrade RailFleet"
            )
        }
        try connection.query("INSERT INTO fleet (id) VALUES ($1) ON CONFLICT DO NOTHING", [fleet])
        let held = try connection.query("SELECT id FROM fleet").first?.first ?? nil
        guard held == fleet else {
            throw StorageError(
                .foreignDatabase,
                "this PostgreSQL database holds fleet \(held ?? "?")'s log; the hub's replica belongs to fleet \(fleet)"
            )
        }
    }

    // MARK: The log

    /// Each device's newest counter here.
    func heads() throws -> VersionVector {
        var vector = VersionVector()
        for row in try connection.query("SELECT device, counter FROM chain_heads") {
            if let device = row[0], let counter = row[1].flatMap(UInt64.init) {
                vector.advance(DeviceID(device), to: counter)
            }
        }
        return vector
    }

    /// Takes into `store` what this log holds beyond it, as one bundle from one snapshot: its
    /// events were each validated against a state that held all they depend on, and that state
    /// was committed here before them, so the snapshot holds it too.
    ///
    /// - Returns: how many events were taken in.
    @discardableResult
    func catchUp(_ store: RailFleetStore) throws -> Int {
        let held = try store.versionVector()
        guard let fleet = store.identity?.fleet else { return 0 }
        let bundle: EventBundle? = try connection.transaction("REPEATABLE READ, READ ONLY") {
            let behind = try heads().counters.filter { $0.value > held[$0.key] }
            guard !behind.isEmpty else { return nil }
            var events: [LogEntry] = []
            var signed: [SignedHead] = []
            for (device, counter) in behind.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                events += try connection.query(
                    "SELECT \(Self.columns) FROM events WHERE device = $1 AND counter > $2 ORDER BY counter",
                    [device.rawValue, String(held[device])]
                ).map(Self.entry)
                signed += try connection.query(
                    "SELECT counter, hash, signature FROM signed_heads WHERE device = $1 AND counter = $2",
                    [device.rawValue, String(counter)]
                ).map {
                    SignedHead(
                        device: device.rawValue, counter: Int64($0[0] ?? "") ?? 0, hash: PGConnection.bytes($0[1]),
                        signature: PGConnection.bytes($0[2]))
                }
            }
            return EventBundle(fleet: fleet, events: events, heads: signed)
        }
        guard let bundle else { return 0 }
        return try store.merge(bundle).count
    }

    /// Appends events a hub's replica just accepted, each device's run from its head here,
    /// in one transaction.
    ///
    /// - Throws: `SharedLogRace` when another hub extended one of the chains first (the caller
    ///   catches up and tries again); `StorageError` when this log lacks events the replica
    ///   held before them.
    func append(_ entries: [LogEntry], heads signed: [SignedHead]) throws {
        let runs = Dictionary(grouping: entries, by: \.device)
        let now = String(RailFleetStore.systemMs())
        do {
            try connection.transaction {
                // Locked in one order, so that two pushes naming the same devices cannot deadlock.
                let devices = runs.keys.sorted()
                var current: [String: Int64] = [:]
                for row in try connection.query(
                    "SELECT device, counter FROM chain_heads WHERE device = ANY($1::text[]) ORDER BY device FOR UPDATE",
                    [Self.array(devices)])
                {
                    if let device = row[0] { current[device] = Int64(row[1] ?? "") ?? 0 }
                }
                for device in devices {
                    guard let run = runs[device], let first = run.first, let last = run.last else { continue }
                    let head = current[device] ?? 0
                    if head >= first.counter { throw SharedLogRace() }
                    guard head == first.counter - 1 else {
                        throw StorageError(
                            .corruptDatabase,
                            "the shared log holds \(device) up to \(head), but this hub's replica held it up to \(first.counter - 1): run `railfleet hub migrate --store URL --db REPLICA` to send it what it lacks"
                        )
                    }
                    // Many rows a statement: one round trip per 500 events, not per event.
                    for start in stride(from: 0, to: run.count, by: Self.rowsPerInsert) {
                        let chunk = run[start..<min(run.count, start + Self.rowsPerInsert)]
                        let rows = chunk.indices.map { i in
                            let base = (i - start) * 16
                            return "(" + (1...16).map { "$\(base + $0)" }.joined(separator: ", ") + ")"
                        }
                        try connection.query(
                            "INSERT INTO events (\(Self.columns), received_ms) VALUES " + rows.joined(separator: ", "),
                            chunk.flatMap { Self.parameters($0) + [now] })
                    }
                    // A new device's first push inserts its head: two hubs doing so at once
                    // collide on the key, and the loser tries again.
                    try connection.query(
                        """
                        INSERT INTO chain_heads (device, counter, hash) VALUES ($1, $2, $3)
                        ON CONFLICT (device) DO UPDATE SET counter = excluded.counter, hash = excluded.hash
                        """, [device, String(last.counter), PGConnection.bytea(last.hash)])
                }
                for head in signed {
                    try connection.query(
                        """
                        INSERT INTO signed_heads (device, counter, hash, signature) VALUES ($1, $2, $3, $4)
                        ON CONFLICT DO NOTHING
                        """,
                        [
                            head.device, String(head.counter), PGConnection.bytea(head.hash),
                            PGConnection.bytea(head.signature),
                        ])
                }
            }
        } catch let error as PGError where error.isLostRace {
            throw SharedLogRace()
        }
    }

    /// Sends this log what `store` holds beyond it (seeding it from a SQLite hub's replica).
    ///
    /// - Returns: how many events were sent.
    func seed(from store: RailFleetStore) throws -> Int {
        let (bundle, _) = try store.bundle(after: try heads(), limit: .max)
        guard !bundle.events.isEmpty else { return 0 }
        let ordered = bundle.events.sorted { ($0.device, $0.counter) < ($1.device, $1.counter) }
        try append(ordered, heads: bundle.heads)
        return ordered.count
    }

    // MARK: Rows

    /// Rows of one INSERT: 16 parameters each, well under PostgreSQL's 65,535.
    static let rowsPerInsert = 500

    static let columns = """
        device, counter, hlc_ms, hlc_logical, aggregate_kind, aggregate_id, event_type, schema_version, \
        user_name, role, correlation_id, causation_id, payload, hash, seen
        """

    static func parameters(_ e: LogEntry) -> [String?] {
        [
            e.device, String(e.counter), String(e.hlcMs), String(e.hlcLogical), e.aggregateKind, e.aggregateID,
            e.eventType, String(e.schemaVersion), e.user, e.role, e.correlationID, e.causationID, e.payload,
            PGConnection.bytea(e.hash), e.seen,
        ]
    }

    static func entry(_ row: [String?]) -> LogEntry {
        LogEntry(
            device: row[0] ?? "", counter: Int64(row[1] ?? "") ?? 0, hlcMs: Int64(row[2] ?? "") ?? 0,
            hlcLogical: Int64(row[3] ?? "") ?? 0, aggregateKind: row[4] ?? "", aggregateID: row[5] ?? "",
            eventType: row[6] ?? "", schemaVersion: Int(row[7] ?? "") ?? 0, user: row[8] ?? "", role: row[9] ?? "",
            correlationID: row[10] ?? "", causationID: row[11], payload: row[12] ?? "",
            hash: PGConnection.bytes(row[13]), seen: row[14])
    }

    /// A text[] literal of device ids (which RailFleet makes of letters, digits and dashes).
    static func array(_ values: [String]) -> String {
        "{"
            + values.map {
                "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    + "\""
            }
            .joined(separator: ",") + "}"
    }
}

/// Another hub extended a chain this push extends, after this hub last caught up.
struct SharedLogRace: Error {}
