public import Domain
public import Foundation

/// An event with its place in this replica's log.
public struct StoredEvent: Sendable, Equatable {
    /// Local insertion order: what subscribers checkpoint.
    public let seq: Int64
    public let event: RecordedEvent
    public let hash: Data
}
