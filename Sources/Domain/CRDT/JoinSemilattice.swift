/// A state whose merge is a join: commutative, associative and idempotent.
public protocol JoinSemilattice: Equatable {
    /// The least upper bound of two states.
    func joined(with other: Self) -> Self
}

extension JoinSemilattice {
    public mutating func join(_ other: Self) { self = joined(with: other) }
}
