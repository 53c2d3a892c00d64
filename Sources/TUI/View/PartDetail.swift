public import Domain
public import Storage

/// One part with its stock per location and its latest movements: what a storekeeper checks
/// before receiving, issuing or adjusting.
public struct PartDetail: Sendable {
    public var part: PartRow
    /// Its latest events (movements, reservations), newest first.
    public var events: [StoredEvent]

    public init(part: PartRow, events: [StoredEvent]) {
        self.part = part
        self.events = events
    }

    public static func load(_ part: PartRow, from store: RailFleetStore) throws -> PartDetail {
        PartDetail(part: part, events: try store.events(EventFilter(aggregateID: part.partID, limit: 30)).reversed())
    }

    /// One line per movement: when, who, what moved where.
    static func describe(_ e: StoredEvent) -> String {
        let when = Update.minute(e.event.timestamp.physicalMs)
        let what: String
        switch e.event.event {
        case .stockMoved(let m):
            let legs = m.legs.map { "\($0.delta > 0 ? "+" : "")\($0.delta) \($0.location)" }.joined(separator: ", ")
            what = "\(m.reason.rawValue.padding(10)) \(legs)\(m.note.map { " · \($0)" } ?? "")"
        case .stockReserved(let r): what = "reserved   \(r.quantity) at \(r.location) for a work order"
        case .reservationReleased(let r): what = "released   \(r.reservations.count) reservation(s)"
        case .partRegistered: what = "registered"
        default: what = e.event.event.eventType
        }
        return "\(when)  \(e.event.user.padding(8)) \(what)"
    }
}
