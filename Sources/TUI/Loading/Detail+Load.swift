public import Domain
public import Storage

extension Detail {
    /// The detail of an entity shown in the panes, as the store holds it now.
    public static func load(_ ref: AggregateRef, shown state: AppState, from store: RailFleetStore) throws -> Detail? {
        try build(ref, shown: state, from: Source(store, names: state.shownNames))
    }
}

extension Detail.Source {
    /// - Parameters:
    ///   - store: the replica read from.
    ///   - names: what the panes already hold; no query of its own.
    init(_ store: RailFleetStore, names: [AggregateRef: String]) {
        history = { (try store.defects(vehicleID: $0), try store.workOrders(vehicleID: $0)) }
        fields = { try store.aggregate($0).map { AggregateFields($0, naming: { names[$0] }) } ?? .empty }
        latest = { try store.events(EventFilter(aggregateID: $0.id, limit: $1)).reversed() }
        self.names = names
    }
}
