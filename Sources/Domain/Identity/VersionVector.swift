/// A replica's knowledge summed up: for each device, the highest counter held without a gap.
///
/// What a peer lacks is exactly the events above its vector.
public struct VersionVector: Hashable, Codable, Sendable {
    public private(set) var counters: [DeviceID: UInt64]

    public init(_ counters: [DeviceID: UInt64] = [:]) { self.counters = counters }

    public subscript(device: DeviceID) -> UInt64 { counters[device] ?? 0 }

    public func contains(_ id: EventID) -> Bool { id.counter <= self[id.device] }

    /// Raises the device's entry; never lowers it.
    public mutating func advance(_ device: DeviceID, to counter: UInt64) {
        if counter > self[device] { counters[device] = counter }
    }

    /// The least upper bound of two vectors.
    public func merged(with other: Self) -> Self {
        var result = self
        for (device, counter) in other.counters { result.advance(device, to: counter) }
        return result
    }

    /// The greatest lower bound of two vectors: what both are known to hold.
    public func meet(_ other: Self) -> Self {
        var low: [DeviceID: UInt64] = [:]
        for (device, counter) in counters where other[device] > 0 { low[device] = min(counter, other[device]) }
        return Self(low)
    }

    /// True when every entry is at least the other's.
    public func dominates(_ other: Self) -> Bool {
        other.counters.allSatisfy { self[$0.key] >= $0.value }
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode([String: UInt64].self)
        counters = Dictionary(uniqueKeysWithValues: raw.map { (DeviceID($0.key), $0.value) })
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Dictionary(uniqueKeysWithValues: counters.map { ($0.key.rawValue, $0.value) }))
    }
}
