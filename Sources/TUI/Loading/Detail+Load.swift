public import Domain
public import Storage

extension Detail {
    /// The detail of an entity shown in the panes, as the store holds it now.
    public static func load(_ ref: AggregateRef, shown state: AppState, from store: RailFleetStore) throws -> Detail? {
        try build(ref, shown: state, from: try Source(store))
    }
}

extension Detail.Source {
    init(_ store: RailFleetStore) throws {
        let names = try store.everydayNames()
        history = { (try store.defects(vehicleID: $0), try store.workOrders(vehicleID: $0)) }
        fields = { try store.aggregate($0).map { AggregateFields($0, naming: { names[$0] }) } ?? .empty }
        latest = { try store.events(EventFilter(aggregateID: $0.id, limit: $1)).reversed() }
        self.names = names
    }
}
