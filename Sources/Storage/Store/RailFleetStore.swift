public import Domain
import Foundation
import GRDB

/// One replica's database: the event log, its read models and this device's identity.
///
/// Open each database file once. Every write is one SQLite transaction: the events, their
/// hashes, the projections, any snapshots and the signed chain head commit together or not
/// at all.
///
/// ```swift
/// let store = try RailFleetStore.create(at: path, deviceName: "depot-a", admin: "alice")
/// try store.execute(.addUser(name: "bob", role: .technician), as: "alice")
/// ```
public final class RailFleetStore {
    public let path: String
    /// Whether this store may write.
    public let access: Access
    let writer: DatabaseConnection
    var cache = AggregateCache()
    var clock: HybridLogicalClock
    public private(set) var identity: ReplicaIdentity?
    private var key: DeviceKey?
    let wallClockMs: () -> Int64
    private var receiptsNeedSealing = false
    public let bus = EventBus()

    /// Aggregates get a snapshot every this many events.
    public var snapshotInterval: Int
    /// Events between two time-travel checkpoints (`TimeCheckpoints`): the most a query of
    /// the past folds after reading one.
    public var checkpointStride = 8_192
    /// Whether commits keep the read models current. A replica nobody reads from (a hub, a
    /// scratch terminal) may defer them and build them with `rebuildProjections()` when needed.
    public var maintainsReadModels = true
    /// Whether commits write the facts the fleet's figures read (`analytics_facts`): a hub,
    /// which keeps no read models, keeps these for its API; the demo's scratch terminals not.
    public var maintainsAnalyticsFacts = true
    /// The rate booked hours are costed at.
    public var labourRate = Money(minorUnits: 6_500)

    /// How a store is opened.
    public enum Access: Sendable {
        /// Reads and writes; an older schema is migrated, a foreign database refused.
        case readWrite
        /// Reads only: nothing is written to the file, not even a migration, so an archived
        /// copy (a file with mode 444) can be listed and verified.
        case readOnly
    }

    /// Opens an existing replica's database (or a new, empty one, for `create`).
    ///
    /// - Parameters:
    ///   - path: the database file.
    ///   - access: whether the store may write (see `Access`).
    ///   - wallClockMs: wall time in ms since 1970; injected so that tests and the demo can
    ///     run in their own time.
    /// - Throws: `StorageError` when the file cannot be opened, is another program's
    ///   database, or (read-only) was written by an older version.
    public init(
        path: String, access: Access = .readWrite, wallClockMs: @escaping () -> Int64 = RailFleetStore.systemMs
    ) throws {
        self.path = path
        self.access = access
        self.wallClockMs = wallClockMs
        var config = Configuration()
        // Another connection's write (the hub's predictions, a second process) is waited for in
        // steps of a millisecond up to 5 s: SQLite's own timeout backs off to 25–100 ms naps,
        // and a hub's pushes queued behind one such nap each.
        config.busyMode = .callback { tries in
            usleep(1_000)
            return tries < 5_000
        }
        switch access {
        case .readWrite:
            config.journalMode = .wal
            do {
                writer = DatabaseConnection(queue: try DatabaseQueue(path: path, configuration: config), path: path)
            } catch let error as DatabaseError {
                throw DatabaseConnection.storageError(error, path)
            }
            try Self.refuseForeign(writer, path)
            // Full durability: a committed event survives a power cut, not only a crash.
            // Set after opening, because GRDB's WAL set-up chooses NORMAL.
            try writer.writeWithoutTransaction { db in
                try db.cachedStatement(sql: "PRAGMA synchronous = FULL").execute()
                // The log's indexes are written at random places; keep their pages in memory.
                try db.cachedStatement(sql: "PRAGMA cache_size = -65536").execute()
            }
            let applied = try writer.read { db in try Migrations.migrator.appliedIdentifiers(db) }
            do { try Migrations.migrator.migrate(writer.queue) } catch let error as DatabaseError {
                throw DatabaseConnection.storageError(error, path)
            }
            receiptsNeedSealing = !applied.contains("v4-receipt-chain")
        case .readOnly:
            config.readonly = true
            writer = try Self.openReadOnly(path, config)
            let tables = try Self.refuseForeign(writer, path)
            guard !tables.isEmpty else {
                throw StorageError(.notInitialised, "\(path) is empty, not a RailFleet replica; run `railfleet init`")
            }
            guard try writer.read({ db in try Migrations.migrator.hasCompletedMigrations(db) }) else {
                throw StorageError(
                    .needsUpgrade,
                    "\(path) was written by an older RailFleet; upgrade it with `railfleet projections rebuild --db \(path)` (or read a writable copy)"
                )
            }
        }
        snapshotInterval = 100
        clock = HybridLogicalClock(device: DeviceID("unset"))
        try writer.read { db in
            if let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT device_id, device_name, public_key, fleet_id, founder_device FROM identity"))
            {
                identity = ReplicaIdentity(
                    device: DeviceID(row[0] as String), name: row[1], publicKeyHex: row[2], fleet: row[3],
                    founder: (row[4] as String?).map { DeviceID($0) })
            }
            if let interval = try Int.fetchOne(
                db.cachedStatement(sql: "SELECT value FROM settings WHERE name = 'snapshot_interval'"))
            {
                snapshotInterval = interval
            }
            // Nothing is cached yet, so nothing needs catching up: the first write of a process
            // reads only the aggregates it touches, not the whole log.
            cache.seenSeq = try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(seq) FROM events")) ?? 0
            let last = try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT hlc_ms, hlc_logical FROM events ORDER BY hlc_ms DESC, hlc_logical DESC LIMIT 1"))
            let device = identity?.device ?? DeviceID("unset")
            clock = HybridLogicalClock(
                device: device,
                last: last.map {
                    HLCTimestamp(physicalMs: $0[0], logical: UInt32(clamping: $0[1] as Int64), device: device)
                })
        }
        if receiptsNeedSealing { try sealReceipts() }
        if access == .readWrite,
            try writer.read({ db in
                try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM settings WHERE name = 'refold_pending'"))
            }
            )
                == true
        {
            try refold()
        }
    }

    /// Signs the head of the receipts that migration v4 chained, in this open, for the events
    /// stored before receipts existed. Only then: a chain cut back later is not signed anew
    /// by merely opening the file. Without the key (a copied database) they stay unsigned,
    /// and `audit verify` says so.
    func sealReceipts() throws {
        guard identity != nil, let key = try? signingKey() else { return }
        try writer.write { db in
            guard
                let head = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT seq, hash FROM receipt_chain ORDER BY seq DESC LIMIT 1")),
                let replica = identity?.device.rawValue
            else { return }
            let seq: Int64 = head[0]
            let signed = try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(seq) FROM receipt_heads")) ?? 0
            guard seq > signed else { return }
            try HashChain.signReceiptHead(replica: replica, seq: seq, hash: head[1], key: key, db)
        }
    }

    public static func systemMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    /// A read-only connection. A file in WAL mode needs its shared-memory file to be read;
    /// where that cannot be made (the folder is read-only too), the file is read as an
    /// immutable snapshot, which an archived copy is.
    static func openReadOnly(_ path: String, _ config: Configuration) throws -> DatabaseConnection {
        func open(_ target: String) throws -> DatabaseConnection {
            let connection = DatabaseConnection(
                queue: try DatabaseQueue(path: target, configuration: config), path: path)
            _ = try connection.read { db in
                try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM sqlite_master"))
            }
            return connection
        }
        do {
            return try open(path)
        } catch {
            let uri = "file:\(path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path)?immutable=1"
            do { return try open(uri) } catch let error as DatabaseError {
                throw DatabaseConnection.storageError(error, path)
            }
        }
    }

    /// Refuses a database that holds another program's tables: opening it must not add
    /// RailFleet's to them. An empty file (or a new one) is fine.
    ///
    /// - Returns: the file's tables.
    @discardableResult
    static func refuseForeign(_ connection: DatabaseConnection, _ path: String) throws -> [String] {
        let tables = try connection.read { db in
            try String.fetchAll(
                db.cachedStatement(sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
        }
        guard !tables.isEmpty, !tables.contains("grdb_migrations") else { return tables }
        throw StorageError(
            .foreignDatabase,
            "\(path) is another program's SQLite database (tables: \(tables.prefix(5).joined(separator: ", "))\(tables.count > 5 ? ", …" : "")); RailFleet leaves it alone: give another --db"
        )
    }

    /// Creates a replica: its schema, its device key (in a file beside the database) and, when
    /// it founds a fleet, the device's enrolment and the first admin user.
    public static func create(
        at path: String, deviceName: String, deviceID: DeviceID? = nil, beginning: Beginning,
        wallClockMs: @escaping () -> Int64 = RailFleetStore.systemMs
    ) throws -> RailFleetStore {
        let store = try RailFleetStore(path: path, wallClockMs: wallClockMs)
        guard store.identity == nil else { throw StorageError(.alreadyInitialised, "\(path) is already initialised") }
        let keyPath = DeviceKey.path(forDatabase: path)
        let key = try DeviceKey.create(at: keyPath)
        let device = deviceID ?? DeviceID(String(UUID().uuidString.lowercased().filter(\.isHexDigit).prefix(8)))
        var identity = ReplicaIdentity(device: device, name: deviceName, publicKeyHex: key.publicKeyHex)
        switch beginning {
        case .founding:
            identity.fleet = Fleet.id(founderKey: key.publicKeyHex)
            identity.founder = device
        case .joining(let fleet): identity.fleet = fleet
        }
        do {
            try store.writer.write { db in
                try db.cachedStatement(
                    sql: """
                        INSERT INTO identity (singleton, device_id, device_name, public_key, created_ms, fleet_id, founder_device)
                        VALUES (1, ?, ?, ?, ?, ?, ?)
                        """
                ).execute(arguments: [
                    device.rawValue, deviceName, key.publicKeyHex, wallClockMs(), identity.fleet,
                    identity.founder?.rawValue,
                ])
            }
        } catch {
            try? FileManager.default.removeItem(atPath: keyPath)
            throw error
        }
        store.identity = identity
        store.key = key
        store.clock = HybridLogicalClock(device: device)
        if case .founding(let admin) = beginning {
            let bootstrap = Actor(user: admin, role: .admin, device: device)
            try store.write { session in
                _ = try session.execute(
                    .enrolDevice(device, name: deviceName, publicKey: key.publicKeyHex), by: bootstrap,
                    expectedVersion: nil)
                _ = try session.execute(.addUser(name: admin, role: .admin), by: bootstrap, expectedVersion: nil)
            }
        }
        return store
    }

    /// Founds a fleet at `path`: this device its root, `admin` its first admin.
    public static func create(
        at path: String, deviceName: String, deviceID: DeviceID? = nil, admin: String,
        wallClockMs: @escaping () -> Int64 = RailFleetStore.systemMs
    ) throws -> RailFleetStore {
        try create(
            at: path, deviceName: deviceName, deviceID: deviceID, beginning: .founding(admin: admin),
            wallClockMs: wallClockMs)
    }

    /// Remembers the fleet (and its founder) a joined replica learns from its first bundle.
    func adopt(fleet: String, founder: DeviceID?, _ db: Database) throws {
        try db.cachedStatement(sql: "UPDATE identity SET fleet_id = ?, founder_device = coalesce(founder_device, ?)")
            .execute(arguments: [fleet, founder?.rawValue])
        identity?.fleet = fleet
        if identity?.founder == nil { identity?.founder = founder }
    }

    func signingKey() throws -> DeviceKey {
        if let key { return key }
        let loaded = try DeviceKey.load(from: DeviceKey.path(forDatabase: path))
        guard loaded.publicKeyHex == identity?.publicKeyHex else {
            throw StorageError(
                .keyFile, "the key at \(DeviceKey.path(forDatabase: path)) does not belong to this database's device")
        }
        key = loaded
        return loaded
    }

    func requireIdentity() throws -> ReplicaIdentity {
        guard let identity else {
            throw StorageError(.notInitialised, "\(path) is not a RailFleet replica yet; run `railfleet init` first")
        }
        return identity
    }

    // MARK: Writing

    /// Runs one write transaction; the cache and the bus see its effects only after commit.
    func write<T>(at nowMs: Int64? = nil, _ body: (WriteSession) throws -> T) throws -> T {
        let identity = try requireIdentity()
        var session: WriteSession?
        var caughtUp: [StoredEvent] = []
        let result = try writer.write { db in
            caughtUp = try cache.catchUp(db)
            for e in caughtUp { clock.observe(e.event.timestamp) }
            let s = try WriteSession(store: self, db: db, device: identity.device, nowMs: nowMs ?? wallClockMs())
            session = s
            let value = try body(s)
            try s.finish()
            return value
        }
        if let session {
            for (ref, entry) in session.overlay {
                cache.entries[ref] = entry
                cache.absent.remove(ref)
            }
            cache.absent.formUnion(session.absent)
            if let last = session.appended.last { cache.seenSeq = max(cache.seenSeq, last.seq) }
            clock = session.clock
            bus.publish(caughtUp + session.appended)
            if session.cutEvents { try refold() }
        }
        return result
    }

    /// Folds state again from the log after events were cut out of it (see
    /// `WriteSession.cutRetiredTails`); also on opening, if a process died before doing so.
    func refold() throws {
        try rebuildProjections()
        try writer.write { db in
            try db.cachedStatement(sql: "DELETE FROM settings WHERE name = 'refold_pending'").execute()
        }
    }

    /// The actor for a user name on this device, from the users read model.
    public func actor(for user: String) throws -> Actor {
        let identity = try requireIdentity()
        guard
            let role = try writer.read({ db in
                try String.fetchOne(db.cachedStatement(sql: "SELECT role FROM users WHERE name = ?"), arguments: [user])
            }),
            let parsed = Role(rawValue: role)
        else { throw Self.unknownUser(user) }
        return Actor(user: user, role: parsed, device: identity.device)
    }

    /// Checks a command and appends its events, all in one transaction.
    ///
    /// - Parameters:
    ///   - command: what the user asks for.
    ///   - user: who asks; their role is looked up in the same transaction.
    ///   - expectedVersion: the version of the target aggregate the user saw; if it has
    ///     changed since, the command is refused (optimistic concurrency).
    ///   - nowMs: the command's wall time, when not now (the demo's simulated days).
    /// - Returns: the events appended.
    /// - Throws: `StorageError` with the domain's reason; nothing is written.
    @discardableResult
    public func execute(_ command: Command, as user: String, expectedVersion: Int? = nil, at nowMs: Int64? = nil) throws
        -> [StoredEvent]
    {
        try write(at: nowMs) { session in
            // The user's role comes from the same transaction's state: one round trip, no stale role.
            guard let role = session.user(user)?.body.role.value else { throw Self.unknownUser(user) }
            return try session.execute(
                command, by: Actor(user: user, role: role, device: session.device), expectedVersion: expectedVersion)
        }
    }

    static func unknownUser(_ user: String) -> StorageError {
        StorageError(.unknownUser, "unknown user '\(user)'; an admin adds users with `railfleet user add`")
    }

    /// One command of a batch, with who issues it and when.
    public struct BatchItem: Sendable {
        public var command: Command
        public var actor: Actor
        public var atMs: Int64?
        public init(_ command: Command, by actor: Actor, at atMs: Int64? = nil) {
            self.command = command
            self.actor = actor
            self.atMs = atMs
        }
    }

    /// Appends many commands in one transaction: all of them, or none if one is refused.
    ///
    /// - Returns: each command's events, in the order of the batch.
    @discardableResult
    public func execute(batch: [BatchItem]) throws -> [[StoredEvent]] {
        try write(at: batch.first?.atMs) { session in
            try batch.map { item in
                if let at = item.atMs { session.nowMs = at }
                return try session.execute(item.command, by: item.actor, expectedVersion: nil)
            }
        }
    }

    // MARK: Subscribing

    /// Delivers every event after `seq` (catching up from the log first), then each new
    /// commit's events, in order.
    public func subscribe(after seq: Int64, _ handler: @escaping EventBus.Handler) throws -> Int {
        let backlog = try writer.read { db in
            try EventRow.fetchStored(db, where: "seq > ?", arguments: [seq])
        }
        return bus.subscribe(after: seq, backlog: backlog, handler)
    }

    /// Brings cached state up to events other processes have written, telling subscribers.
    public func refresh() throws {
        let events = try writer.read { db in try cache.catchUp(db) }
        for e in events { clock.observe(e.event.timestamp) }
        bus.publish(events)
    }

    /// Turns fsync off for a bulk load whose loss would only mean running it again (the
    /// demo generator), and back to full durability afterwards.
    public func setBulkLoading(_ isBulk: Bool) throws {
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(isBulk ? "OFF" : "FULL")")
        }
    }

    /// Sets how often aggregates are snapshotted, and remembers it in the database.
    public func setSnapshotInterval(_ interval: Int) throws {
        guard interval > 0 else { throw StorageError(DomainError.invalid("snapshot interval must be positive")) }
        try writer.write { db in
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO settings (name, value) VALUES ('snapshot_interval', ?)")
                .execute(arguments: ["\(interval)"])
        }
        snapshotInterval = interval
    }
}
