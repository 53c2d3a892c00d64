/// A point in an aggregate's history: what "as of" means for an audit.
public enum AuditPoint: Sendable, Equatable, CustomStringConvertible {
    /// Valid time: every event that happened at or before this instant (ms since 1970, UTC).
    case validTime(Int64)
    /// Recorded time: every event this replica had stored at or before this instant.
    case recordedTime(Int64)
    /// The first N events this replica stored for the aggregate.
    case version(Int)

    /// Whether an event belongs to the history up to this point (versions are counted by the caller).
    public func includes(_ event: RecordedEvent) -> Bool {
        switch self {
        case .validTime(let ms): event.timestamp.physicalMs <= ms
        case .recordedTime(let ms): event.recordedAtMs <= ms
        case .version: true
        }
    }

    public var description: String {
        switch self {
        case .validTime(let ms): "valid time \(UTC.format(ms: ms))"
        case .recordedTime(let ms): "recorded time \(UTC.format(ms: ms))"
        case .version(let n): "version \(n)"
        }
    }

    /// The state after the events up to this point, folded in the order given (local order).
    ///
    /// - Complexity: O(events).
    public static func fold(
        _ events: some Sequence<RecordedEvent>, of ref: AggregateRef, upTo point: AuditPoint,
        from start: AnyAggregate? = nil
    ) -> AnyAggregate {
        var state = start ?? AnyAggregate(ref)
        for event in events where point.includes(event) {
            if case .version(let n) = point, state.version >= n { break }
            state.apply(event)
        }
        return state
    }
}
