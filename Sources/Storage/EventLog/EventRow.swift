import Domain
import Foundation
import GRDB

/// One row of the `events` table: the stored form of a `RecordedEvent`.
struct EventRow: Codable, FetchableRecord, Sendable {
    var seq: Int64
    var device: String
    var counter: Int64
    var hlcMs: Int64
    var hlcLogical: Int64
    var recordedMs: Int64
    var aggregateKind: String
    var aggregateID: String
    var eventType: String
    var schemaVersion: Int
    var user: String
    var role: String
    var correlationID: String
    var causationID: String?
    var payload: String
    var hash: Data
    /// What the author had seen of the fleet's membership, as canonical JSON
    /// `{"device": counter}`; nil when it had seen only its own device's.
    var seen: String?

    enum CodingKeys: String, CodingKey {
        case seq, device, counter, user, role, payload, hash, seen
        case hlcMs = "hlc_ms"
        case hlcLogical = "hlc_logical"
        case recordedMs = "recorded_ms"
        case aggregateKind = "aggregate_kind"
        case aggregateID = "aggregate_id"
        case eventType = "event_type"
        case schemaVersion = "schema_version"
        case correlationID = "correlation_id"
        case causationID = "causation_id"
    }

    init(row: Row) {
        seq = row[0]
        device = row[1]
        counter = row[2]
        hlcMs = row[3]
        hlcLogical = row[4]
        recordedMs = row[5]
        aggregateKind = row[6]
        aggregateID = row[7]
        eventType = row[8]
        schemaVersion = row[9]
        user = row[10]
        role = row[11]
        correlationID = row[12]
        causationID = row[13]
        payload = row[14]
        hash = row[15]
        seen = row[16]
    }

    init(
        seq: Int64, device: String, counter: Int64, hlcMs: Int64, hlcLogical: Int64, recordedMs: Int64,
        aggregateKind: String,
        aggregateID: String, eventType: String, schemaVersion: Int, user: String, role: String, correlationID: String,
        causationID: String?, payload: String, hash: Data, seen: String? = nil
    ) {
        self.seq = seq
        self.device = device
        self.counter = counter
        self.hlcMs = hlcMs
        self.hlcLogical = hlcLogical
        self.recordedMs = recordedMs
        self.aggregateKind = aggregateKind
        self.aggregateID = aggregateID
        self.eventType = eventType
        self.schemaVersion = schemaVersion
        self.user = user
        self.role = role
        self.correlationID = correlationID
        self.causationID = causationID
        self.payload = payload
        self.hash = hash
        self.seen = seen
    }

    /// Column list in the order `init(row:)` reads.
    static let columns =
        "seq, device, counter, hlc_ms, hlc_logical, recorded_ms, aggregate_kind, aggregate_id, event_type, schema_version, user, role, correlation_id, causation_id, payload, hash, seen"

    /// Events matching a clause. Statements are cached: the same few shapes recur.
    static func fetch(
        _ db: Database, where clause: String = "1", arguments: StatementArguments = [], suffix: String = "ORDER BY seq"
    ) throws -> [EventRow] {
        let statement = try db.cachedStatement(sql: "SELECT \(columns) FROM events WHERE \(clause) \(suffix)")
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        var result: [EventRow] = []
        while let row = try rows.next() { result.append(EventRow(row: row)) }
        return result
    }

    func insert(_ db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO events (device, counter, hlc_ms, hlc_logical, recorded_ms, aggregate_kind, aggregate_id, event_type,
                  schema_version, user, role, correlation_id, causation_id, payload, hash, seen)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.execute(arguments: [
            device, counter, hlcMs, hlcLogical, recordedMs, aggregateKind, aggregateID, eventType, schemaVersion, user,
            role,
            correlationID, causationID, payload, hash, seen,
        ])
    }

    /// Decodes the payload (upcasting old schemas) into the domain's event.
    /// Reads and decodes events, as `fetch` selects them.
    static func fetchStored(
        _ db: Database, where clause: String = "1", arguments: StatementArguments = [], suffix: String = "ORDER BY seq"
    ) throws -> [StoredEvent] {
        try stored(fetch(db, where: clause, arguments: arguments, suffix: suffix))
    }

    /// Decodes rows, leaving out any whose payload no longer decodes: listings, exports and the
    /// timeline go on showing the rest of the replica (verification names the damaged ones).
    static func stored(_ rows: [EventRow]) throws -> [StoredEvent] { try storedReportingDamage(rows).events }

    /// Decodes rows and names those that do not decode.
    static func storedReportingDamage(_ rows: [EventRow]) throws -> (events: [StoredEvent], damaged: [DamagedEvent]) {
        do { return (try decodedAll(rows), []) } catch {
            // The rare damaged log: row by row, to tell the damaged from the rest.
            var events: [StoredEvent] = []
            var damaged: [DamagedEvent] = []
            for row in rows {
                do { events.append(StoredEvent(seq: row.seq, event: try row.decoded(), hash: row.hash)) } catch {
                    damaged.append(DamagedEvent(row, error))
                }
            }
            return (events, damaged)
        }
    }

    /// Decodes rows on every core: decoding is what long trails and the timeline spend their
    /// time on, and each row decodes on its own.
    static func decodedAll(_ rows: [EventRow]) throws -> [StoredEvent] {
        try ParallelMap.map(rows, minimum: 2_048) { StoredEvent(seq: $0.seq, event: try $0.decoded(), hash: $0.hash) }
    }

    func decoded() throws -> RecordedEvent {
        guard let kind = AggregateKind(rawValue: aggregateKind), let role = Role(rawValue: role) else {
            throw StorageError(.corruptDatabase, "event \(device):\(counter) has an unknown aggregate kind or role")
        }
        let event: DomainEvent
        do {
            event = try EventCodec.decode(type: eventType, schemaVersion: schemaVersion, payload: Data(payload.utf8))
        } catch let error as DomainError {
            throw StorageError(.corruptDatabase, "event \(device):\(counter): \(error.message)")
        }
        let deviceID = DeviceID(device)
        return RecordedEvent(
            id: EventID(device: deviceID, counter: UInt64(counter)),
            timestamp: HLCTimestamp(physicalMs: hlcMs, logical: UInt32(clamping: hlcLogical), device: deviceID),
            recordedAtMs: recordedMs, aggregate: AggregateRef(kind, aggregateID), user: user, role: role,
            correlationID: correlationID, causationID: causationID, event: event)
    }
}
