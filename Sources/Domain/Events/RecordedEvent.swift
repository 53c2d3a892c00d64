/// An event as the log holds it: identity, both times, who and why, and the payload.
public struct RecordedEvent: Sendable, Equatable {
    public let id: EventID
    /// Valid time: when it happened, as a hybrid logical clock stamp.
    public let timestamp: HLCTimestamp
    /// Recorded time: when this replica stored it (milliseconds since 1970, UTC).
    public let recordedAtMs: Int64
    public let aggregate: AggregateRef
    public let user: String
    public let role: Role
    public let correlationID: String
    public let causationID: String?
    public let event: DomainEvent

    public init(
        id: EventID, timestamp: HLCTimestamp, recordedAtMs: Int64, aggregate: AggregateRef, user: String, role: Role,
        correlationID: String, causationID: String?, event: DomainEvent
    ) {
        self.id = id
        self.timestamp = timestamp
        self.recordedAtMs = recordedAtMs
        self.aggregate = aggregate
        self.user = user
        self.role = role
        self.correlationID = correlationID
        self.causationID = causationID
        self.event = event
    }
}

/// An event a command decided on, before the store gives it an id, a stamp and a hash.
public struct PendingEvent: Sendable, Equatable {
    public let aggregate: AggregateRef
    public let event: DomainEvent
    public init(_ aggregate: AggregateRef, _ event: DomainEvent) {
        self.aggregate = aggregate
        self.event = event
    }
}
