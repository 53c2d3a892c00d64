import Domain
import Foundation
import GRDB

/// One write transaction: commands decide against the states it loads, their events are
/// chained, hashed and inserted, and at the end projections, snapshots and the signed head
/// are written in the same transaction.
final class WriteSession: DecisionContext {
    let db: Database
    unowned let store: RailFleetStore
    let device: DeviceID
    var nowMs: Int64
    var clock: HybridLogicalClock
    /// Aggregates loaded or changed in this transaction; merged into the store's cache on commit.
    var overlay: [AggregateRef: CachedAggregate] = [:]
    var touched: [AggregateRef] = []
    private var touchedSet: Set<AggregateRef> = []
    /// Misses found in this transaction; the store's cache learns them on commit.
    private(set) var absent: Set<AggregateRef> = []
    /// Fleet and part numbers registered in this transaction, not yet in the read models.
    private var pendingFleetNumbers: [String: String] = [:]
    /// Keyed by the lowercased number: part numbers are unique ignoring case.
    private var pendingPartNumbers: [String: String] = [:]
    private var pendingEVNs: [String: String] = [:]
    private var pendingWorkshops: [String: String] = [:]
    var appended: [StoredEvent] = []
    /// Retirements absorbed in this transaction: device and cut.
    private var retirements: [String: Int64] = [:]
    /// Whether events were moved out of the log, so that state must be folded again.
    private(set) var cutEvents = false
    private var counter: Int64
    private var previousHash: Data
    /// The head of this replica's receipt chain (see `HashChain.receiptHash`).
    private var receiptHead: Data
    private var receiptSeq: Int64 = 0
    /// Whether this device appended events of its own, whose new head it must sign.
    private var hasOwnEvents = false
    private var sequences: [String: Int64] = [:]
    private var loadError: (any Error)?

    init(store: RailFleetStore, db: Database, device: DeviceID, nowMs: Int64) throws {
        self.store = store
        self.db = db
        self.device = device
        self.nowMs = nowMs
        self.clock = store.clock
        if let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT counter, hash FROM events WHERE device = ? ORDER BY counter DESC LIMIT 1"),
            arguments: [device.rawValue])
        {
            counter = row["counter"]
            previousHash = row["hash"]
        } else {
            counter = 0
            previousHash = HashChain.genesis
        }
        let head = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT seq, hash FROM receipt_chain ORDER BY seq DESC LIMIT 1"))
        receiptHead = head?["hash"] ?? HashChain.genesis
        receiptSeq = head?["seq"] ?? 0
    }

    /// Chains this replica's receipt of a stored event.
    private func recordReceipt(of row: EventRow) throws {
        receiptHead = HashChain.receiptHash(
            previous: receiptHead, seq: row.seq, recordedMs: row.recordedMs, device: row.device, counter: row.counter,
            eventHash: row.hash)
        receiptSeq = row.seq
        try db.cachedStatement(sql: "INSERT INTO receipt_chain (seq, hash) VALUES (?, ?)")
            .execute(arguments: [row.seq, receiptHead])
    }

    var labourRate: Money { store.labourRate }

    // MARK: Loading

    func cached(_ ref: AggregateRef) -> CachedAggregate? {
        if let entry = overlay[ref] { return entry }
        if let entry = store.cache.entries[ref] { return entry }
        // Remember misses: a class without a plan is asked for once per vehicle projected.
        if absent.contains(ref) || store.cache.absent.contains(ref) { return nil }
        do {
            guard let loaded = try AggregateCache.read(ref, db, useSnapshot: true) else {
                absent.insert(ref)
                return nil
            }
            overlay[ref] = loaded
            return loaded
        } catch {
            loadError = error
            return nil
        }
    }

    func vehicle(_ id: String) -> Aggregate<VehicleState>? {
        if case .vehicle(let a)? = cached(AggregateRef(.vehicle, id))?.aggregate { return a }
        return nil
    }
    func workOrder(_ id: String) -> Aggregate<WorkOrderState>? {
        if case .workOrder(let a)? = cached(AggregateRef(.workOrder, id))?.aggregate { return a }
        return nil
    }
    func defect(_ id: String) -> Aggregate<DefectState>? {
        if case .defect(let a)? = cached(AggregateRef(.defect, id))?.aggregate { return a }
        return nil
    }
    func part(_ id: String) -> Aggregate<PartState>? {
        if case .part(let a)? = cached(AggregateRef(.part, id))?.aggregate { return a }
        return nil
    }
    func workshop(_ id: String) -> Aggregate<WorkshopState>? {
        if case .workshop(let a)? = cached(AggregateRef(.workshop, id))?.aggregate { return a }
        return nil
    }
    func user(_ name: String) -> Aggregate<UserState>? {
        if case .user(let a)? = cached(AggregateRef(.user, name))?.aggregate, a.body.name.value != nil { return a }
        return nil
    }
    func eventHash(_ id: EventID) -> String? {
        (try? Data.fetchOne(
            db.cachedStatement(sql: "SELECT hash FROM events WHERE device = ? AND counter = ?"),
            arguments: [id.device.rawValue, Int64(clamping: id.counter)]))?.hex
    }
    func device(_ id: String) -> Aggregate<DeviceState>? {
        if case .device(let a)? = cached(AggregateRef(.device, id))?.aggregate { return a }
        return nil
    }
    func examPlan(_ vehicleClass: String) -> ExamPlanState? {
        if case .examPlan(let a)? = cached(AggregateRef(.examPlan, vehicleClass))?.aggregate { return a.body }
        return nil
    }

    func vehicleID(forFleetNumber fleetNumber: String) -> String? {
        if let id = pendingFleetNumbers[fleetNumber] { return id }
        return try? String.fetchOne(
            db.cachedStatement(sql: "SELECT vehicle_id FROM fleet WHERE fleet_number = ?"), arguments: [fleetNumber])
    }

    func partID(forPartNumber partNumber: String) -> String? {
        if let id = pendingPartNumbers[partNumber.lowercased()] { return id }
        return try? String.fetchOne(
            db.cachedStatement(sql: "SELECT part_id FROM parts WHERE lower(part_number) = lower(?)"),
            arguments: [partNumber])
    }

    func vehicleID(forEVN evn: String) -> String? {
        if let id = pendingEVNs[evn] { return id }
        return try? String.fetchOne(
            db.cachedStatement(sql: "SELECT vehicle_id FROM fleet WHERE evn = ? AND status != 'withdrawn'"),
            arguments: [evn])
    }

    func workshopID(forName name: String) -> String? {
        if let id = pendingWorkshops[name] { return id }
        return try? String.fetchOne(
            db.cachedStatement(sql: "SELECT workshop_id FROM workshops WHERE name = ?"), arguments: [name])
    }

    func userNames(withRole role: Role) -> [String] {
        var names = Set(
            (try? String.fetchAll(
                db.cachedStatement(sql: "SELECT name FROM users WHERE role = ?"), arguments: [role.rawValue])) ?? [])
        // Roles changed earlier in this transaction are not in the read model yet.
        for case .user(let user) in overlay.values.map(\.aggregate) {
            guard let name = user.body.name.value else { continue }
            if user.body.role.value == role { names.insert(name) } else { names.remove(name) }
        }
        return names.sorted()
    }

    func partIDs(reservedFor workOrderID: String) -> [String] {
        // Reservations are few; their payloads name the order.
        (try? String.fetchAll(
            db.cachedStatement(
                sql:
                    "SELECT DISTINCT aggregate_id FROM events WHERE event_type = 'StockReserved' AND instr(payload, ?) > 0"
            ),
            arguments: [#""workOrderID":"\#(workOrderID)""#])) ?? []
    }

    var foundingDevice: DeviceID? { store.identity?.founder }

    /// What this device has seen of the fleet's membership, written into each of its events:
    /// for every other device, its newest membership event held here. Read once per
    /// transaction: a transaction that writes does not also receive.
    lazy var membershipSeen: String? = {
        let rows = try? Row.fetchAll(
            db,
            sql: """
                SELECT device, max(counter) FROM events
                WHERE event_type IN (\(Membership.eventTypes.map { "'\($0)'" }.joined(separator: ", "))) AND device != ?
                GROUP BY device
                """,
            arguments: [device.rawValue])
        return SeenMembership(rows?.map { (DeviceID($0[0] as String), $0[1] as Int64) } ?? []).text
    }()

    func makeID(for kind: AggregateKind) -> String {
        let prefix: String =
            switch kind {
            case .vehicle: "V"
            case .workOrder: "W"
            case .part: "P"
            case .workshop: "S"
            case .defect: "D"
            default: kind.rawValue
            }
        return "\(prefix)-\(device.rawValue)-\(nextSequence("id"))"
    }

    func makeWorkOrderNumber() -> String {
        "WO-\(device.rawValue.prefix(6).uppercased())-" + String(format: "%05lld", nextSequence("work-order"))
    }

    private func nextSequence(_ name: String) -> Int64 {
        let current =
            sequences[name]
            ?? (try? Int64.fetchOne(
                db.cachedStatement(sql: "SELECT value FROM sequences WHERE name = ?"), arguments: [name])) ?? 0
        sequences[name] = current + 1
        return current + 1
    }

    // MARK: Deciding and appending

    /// Decides a command and appends its events.
    func execute(_ command: Command, by actor: Actor, expectedVersion: Int?) throws -> [StoredEvent] {
        let pending: [PendingEvent]
        do {
            pending = try CommandHandler.decide(command, by: actor, in: self)
        } catch {
            if let loadError { throw loadError }
            throw StorageError(error)
        }
        if let loadError { throw loadError }
        if let expectedVersion, let target = pending.first?.aggregate {
            let current = cached(target)?.aggregate.version ?? 0
            if current != expectedVersion {
                throw StorageError(
                    .domain(.concurrentChange),
                    "\(target) changed since it was read (version \(expectedVersion), now \(current)); reload and try again"
                )
            }
        }
        let correlation = "\(device.rawValue):\(counter + 1)"
        return try append(pending, by: actor, correlationID: correlation, causationID: nil)
    }

    /// Stamps, chains and inserts events, and applies them to the session's states.
    func append(_ pending: [PendingEvent], by actor: Actor, correlationID: String, causationID: String?) throws
        -> [StoredEvent]
    {
        var stored: [StoredEvent] = []
        for p in pending {
            prepare(p.aggregate)
            counter += 1
            let stamp = clock.tick(nowMs: nowMs)
            let payload = try EventCodec.encode(p.event)
            let event = RecordedEvent(
                id: EventID(device: device, counter: UInt64(counter)), timestamp: stamp, recordedAtMs: nowMs,
                aggregate: p.aggregate, user: actor.user, role: actor.role, correlationID: correlationID,
                causationID: causationID, event: p.event)
            // The rule every receiver applies: an event it would refuse is never written, or
            // it would block the rest of this device's chain everywhere.
            if let refusal = Authority.refusal(of: event, in: self) {
                throw StorageError(.domain(.forbidden), "\(refusal); nothing was written")
            }
            var row = EventRow(
                seq: 0, device: device.rawValue, counter: counter, hlcMs: stamp.physicalMs,
                hlcLogical: Int64(stamp.logical),
                recordedMs: nowMs, aggregateKind: p.aggregate.kind.rawValue, aggregateID: p.aggregate.id,
                eventType: p.event.eventType, schemaVersion: p.event.schemaVersion, user: actor.user,
                role: actor.role.rawValue,
                correlationID: correlationID, causationID: causationID,
                payload: String(decoding: payload, as: UTF8.self),
                hash: Data(), seen: membershipSeen)
            row.hash = HashChain.hash(of: row, previous: previousHash)
            try row.insert(db)
            row.seq = db.lastInsertedRowID
            try recordReceipt(of: row)
            previousHash = row.hash
            absorb(event, seq: row.seq)
            stored.append(StoredEvent(seq: row.seq, event: event, hash: row.hash))
        }
        appended += stored
        hasOwnEvents = true
        return stored
    }

    /// Inserts an event from another device as it was signed there, and applies it.
    func receive(_ row: EventRow, _ event: RecordedEvent) throws -> StoredEvent {
        prepare(event.aggregate)
        var row = row
        row.recordedMs = nowMs
        try row.insert(db)
        row.seq = db.lastInsertedRowID
        try recordReceipt(of: row)
        clock.observe(event.timestamp)
        let recorded = RecordedEvent(
            id: event.id, timestamp: event.timestamp, recordedAtMs: nowMs, aggregate: event.aggregate, user: event.user,
            role: event.role,
            correlationID: event.correlationID, causationID: event.causationID, event: event.event)
        absorb(recorded, seq: row.seq)
        let stored = StoredEvent(seq: row.seq, event: recorded, hash: row.hash)
        appended.append(stored)
        return stored
    }

    /// Loads an aggregate into the overlay before its new event is in the table, so that the
    /// event is applied once.
    private func prepare(_ ref: AggregateRef) {
        if overlay[ref] == nil {
            overlay[ref] = cached(ref) ?? CachedAggregate(aggregate: AnyAggregate(ref), seq: 0, snapshotVersion: 0)
        }
    }

    func absorb(_ event: RecordedEvent, seq: Int64) {
        let ref = event.aggregate
        guard overlay[ref] != nil else { preconditionFailure("\(ref) absorbed an event before it was prepared") }
        // Mutate in place: the overlay holds the transaction's own copy.
        overlay[ref]?.apply(event, seq: seq)
        absent.remove(ref)
        if touchedSet.insert(ref).inserted { touched.append(ref) }
        switch event.event {
        case .vehicleRegistered(let r):
            pendingFleetNumbers[r.fleetNumber] = ref.id
            pendingEVNs[r.evn] = ref.id
        case .partRegistered(let p): pendingPartNumbers[p.partNumber.lowercased()] = ref.id
        case .workshopRegistered(let w): pendingWorkshops[w.name] = ref.id
        case .deviceRetired(let r): retirements[ref.id] = min(retirements[ref.id] ?? .max, r.lastCounter)
        default: break
        }
    }

    /// Moves a retired device's events after its cut out of the log, when this replica took
    /// them before it learned of the retirement: every replica's log then ends at the cut.
    /// They stay in `cut_events` for the audit, and state is folded again after the commit.
    private func cutRetiredTails() throws {
        for (device, cut) in retirements.sorted(by: { $0.key < $1.key }) {
            let beyond =
                try Int.fetchOne(
                    db.cachedStatement(sql: "SELECT count(*) FROM events WHERE device = ? AND counter > ?"),
                    arguments: [device, cut])
                ?? 0
            guard beyond > 0 else { continue }
            try db.execute(
                sql: """
                    INSERT INTO cut_events SELECT *, ? FROM events WHERE device = ? AND counter > ?;
                    DELETE FROM events WHERE device = ? AND counter > ?;
                    DELETE FROM chain_heads WHERE device = ? AND counter > ?;
                    DELETE FROM analytics_facts WHERE device = ? AND counter > ?;
                    INSERT OR REPLACE INTO settings (name, value) VALUES ('refold_pending', '1');
                    """, arguments: [nowMs, device, cut, device, cut, device, cut, device, cut])
            cutEvents = true
        }
    }

    /// Writes projections, snapshots, sequences and the signed chain head.
    func finish() throws {
        guard !appended.isEmpty else { return }
        if store.maintainsAnalyticsFacts { try AnalyticsFactRows.insert(appended.lazy.map(\.event), db) }
        try cutRetiredTails()
        let plansChanged = Set(touched.filter { $0.kind == .examPlan }.map(\.id))
        for ref in touched {
            guard var entry = overlay[ref] else { continue }
            if store.maintainsReadModels {
                if case .examPlan = entry.aggregate {
                    // A changed plan moves every due exam of its class.
                    let ids = try String.fetchAll(
                        db.cachedStatement(sql: "SELECT vehicle_id FROM fleet WHERE vehicle_class = ?"),
                        arguments: [ref.id])
                    for id in ids where !touchedSet.contains(AggregateRef(.vehicle, id)) {
                        if let v = cached(AggregateRef(.vehicle, id)) {
                            try Projector.write(v.aggregate, examPlan: examPlan, db)
                        }
                    }
                }
                // What the rows were rendered from, so unchanged child rows are skipped.
                var previous = store.cache.entries[ref]?.aggregate
                if case .vehicle(let v)? = previous, let cls = v.body.vehicleClass.value, plansChanged.contains(cls) {
                    previous = nil
                }
                try Projector.write(entry.aggregate, previous: previous, examPlan: examPlan, db)
            }
            if entry.aggregate.version - entry.snapshotVersion >= store.snapshotInterval {
                try Snapshots.write(entry, db)
                entry.snapshotVersion = entry.aggregate.version
                overlay[ref] = entry
            }
        }
        for (name, value) in sequences {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO sequences (name, value) VALUES (?, ?)").execute(
                arguments: [name, value])
        }
        let key = try store.signingKey()
        try HashChain.signReceiptHead(replica: device.rawValue, seq: receiptSeq, hash: receiptHead, key: key, db)
        guard hasOwnEvents else { return }
        let signature = try key.sign(
            HashChain.headMessage(device: device.rawValue, counter: counter, hash: previousHash))
        try db.cachedStatement(sql: "INSERT INTO chain_heads (device, counter, hash, signature) VALUES (?, ?, ?, ?)")
            .execute(arguments: [device.rawValue, counter, previousHash, signature])
    }
}

enum Snapshots {
    static func write(_ entry: CachedAggregate, _ db: Database) throws {
        let ref = entry.aggregate.ref
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO snapshots (aggregate_kind, aggregate_id, up_to_seq, version, max_hlc_ms, max_recorded_ms, state)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            ref.kind.rawValue, ref.id, entry.seq, entry.aggregate.version,
            entry.aggregate.lastStamp?.physicalMs ?? 0, entry.maxRecordedMs,
            try entry.aggregate.encoded(),
        ])
    }
}
