public import Domain
public import Foundation

/// An event exactly as its device stored and hashed it: what replicas exchange.
///
/// The payload travels as the stored canonical JSON, never re-encoded, so the receiver
/// checks the same bytes the device hashed.
public struct LogEntry: Codable, Sendable, Equatable {
    public var device: String
    public var counter: Int64
    public var hlcMs: Int64
    public var hlcLogical: Int64
    public var aggregateKind: String
    public var aggregateID: String
    public var eventType: String
    public var schemaVersion: Int
    public var user: String
    public var role: String
    public var correlationID: String
    public var causationID: String?
    public var payload: String
    /// The event's chain hash; empty when it travelled in `BundleCodec`'s form, which leaves
    /// it to the receiver to compute.
    public var hash: Data
    /// What the author had seen of the fleet's membership (see `EventRow.seen`).
    public var seen: String?

    public init(
        device: String, counter: Int64, hlcMs: Int64, hlcLogical: Int64, aggregateKind: String, aggregateID: String,
        eventType: String, schemaVersion: Int, user: String, role: String, correlationID: String,
        causationID: String?, payload: String, hash: Data, seen: String?
    ) {
        self.device = device
        self.counter = counter
        self.hlcMs = hlcMs
        self.hlcLogical = hlcLogical
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

    init(_ row: EventRow) {
        device = row.device
        counter = row.counter
        hlcMs = row.hlcMs
        hlcLogical = row.hlcLogical
        aggregateKind = row.aggregateKind
        aggregateID = row.aggregateID
        eventType = row.eventType
        schemaVersion = row.schemaVersion
        user = row.user
        role = row.role
        correlationID = row.correlationID
        causationID = row.causationID
        payload = row.payload
        hash = row.hash
        seen = row.seen
    }

    var row: EventRow {
        EventRow(
            seq: 0, device: device, counter: counter, hlcMs: hlcMs, hlcLogical: hlcLogical, recordedMs: 0,
            aggregateKind: aggregateKind,
            aggregateID: aggregateID, eventType: eventType, schemaVersion: schemaVersion, user: user, role: role,
            correlationID: correlationID, causationID: causationID, payload: payload, hash: hash, seen: seen)
    }
}

/// A device's signature over its chain head at one commit.
public struct SignedHead: Codable, Sendable, Equatable {
    public var device: String
    public var counter: Int64
    public var hash: Data
    public var signature: Data

    public init(device: String, counter: Int64, hash: Data, signature: Data) {
        self.device = device
        self.counter = counter
        self.hash = hash
        self.signature = signature
    }
}

/// What one replica sends another: the events the peer lacks and the signed heads covering
/// them, with the fleet they belong to and what the sender holds.
public struct EventBundle: Codable, Sendable, Equatable {
    /// The fleet of the sender; a replica refuses a bundle of another fleet.
    public var fleet: String
    /// The sending replica's device, and its version vector when it made the bundle, so the
    /// receiver learns what it need not send back.
    public var sender: String?
    public var holds: VersionVector?
    public var events: [LogEntry]
    public var heads: [SignedHead]
    public init(
        fleet: String, sender: String? = nil, holds: VersionVector? = nil, events: [LogEntry], heads: [SignedHead]
    ) {
        self.fleet = fleet
        self.sender = sender
        self.holds = holds
        self.events = events
        self.heads = heads
    }
}
