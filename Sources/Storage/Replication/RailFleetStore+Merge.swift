public import Domain
import Foundation
import GRDB

extension RailFleetStore {
    /// For each device, the highest counter this replica holds: all it needs to say to get
    /// exactly what it lacks.
    public func versionVector() throws -> VersionVector {
        try writer.read { db in
            var vector = VersionVector()
            for device in try Self.devices(db) {
                let counter =
                    try Int64.fetchOne(
                        db.cachedStatement(sql: "SELECT max(counter) FROM events WHERE device = ?"), arguments: [device]
                    ) ?? 0
                vector.advance(DeviceID(device), to: UInt64(counter))
            }
            return vector
        }
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

    /// The events a peer with `vector` lacks, in chain order, with the signed heads that cover them.
    public func bundle(after vector: VersionVector) throws -> EventBundle {
        try writer.read { db in
            var events: [LogEntry] = []
            var heads: [SignedHead] = []
            for device in try Self.devices(db) {
                let known = Int64(vector[DeviceID(device)])
                events += try EventRow.fetch(
                    db, where: "device = ? AND counter > ?", arguments: [device, known], suffix: "ORDER BY counter"
                ).map(LogEntry.init)
                heads += try Row.fetchAll(
                    db,
                    sql:
                        "SELECT counter, hash, signature FROM chain_heads WHERE device = ? AND counter > ? ORDER BY counter",
                    arguments: [device, known]
                ).map { SignedHead(device: device, counter: $0[0], hash: $0[1], signature: $0[2]) }
            }
            return EventBundle(events: events, heads: heads)
        }
    }

    /// Takes in another replica's events: all of the bundle, or nothing.
    ///
    /// Every event must continue its device's chain without a gap and match its hash; the
    /// newest event of each device must be covered by a head that device signed; events
    /// already held must be byte-identical. A replica never rejects a well-formed event
    /// because of what it says: conflicts become notices.
    ///
    /// - Returns: the events newly stored, in the order applied.
    /// - Throws: `StorageError` of kind `.rejectedBundle` naming the first offending event.
    @discardableResult
    public func merge(_ bundle: EventBundle, at nowMs: Int64? = nil) throws -> [StoredEvent] {
        guard !bundle.events.isEmpty else { return [] }
        let byDevice = Dictionary(grouping: bundle.events, by: \.device)
        return try write(at: nowMs) { session in
            var received: [StoredEvent] = []
            for (device, chain) in byDevice.sorted(by: { $0.key < $1.key }) {
                let entries = chain.sorted { $0.counter < $1.counter }
                received += try receiveChain(
                    device: device, entries, heads: bundle.heads.filter { $0.device == device }, session)
            }
            return received
        }
    }

    private func receiveChain(device: String, _ entries: [LogEntry], heads: [SignedHead], _ session: WriteSession)
        throws -> [StoredEvent]
    {
        let db = session.db
        let last = try Row.fetchOne(
            db, sql: "SELECT counter, hash FROM events WHERE device = ? ORDER BY counter DESC LIMIT 1",
            arguments: [device])
        var counter: Int64 = last?[0] ?? 0
        var previous: Data = last?[1] ?? HashChain.genesis
        // The key comes from the device's enrolment event in the log, not from a read model.
        var publicKey: String?
        if case .device(let d)? = session.cached(AggregateRef(.device, device))?.aggregate {
            publicKey = d.body.enrolment.value?.publicKey
        }
        var fresh: [(EventRow, RecordedEvent)] = []
        for entry in entries {
            let name = "\(device):\(entry.counter)"
            if entry.counter <= counter {
                let held = try Data.fetchOne(
                    db, sql: "SELECT hash FROM events WHERE device = ? AND counter = ?",
                    arguments: [device, entry.counter])
                guard held == entry.hash else {
                    throw Self.rejected("\(name) differs from the event this replica holds under that id")
                }
                continue
            }
            guard device != session.device.rawValue else {
                throw Self.rejected("\(name) claims to be this device's event, but this device never wrote it")
            }
            guard entry.counter == counter + 1 else {
                throw Self.rejected("\(name) arrives before \(device):\(counter + 1): the chain has a gap")
            }
            let row = entry.row
            guard HashChain.hash(of: row, previous: previous) == entry.hash else {
                throw Self.rejected("\(name) does not match its hash: altered in transit or forged")
            }
            let event: RecordedEvent
            do { event = try row.decoded() } catch { throw Self.rejected("\(name) does not decode: \(error)") }
            guard event.aggregate.kind != .device || event.aggregate.id == device else {
                throw Self.rejected("\(name) enrols another device")
            }
            if publicKey == nil, case .deviceEnrolled(let enrolment) = event.event { publicKey = enrolment.publicKey }
            fresh.append((row, event))
            counter = entry.counter
            previous = entry.hash
        }
        guard !fresh.isEmpty else { return [] }
        guard let publicKey else {
            throw Self.rejected("\(device) is not enrolled: no public key to check its signatures")
        }
        // Only the newest head is checked and kept: its signature covers its hash, and the hash
        // chain covers every event before it. One verification per device and bundle, whatever
        // the number of commits it spans (each verification costs about 65 µs here).
        let newest = heads.first { head in
            head.counter == counter && head.hash == previous
                && DeviceKey.verify(
                    signature: head.signature,
                    of: HashChain.headMessage(device: device, counter: head.counter, hash: head.hash),
                    publicKeyHex: publicKey)
        }
        guard let newest else {
            throw Self.rejected("no valid signature of \(device) covers its events up to \(counter)")
        }
        var stored: [StoredEvent] = []
        for (row, event) in fresh { stored.append(try session.receive(row, event)) }
        try db.execute(
            sql: "INSERT OR IGNORE INTO chain_heads (device, counter, hash, signature) VALUES (?, ?, ?, ?)",
            arguments: [device, newest.counter, newest.hash, newest.signature])
        return stored
    }

    static func rejected(_ message: String) -> StorageError {
        StorageError(.rejectedBundle, "bundle refused: \(message); nothing was merged")
    }
}
