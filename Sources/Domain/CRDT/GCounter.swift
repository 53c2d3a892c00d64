/// A grow-only counter: one monotonically rising entry per device; the value is their sum.
public struct GCounter: JoinSemilattice, Codable, Sendable {
    public private(set) var entries: [DeviceID: Int64] = [:]

    public init() {}

    public var value: Int64 { entries.values.reduce(0) { $0.saturatingAdd($1) } }

    /// Adds a non-negative amount to the device's own entry.
    public mutating func increment(by amount: Int64, on device: DeviceID) {
        precondition(amount >= 0, "a G-counter only grows")
        entries[device] = (entries[device] ?? 0).saturatingAdd(amount)
    }

    public func joined(with other: Self) -> Self {
        var result = self
        result.entries.merge(other.entries) { Swift.max($0, $1) }
        return result
    }
}
