/// A multi-value register: a write names the writes it saw and replaces them; writes made
/// concurrently all survive until a later write sees them.
///
/// Vehicle status reads it *safe side first*: of concurrent values the most restrictive wins.
public struct MultiValueRegister<Value: Hashable & Codable & Sendable>: JoinSemilattice, Codable, Sendable, Equatable {
    public private(set) var values: [EventID: Value] = [:]
    public private(set) var superseded: Set<EventID> = []

    public init() {}

    /// The write ids a new write must name so that it replaces what its author saw.
    public var currentTags: [EventID] { values.keys.sorted() }

    public mutating func write(_ value: Value, tag: EventID, supersedes seen: [EventID]) {
        for old in seen {
            superseded.insert(old)
            values[old] = nil
        }
        if !superseded.contains(tag) { values[tag] = value }
    }

    /// True when concurrent writes are both still standing.
    public var isConflicted: Bool { Set(values.values).count > 1 }

    /// Forgets superseded writes that can never be applied here again (see
    /// `AnyAggregate.forgetStable`); the values do not change.
    ///
    /// - Returns: how many were forgotten.
    public mutating func forgetSuperseded(where isStable: (EventID) -> Bool) -> Int {
        let before = superseded.count
        superseded = superseded.filter { !isStable($0) }
        return before - superseded.count
    }

    public func joined(with other: Self) -> Self {
        var result = self
        result.superseded.formUnion(other.superseded)
        result.values.merge(other.values) { a, _ in a }
        for tag in result.superseded { result.values[tag] = nil }
        return result
    }
}
