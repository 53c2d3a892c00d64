/// Names an event for ever: the device that issued it and that device's gapless counter.
///
/// Also called a *dot* in the CRDT literature; OR-set tags and register versions are event ids.
public struct EventID: WrittenAsText, Hashable, Comparable, Sendable {
    public let device: DeviceID
    public let counter: UInt64

    public init(device: DeviceID, counter: UInt64) {
        self.device = device
        self.counter = counter
    }

    public var description: String { "\(device.rawValue):\(counter)" }

    /// Parses the `device:counter` form that `description` prints.
    public init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":"), let counter = UInt64(text[text.index(after: colon)...]) else {
            return nil
        }
        self.init(device: DeviceID(String(text[..<colon])), counter: counter)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.device, lhs.counter) < (rhs.device, rhs.counter)
    }
}
