/// A register that only grows: the odometer never runs backwards, whatever order readings arrive in.
public struct MaxRegister<Value: Comparable & Codable & Sendable>: JoinSemilattice, Codable, Sendable {
    public private(set) var value: Value?

    public init(_ value: Value? = nil) { self.value = value }

    public mutating func offer(_ candidate: Value) {
        if let value, value >= candidate { return }
        value = candidate
    }

    public func joined(with other: Self) -> Self {
        var result = self
        if let v = other.value { result.offer(v) }
        return result
    }
}
