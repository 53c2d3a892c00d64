/// A hybrid logical clock stamp: physical milliseconds, a logical counter, and the device as
/// the last tie-breaker, so that all events are totally ordered and causality is respected.
public struct HLCTimestamp: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let physicalMs: Int64
    public let logical: UInt32
    public let device: DeviceID

    public init(physicalMs: Int64, logical: UInt32, device: DeviceID) {
        self.physicalMs = physicalMs
        self.logical = logical
        self.device = device
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.physicalMs, lhs.logical, lhs.device) < (rhs.physicalMs, rhs.logical, rhs.device)
    }

    public var description: String { "\(UTC.format(ms: physicalMs))+\(logical)@\(device)" }
}
