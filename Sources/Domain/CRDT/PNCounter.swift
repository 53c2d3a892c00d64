/// A counter that goes up and down: two G-counters, increments and decrements.
///
/// Stock on hand per part and location is one of these; every stock move adds to one side.
public struct PNCounter: JoinSemilattice, Codable, Sendable {
    public private(set) var increments = GCounter()
    public private(set) var decrements = GCounter()

    public init() {}

    public var value: Int64 { increments.value.saturatingAdd(-decrements.value) }  // both sides are ≥ 0

    public mutating func add(_ delta: Int64, on device: DeviceID) {
        if delta >= 0 {
            increments.increment(by: delta, on: device)
        } else {
            // Int64.min has no positive counterpart; it decrements by as much as can be said.
            decrements.increment(by: delta == .min ? .max : -delta, on: device)
        }
    }

    public func joined(with other: Self) -> Self {
        var result = self
        result.increments.join(other.increments)
        result.decrements.join(other.decrements)
        return result
    }
}
