public import Domain
public import Storage

/// The audit pane's filters; nil matches everything.
public struct AuditFilter: Sendable, Equatable {
    public var user: String?
    public var entity: AggregateRef?
    public var eventType: String?

    public init() {}

    func includes(_ e: StoredEvent) -> Bool {
        (user == nil || e.event.user == user) && (entity == nil || e.event.aggregate == entity)
            && (eventType == nil || e.event.event.eventType == eventType)
    }
}
