/// An observed-remove set: an add is tagged with its event id; a remove names the tags it saw.
///
/// A concurrent add survives a remove (add wins), and a remove that arrives before the add it
/// observed still wins, because removed tags are kept as tombstones.
public struct ORSet<Element: Hashable & Codable & Sendable>: JoinSemilattice, Codable, Sendable {
    public private(set) var adds: [EventID: Element] = [:]
    public private(set) var tombstones: Set<EventID> = []

    public init() {}

    public var elements: Set<Element> { Set(adds.values) }
    public func contains(_ element: Element) -> Bool { adds.values.contains(element) }

    /// The tags currently holding `element`: what a remove must name.
    public func tags(of element: Element) -> [EventID] { adds.filter { $0.value == element }.map(\.key).sorted() }

    public mutating func insert(_ element: Element, tag: EventID) {
        guard !tombstones.contains(tag) else { return }
        adds[tag] = element
    }

    public mutating func remove(tags: [EventID]) {
        for tag in tags {
            tombstones.insert(tag)
            adds[tag] = nil
        }
    }

    /// Forgets the tombstones of tags that can never be applied here again (see
    /// `AnyAggregate.forgetStable`); the elements do not change.
    ///
    /// - Returns: how many were forgotten.
    public mutating func forgetTombstones(where isStable: (EventID) -> Bool) -> Int {
        let before = tombstones.count
        tombstones = tombstones.filter { !isStable($0) }
        return before - tombstones.count
    }

    public func joined(with other: Self) -> Self {
        var result = self
        result.tombstones.formUnion(other.tombstones)
        result.adds.merge(other.adds) { a, _ in a }
        for tag in result.tombstones { result.adds[tag] = nil }
        return result
    }
}
