/// The merge rules of one kind of aggregate state.
public protocol AggregateBody: Codable, Sendable, Equatable {
    static var kind: AggregateKind { get }
    init()
    /// Folds one event into the state. Must be commutative with every other event's merge;
    /// `Aggregate.apply` guarantees each event arrives here at most once.
    mutating func merge(_ event: RecordedEvent)
}

/// An aggregate's CRDT state with exactly which events it has absorbed.
///
/// Applying an event is commutative, associative and idempotent: any two replicas holding
/// the same set of events hold equal aggregates, whatever order the events came in.
public struct Aggregate<Body: AggregateBody>: Codable, Sendable, Equatable {
    public let id: String
    public private(set) var covered = CausalContext()
    public private(set) var body = Body()
    /// The highest valid-time stamp absorbed.
    public private(set) var lastStamp: HLCTimestamp?

    public init(id: String) { self.id = id }

    public var ref: AggregateRef { AggregateRef(Body.kind, id) }
    /// Number of distinct events absorbed; the version commands check optimistically.
    public var version: Int { covered.count }

    /// Applies an event; returns false (and changes nothing) if it was already absorbed.
    @discardableResult
    public mutating func apply(_ event: RecordedEvent) -> Bool {
        guard covered.insert(event.id) else { return false }
        body.merge(event)
        if lastStamp.map({ $0 < event.timestamp }) ?? true { lastStamp = event.timestamp }
        return true
    }
}
