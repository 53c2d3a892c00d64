public import Domain
import Foundation

/// An event as scripts see it.
public struct EventView: Encodable, Sendable {
    public let seq: Int64
    public let id: String
    public let type: String
    public let schemaVersion: Int
    public let aggregate: String
    public let validTime: String
    public let hlc: String
    public let recordedAt: String
    public let user: String
    public let role: String
    public let device: String
    public let correlationID: String
    public let causationID: String?
    public let hash: String
    public let payload: AnyEncodable

    public init(_ stored: StoredEvent) {
        let e = stored.event
        seq = stored.seq
        id = e.id.description
        type = e.event.eventType
        schemaVersion = e.event.schemaVersion
        aggregate = e.aggregate.description
        validTime = UTC.format(ms: e.timestamp.physicalMs)
        hlc = e.timestamp.description
        recordedAt = UTC.format(ms: e.recordedAtMs)
        user = e.user
        role = e.role.rawValue
        device = e.id.device.rawValue
        correlationID = e.correlationID
        causationID = e.causationID
        hash = stored.hash.map { String(format: "%02x", $0) }.joined()
        payload = AnyEncodable(e.event.body)
    }
}

/// Any event body, encoded as itself.
public struct AnyEncodable: Encodable, @unchecked Sendable {
    let value: any Encodable
    public init(_ value: any Encodable) { self.value = value }
    public func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}

/// An aggregate's state at a point of its history, as scripts (and the hub's API) see it.
public struct AuditedState: Encodable, Sendable {
    public let aggregate: String
    public let asOf: String
    public let version: Int
    public let lastValidTime: String?
    public let fields: [AggregateFields.Field]

    public init(aggregate: String, asOf: String, version: Int, lastValidTime: String?, fields: [AggregateFields.Field])
    {
        self.aggregate = aggregate
        self.asOf = asOf
        self.version = version
        self.lastValidTime = lastValidTime
        self.fields = fields
    }
}
