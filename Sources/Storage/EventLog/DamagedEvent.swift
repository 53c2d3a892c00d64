public import Domain

/// An event stored in the log whose payload or metadata no longer decode (edited in the file,
/// or damaged on disk). Its aggregate is quarantined; the rest of the replica works on.
public struct DamagedEvent: Sendable, Equatable, CustomStringConvertible {
    public let device: String
    public let counter: Int64
    public let eventType: String
    /// The aggregate it belongs to, when its kind can still be read.
    public let aggregate: AggregateRef?
    public let reason: String

    init(_ row: EventRow, _ error: any Error) {
        device = row.device
        counter = row.counter
        eventType = row.eventType
        aggregate = AggregateKind(rawValue: row.aggregateKind).map { AggregateRef($0, row.aggregateID) }
        reason = "\(error)"
    }

    public var description: String { "\(device):\(counter) (\(eventType)\(aggregate.map { " of \($0)" } ?? ""))" }

    /// What a user is told about the aggregate it belongs to.
    var quarantine: StorageError {
        StorageError(
            .quarantined,
            "\(aggregate.map(\.description) ?? "an entity") is quarantined: its event \(self) cannot be read (\(reason)); take the event again from a peer or a bundle (docs/AUDIT.md)"
        )
    }
}
