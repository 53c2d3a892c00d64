/// A last-writer-wins register: of all writes, the one with the highest HLC stamp holds.
///
/// Used for names, depots, notes, planned dates: fields where the newest intent is right.
public struct LWWRegister<Value: Codable & Sendable & Equatable>: JoinSemilattice, Codable, Sendable {
    public private(set) var value: Value?
    public private(set) var stamp: HLCTimestamp?

    public init() {}
    public init(_ value: Value, at stamp: HLCTimestamp) {
        self.value = value
        self.stamp = stamp
    }

    public mutating func assign(_ newValue: Value, at newStamp: HLCTimestamp) {
        if let stamp, stamp >= newStamp { return }
        value = newValue
        stamp = newStamp
    }

    public func joined(with other: Self) -> Self {
        guard let otherStamp = other.stamp, let otherValue = other.value else { return self }
        var result = self
        result.assign(otherValue, at: otherStamp)
        return result
    }
}
