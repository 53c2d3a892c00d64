/// The clock a replica stamps its events with. Pure: the wall time comes in as an argument.
public struct HybridLogicalClock: Sendable {
    public let device: DeviceID
    public private(set) var last: HLCTimestamp?

    public init(device: DeviceID, last: HLCTimestamp? = nil) {
        self.device = device
        self.last = last
    }

    /// A stamp for a new local event, later than everything this clock has seen.
    public mutating func tick(nowMs: Int64) -> HLCTimestamp {
        let previousMs = last?.physicalMs ?? Int64.min
        let stamp: HLCTimestamp
        if nowMs > previousMs {
            stamp = HLCTimestamp(physicalMs: nowMs, logical: 0, device: device)
        } else {
            stamp = HLCTimestamp(physicalMs: previousMs, logical: (last?.logical ?? 0) + 1, device: device)
        }
        last = stamp
        return stamp
    }

    /// Takes in a stamp from another replica so that later local events come after it.
    public mutating func observe(_ remote: HLCTimestamp) {
        guard let current = last else {
            last = HLCTimestamp(physicalMs: remote.physicalMs, logical: remote.logical, device: device)
            return
        }
        if remote > current {
            last = HLCTimestamp(physicalMs: remote.physicalMs, logical: remote.logical, device: device)
        }
    }
}
