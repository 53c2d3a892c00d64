/// The exact set of events an aggregate state has absorbed: a version vector plus the
/// out-of-order dots above it.
///
/// It makes `apply` idempotent without keeping every event id: contiguous dots fold into
/// the vector, so the set stays small when events arrive in order (the normal case).
public struct CausalContext: Hashable, Codable, Sendable {
    public private(set) var vector = VersionVector()
    public private(set) var cloud: Set<EventID> = []

    public init() {}

    public func contains(_ id: EventID) -> Bool { vector.contains(id) || cloud.contains(id) }

    /// Adds a dot; returns false when it was already present.
    @discardableResult
    public mutating func insert(_ id: EventID) -> Bool {
        if contains(id) { return false }
        if id.counter == vector[id.device] + 1 {
            var next = id.counter
            vector.advance(id.device, to: next)
            // Fold any waiting dots that are now contiguous.
            while cloud.remove(EventID(device: id.device, counter: next + 1)) != nil {
                next += 1
                vector.advance(id.device, to: next)
            }
        } else {
            cloud.insert(id)
        }
        return true
    }
}
