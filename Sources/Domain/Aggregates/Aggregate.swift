/// The merge rules of one kind of aggregate state.
public protocol AggregateBody: Codable, Sendable, Equatable {
    static var kind: AggregateKind { get }
    init()
    /// Folds one event into the state. Must be commutative with every other event's merge.
    /// Each event arrives here exactly once: the log stores an event id once, and
    /// `AggregateSet` drops duplicates by its causal context.
    mutating func merge(_ event: RecordedEvent)
    /// Forgets the removal bookkeeping (tombstones, superseded writes, withdrawn readings)
    /// of events `isStable` says can never be applied to this state again. No value changes:
    /// it only stops the state growing with its history (see docs/SYNC.md, compaction).
    ///
    /// - Returns: how many entries were forgotten.
    mutating func forgetStable(where isStable: (EventID) -> Bool) -> Int
    /// The state as a time-travel checkpoint stores it: the same, or less of what grows with
    /// the history where `needsWholeState` events alone need it (see `VehicleState`).
    func trimmedForCheckpoint() -> Self
    /// Whether applying this event to a trimmed state needs the whole state back first.
    static func needsWholeState(_ event: DomainEvent) -> Bool
}

extension DomainEvent {
    /// The events that leave removal bookkeeping in a state (`AggregateBody.forgetStable`):
    /// only aggregates that received one have anything to compact.
    public static let removalTypes = [
        VehicleUntagged.eventType, VehicleStatusChanged.eventType, OdometerCorrected.eventType,
        TechnicianUnassigned.eventType, ReservationReleased.eventType, UserAdded.eventType,
        UserRoleChanged.eventType,
    ]
}

extension AggregateBody {
    public func trimmedForCheckpoint() -> Self { self }
    public static func needsWholeState(_ event: DomainEvent) -> Bool { false }

    /// States with nothing to forget keep everything.
    public mutating func forgetStable(where isStable: (EventID) -> Bool) -> Int { 0 }
}

/// An aggregate's CRDT state: an op-based CRDT whose operations are the log's events.
///
/// Applying distinct events commutes: any two replicas holding the same set of events hold
/// equal aggregates, whatever order the events came in. Duplicates are dropped before they
/// get here (see `AggregateSet`), which keeps each aggregate free of per-event bookkeeping.
public struct Aggregate<Body: AggregateBody>: Codable, Sendable, Equatable {
    public let id: String
    /// Number of events absorbed; the version commands check optimistically.
    public private(set) var version = 0
    public private(set) var body = Body()
    /// The highest valid-time stamp absorbed.
    public private(set) var lastStamp: HLCTimestamp?

    public init(id: String) { self.id = id }

    public var ref: AggregateRef { AggregateRef(Body.kind, id) }

    public mutating func forgetStable(where isStable: (EventID) -> Bool) -> Int {
        body.forgetStable(where: isStable)
    }

    public func trimmedForCheckpoint() -> Self {
        var trimmed = self
        trimmed.body = body.trimmedForCheckpoint()
        return trimmed
    }
    /// Applies an event that this aggregate has not seen before.
    public mutating func apply(_ event: RecordedEvent) {
        body.merge(event)
        version += 1
        if lastStamp.map({ $0 < event.timestamp }) ?? true { lastStamp = event.timestamp }
    }
}
