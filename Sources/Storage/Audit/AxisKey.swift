public import Domain
import GRDB

/// Where an event sorts on a time axis. Valid time: its stamp (time, logical clock, device)
/// then its counter; recorded time: this replica's clock then its local sequence.
struct AxisKey: Comparable, Sendable {
    var ms: Int64
    var second: Int64
    var device: String
    var last: Int64

    init(ms: Int64, second: Int64, device: String, last: Int64) {
        (self.ms, self.second, self.device, self.last) = (ms, second, device, last)
    }

    init(_ e: StoredEvent, on axis: TimeAxis) {
        switch axis {
        case .valid:
            let t = e.event.timestamp
            self.init(
                ms: t.physicalMs, second: Int64(t.logical), device: t.device.rawValue, last: Int64(e.event.id.counter))
        case .recorded: self.init(ms: e.event.recordedAtMs, second: e.seq, device: "", last: 0)
        }
    }

    init(_ row: Row, from column: Int) {
        self.init(ms: row[column], second: row[column + 1], device: row[column + 2], last: row[column + 3])
    }

    static func < (a: Self, b: Self) -> Bool { (a.ms, a.second, a.device, a.last) < (b.ms, b.second, b.device, b.last) }
}

extension TimeAxis {
    /// The axis' order as SQL columns of `events`, four of them as `AxisKey` has.
    var keyColumns: String {
        switch self {
        case .valid: "hlc_ms, hlc_logical, device, counter"
        case .recorded: "recorded_ms, seq, '', 0"
        }
    }

    /// The column of the axis' time.
    var timeColumn: String { self == .valid ? "hlc_ms" : "recorded_ms" }

    /// Events after a key on this axis, as a clause for `events` and its arguments.
    func after(_ key: AxisKey?) -> (clause: String, arguments: StatementArguments) {
        guard let key else { return ("1", []) }
        return switch self {
        case .valid:
            ("(hlc_ms, hlc_logical, device, counter) > (?, ?, ?, ?)", [key.ms, key.second, key.device, key.last])
        case .recorded: ("(recorded_ms, seq) > (?, ?)", [key.ms, key.second])
        }
    }

    /// The axis' order, for an ORDER BY of `events`.
    var order: String { self == .valid ? "hlc_ms, hlc_logical, device, counter" : "recorded_ms, seq" }
}
