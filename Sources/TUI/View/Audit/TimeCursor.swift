public import Domain

/// Where the audit cursor stands: after the timeline's event `index` (-1: before the first),
/// at valid time `ms`, which a step by hours or days may put between two events.
public struct TimeCursor: Sendable, Equatable {
    public var index: Int
    public var ms: Int64

    public init(index: Int, ms: Int64) {
        self.index = index
        self.ms = ms
    }
}

extension TimeCursor {
    /// Where the cursor stands, as people write a time: `2026-06-14 06:08`.
    var label: String { Instant(ms: ms).minute }
}
