public import Domain
import Foundation
import GRDB

extension RailFleetStore {
    /// For each device, the highest counter this replica holds: all it needs to say to get
    /// exactly what it lacks.
    public func versionVector() throws -> VersionVector {
        try writer.read { db in try Self.versionVector(db) }
    }

    static func versionVector(_ db: Database) throws -> VersionVector {
        var vector = VersionVector()
        for device in try devices(db) {
            let counter =
                try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT max(counter) FROM events WHERE device = ?"), arguments: [device]
                ) ?? 0
            vector.advance(DeviceID(device), to: UInt64(counter))
        }
        return vector
    }

    /// Devices with events here: enrolled ones, found by index seeks rather than a scan of the log.
    static func devices(_ db: Database) throws -> [String] {
        // Each step jumps to the next device in the (device, counter) index.
        try String.fetchAll(
            db.cachedStatement(
                sql: """
                    WITH RECURSIVE d(device) AS (
                      SELECT min(device) FROM events
                      UNION ALL
                      SELECT (SELECT min(device) FROM events WHERE device > d.device) FROM d WHERE d.device IS NOT NULL
                    ) SELECT device FROM d WHERE device IS NOT NULL
                    """))
    }

    /// Everything a peer with `vector` lacks, with the signed heads that cover it.
    public func bundle(after vector: VersionVector) throws -> EventBundle {
        try bundle(after: vector, limit: .max).bundle
    }

    /// How far ahead of this replica's clock a received event may be stamped: 5 minutes unless
    /// the `max_clock_ahead_ms` setting (`railfleet sync clock-ahead`) says otherwise.
    static func maxClockAheadMs(_ db: Database) throws -> Int64 {
        let stored = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT CAST(value AS INTEGER) FROM settings WHERE name = 'max_clock_ahead_ms'"))
        // A value edited into the file outside the command's range is held to it.
        return min(max(stored ?? 300_000, 1_000), 86_400_000)
    }

    /// Sets how far ahead of this replica's clock a received event may be stamped.
    public func setMaxClockAhead(ms: Int64) throws {
        guard (1_000...86_400_000).contains(ms) else {
            throw StorageError(DomainError.invalid("the clock allowance must be from 1 s to 24 h"))
        }
        try writer.write { db in
            try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO settings (name, value) VALUES ('max_clock_ahead_ms', ?)"
            ).execute(arguments: ["\(ms)"])
        }
    }

    /// Takes in another replica's events: all of the bundle, or nothing.
    ///
    /// The bundle must be of this replica's fleet. Every event must continue its device's
    /// chain without a gap and match its hash; the newest event of each device must be
    /// covered by a head that device signed with its enrolled key; events already held must
    /// be byte-identical. Each new event must count by `Authority` in what its author had
    /// seen (its device enrolled, its user holding a role allowed to write it), come from a
    /// device not retired before it, and be stamped no further ahead of this replica's clock
    /// than allowed. Events are taken in causal (clock) order, so an enrolment or a new user
    /// travels in the same bundle as the events that need it. A well-formed, authorised
    /// event is never refused for what it says: conflicts become notices.
    ///
    /// A hub on a shared log passes `beforeCommit`: it is handed the events newly taken
    /// (exactly as stored, with their hashes) and the signed heads verified for them, inside
    /// the transaction, and its error undoes the merge.
    ///
    /// - Returns: the events newly stored, in the order applied.
    /// - Throws: `StorageError` of kind `.rejectedBundle` naming the offending event and rule,
    ///   or what `beforeCommit` threw.
    @discardableResult
    public func merge(
        _ bundle: EventBundle, at nowMs: Int64? = nil,
        beforeCommit: ((_ entries: [LogEntry], _ heads: [SignedHead]) throws -> Void)? = nil
    ) throws -> [StoredEvent] {
        try write(at: nowMs) { session in
            let founder = try acceptFleet(of: bundle, session)
            var chains: [ReceivedChain] = []
            for (device, entries) in Dictionary(grouping: bundle.events, by: \.device).sorted(by: { $0.key < $1.key }) {
                let chain = try ReceivedChain(
                    device: device, entries.sorted { $0.counter < $1.counter }, heads: bundle.heads, session)
                if !chain.fresh.isEmpty { chains.append(chain) }
            }
            let fresh = chains.flatMap(\.fresh).sorted { $0.event.timestamp < $1.event.timestamp }
            var cuts = try RetirementCuts.held(session.db)
            for (_, event) in fresh {
                if case .deviceRetired(let retired) = event.event { cuts.add(event.aggregate.id, retired) }
            }
            var judge = try AuthorityJudge(founder: founder, cuts: cuts, session)
            var received: [StoredEvent] = []
            for (row, event) in fresh {
                try judge.check(event, seen: row.seen, session)
                received.append(try session.receive(row, event))
                judge.stored(event)
            }
            let heads = try chains.compactMap { try $0.keepNewestHead(session, cuts: cuts) }
            if let sender = bundle.sender, let holds = bundle.holds, (try? DeviceID.validate(sender)) != nil {
                try Self.notePeer(sender, holds: holds, atMs: session.nowMs, session.db)
            }
            if let beforeCommit, !fresh.isEmpty {
                // In each device's counter order: the order a shared log extends its chains in.
                try beforeCommit(chains.flatMap { $0.fresh.map { LogEntry($0.row) } }, heads)
            }
            return received
        }
    }

    /// Refuses a bundle of another fleet; a joined replica takes its fleet from the first
    /// bundle that enrols it.
    ///
    /// - Returns: the fleet's founding device, when known.
    private func acceptFleet(of bundle: EventBundle, _ session: WriteSession) throws -> DeviceID? {
        guard Fleet.isWellFormed(bundle.fleet) else { throw Self.rejected("it carries no valid fleet id", .fleet) }
        let identity = try requireIdentity()
        if let fleet = identity.fleet, fleet != bundle.fleet {
            throw Self.rejected("it comes from fleet \(bundle.fleet); this replica belongs to fleet \(fleet)", .fleet)
        }
        if identity.fleet == nil {
            let enrolsMe = bundle.events.contains { entry in
                entry.aggregateKind == AggregateKind.device.rawValue && entry.aggregateID == identity.device.rawValue
                    && (try? CanonicalJSON.decode(DeviceEnrolled.self, from: Data(entry.payload.utf8)))?.publicKey
                        == identity.publicKeyHex
            }
            guard enrolsMe else {
                throw Self.rejected(
                    "this replica is not enrolled yet and the bundle (fleet \(bundle.fleet)) does not enrol it; an admin runs `railfleet device enroll REQUEST` with this terminal's request first",
                    .enrolment)
            }
        }
        // The founder enrolled itself, with the key the fleet id is derived from.
        let founder =
            identity.founder
            ?? bundle.events.first { entry in
                entry.eventType == DeviceEnrolled.eventType && entry.aggregateID == entry.device
                    && (try? CanonicalJSON.decode(DeviceEnrolled.self, from: Data(entry.payload.utf8))).flatMap {
                        Fleet.id(founderKey: $0.publicKey)
                    } == bundle.fleet
            }.map { DeviceID($0.device) }
        if identity.fleet == nil || (identity.founder == nil && founder != nil) {
            try adopt(fleet: bundle.fleet, founder: founder, session.db)
        }
        return founder
    }

    /// Notes that a peer holds the events up to `vector`; entries only rise.
    static func notePeer(_ peer: String, holds vector: VersionVector, atMs now: Int64, _ db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO sync_peers (peer, device, counter, updated_ms) VALUES (?, ?, ?, ?)
                ON CONFLICT (peer, device) DO UPDATE SET counter = max(counter, excluded.counter), updated_ms = excluded.updated_ms
                """)
        for (device, counter) in vector.counters where (try? DeviceID.validate(device.rawValue)) != nil {
            try statement.execute(arguments: [peer, device.rawValue, Int64(clamping: counter), now])
        }
    }

    static func rejected(_ message: String, _ rule: BundleRefusal.Rule, at event: String? = nil) -> StorageError {
        var error = StorageError(.rejectedBundle, "bundle refused: \(message); nothing was merged")
        error.refusal = BundleRefusal(rule: rule, event: event)
        return error
    }
}

/// One device's part of a bundle, checked as a chain: no gap, every hash right, held events
/// byte-identical, clock stamps rising.
private struct ReceivedChain {
    let device: String
    /// The events this replica does not hold yet, in counter order.
    private(set) var fresh: [(row: EventRow, event: RecordedEvent)] = []
    private let heads: [SignedHead]

    init(device: String, _ entries: [LogEntry], heads: [SignedHead], _ session: WriteSession) throws {
        self.device = device
        self.heads = heads.filter { $0.device == device }
        let db = session.db
        if (try? DeviceID.validate(device)) == nil {
            throw RailFleetStore.rejected("its device id '\(Text.escaped(device))' is not one RailFleet makes", .format)
        }
        let last = try Row.fetchOne(
            db.cachedStatement(
                sql:
                    "SELECT counter, hash, hlc_ms, hlc_logical FROM events WHERE device = ? ORDER BY counter DESC LIMIT 1"
            ),
            arguments: [device])
        var counter: Int64 = last?[0] ?? 0
        var previous: Data = last?[1] ?? HashChain.genesis
        var stamp: (Int64, Int64)? = last.map { ($0[2], $0[3]) }
        // The hashes of the events sent again, and of the one before them: one read, not
        // two per event (importing a file twice sends everything again).
        var heldHashes: [Int64: Data] = [:]
        if let first = entries.first?.counter, first <= counter {
            for row in try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT counter, hash FROM events WHERE device = ? AND counter BETWEEN ? AND ?"),
                arguments: [device, first - 1, min(counter, entries.last?.counter ?? counter)])
            {
                heldHashes[row[0]] = row[1]
            }
        }
        for entry in entries {
            // Named only in a refusal: this runs for every received event.
            var name: String { "\(device):\(entry.counter)" }
            if entry.counter <= counter {
                // Sent without its hash: what it would be, following the event held before it.
                let hash =
                    entry.hash.isEmpty
                    ? HashChain.hash(
                        of: entry.row,
                        previous: entry.counter == 1
                            ? HashChain.genesis : heldHashes[entry.counter - 1] ?? HashChain.genesis)
                    : entry.hash
                guard heldHashes[entry.counter] == hash else {
                    throw RailFleetStore.rejected(
                        "\(name) differs from the event this replica holds under that id", .fork, at: name)
                }
                continue
            }
            guard device != session.device.rawValue else {
                throw RailFleetStore.rejected(
                    "\(name) claims to be this device's event, but this device never wrote it", .ownDevice, at: name)
            }
            guard entry.counter == counter + 1 else {
                throw RailFleetStore.rejected(
                    "\(name) arrives before \(device):\(counter + 1): the chain has a gap", .chain, at: name)
            }
            var row = entry.row
            let hash = HashChain.hash(of: row, previous: previous)
            guard entry.hash.isEmpty || hash == entry.hash else {
                throw RailFleetStore.rejected(
                    "\(name) does not match its hash: altered in transit or forged", .hash, at: name)
            }
            if let stamp, (entry.hlcMs, entry.hlcLogical) <= stamp {
                throw RailFleetStore.rejected(
                    "\(name) is stamped no later than the event before it: its clock ran back", .clock, at: name)
            }
            let event: RecordedEvent
            do { event = try row.decoded() } catch {
                throw RailFleetStore.rejected("\(name) does not decode: \(error)", .format, at: name)
            }
            row.hash = hash
            fresh.append((row, event))
            counter = entry.counter
            previous = hash
            stamp = (entry.hlcMs, entry.hlcLogical)
        }
    }

    /// Checks the device's signature over its newest event and keeps that head, unless the
    /// newest event is where a retirement cut the chain (the retirement names its hash, and
    /// is itself signed in the retiring device's chain). Only the newest head is verified: its signature covers its hash, and the hash chain covers every
    /// event before it (each verification costs about 65 µs here).
    ///
    /// - Returns: the head kept; nil where a retirement vouches for the newest event.
    func keepNewestHead(_ session: WriteSession, cuts: RetirementCuts) throws -> SignedHead? {
        guard let (row, _) = fresh.last else { return nil }
        if cuts.vouches(for: device, counter: row.counter, hash: row.hash) { return nil }
        guard let publicKey = session.device(device)?.body.enrolment.value?.publicKey else {
            throw RailFleetStore.rejected(
                "\(device) is not enrolled: no public key to check its signatures", .enrolment,
                at: "\(device):\(row.counter)")
        }
        let newest = heads.first { head in
            head.counter == row.counter && head.hash == row.hash
                && DeviceKey.verify(
                    signature: head.signature,
                    of: HashChain.headMessage(device: device, counter: head.counter, hash: head.hash),
                    publicKeyHex: publicKey)
        }
        guard let newest else {
            throw RailFleetStore.rejected(
                "no valid signature of \(device) covers its events up to \(row.counter)", .signature,
                at: "\(device):\(row.counter)")
        }
        try session.db.cachedStatement(
            sql: "INSERT OR IGNORE INTO chain_heads (device, counter, hash, signature) VALUES (?, ?, ?, ?)"
        ).execute(arguments: [device, newest.counter, newest.hash, newest.signature])
        return newest
    }
}

extension RailFleetStore {
    /// A batch of what a peer with `vector` lacks: at least `limit` events when there are that
    /// many, cut where one of this replica's commits ended. There every device's newest event
    /// in the batch is covered by a signed head (or vouched for by a retirement), and the
    /// batch holds everything those events depend on, because this replica stored events in
    /// an order that respects causality. So batches can be merged one by one, and a transfer
    /// broken off resumes from the peer's vector.
    ///
    /// - Returns: the batch, and whether more remains after it.
    public func bundle(after vector: VersionVector, limit: Int) throws -> (bundle: EventBundle, more: Bool) {
        let identity = try requireIdentity()
        guard let fleet = identity.fleet else {
            throw StorageError(.notInitialised, "this replica has not joined its fleet yet: it has nothing to send")
        }
        return try writer.read { db in
            var start = Int64.max
            for device in try Self.devices(db) {
                // A peer may claim any counter, up to UInt64.max: it then lacks nothing of that device.
                guard vector[DeviceID(device)] < UInt64(Int64.max) else { continue }
                let next = Int64(vector[DeviceID(device)]) + 1
                if let seq = try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT seq FROM events WHERE device = ? AND counter = ?"),
                    arguments: [device, next])
                {
                    start = min(start, seq)
                }
            }
            var events: [LogEntry] = []
            var more = false
            if start < .max {
                let boundary = try db.cachedStatement(sql: "SELECT 1 FROM receipt_heads WHERE seq = ?")
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT \(EventRow.columns) FROM events WHERE seq >= ? ORDER BY seq", arguments: [start])
                var previous: Int64 = 0
                while let raw = try rows.next() {
                    let row = EventRow(row: raw)
                    if events.count >= limit, try Bool.fetchOne(boundary, arguments: [previous]) == true {
                        more = true
                        break
                    }
                    if UInt64(row.counter) > vector[DeviceID(row.device)] { events.append(LogEntry(row)) }
                    previous = row.seq
                }
            }
            var heads: [SignedHead] = []
            var newest: [String: Int64] = [:]
            for e in events { newest[e.device] = max(newest[e.device] ?? 0, e.counter) }
            for (device, counter) in newest.sorted(by: { $0.key < $1.key }) {
                heads += try Row.fetchAll(
                    db.cachedStatement(
                        sql: "SELECT counter, hash, signature FROM chain_heads WHERE device = ? AND counter = ?"),
                    arguments: [device, counter]
                ).map { SignedHead(device: device, counter: $0[0], hash: $0[1], signature: $0[2]) }
            }
            return (
                EventBundle(
                    fleet: fleet, sender: identity.device.rawValue, holds: try Self.versionVector(db), events: events,
                    heads: heads), more
            )
        }
    }
}
