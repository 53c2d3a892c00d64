public import Storage

extension ScreenData {
    /// Loads the list panes' rows from the store's read models (the charts load when shown).
    ///
    /// - Parameters:
    ///   - store: the replica.
    ///   - today: the day exam urgency is judged on; the system's by default.
    ///   - closedWorkOrders: whether to load the closed and cancelled work orders too (a view
    ///     of the work-order pane that shows them asks for them, `Effect.loadAllWorkOrders`).
    /// - Returns: the rows the list panes show.
    /// - Throws: `StorageError` when the read models cannot be read.
    public static func load(from store: RailFleetStore, today: Int? = nil, closedWorkOrders: Bool = false) throws
        -> ScreenData
    {
        ScreenData(
            fleet: try store.fleet(today: today), workOrders: try store.workOrders(openOnly: !closedWorkOrders),
            parts: try store.parts(), workshops: try store.workshops(), users: try store.users(),
            unsynced: try store.unsyncedCount(), hasClosedWorkOrders: closedWorkOrders)
    }
}

extension ForecastData {
    /// The charts' monthly history, folded from the log: loaded only when the forecast pane is shown.
    public static func load(from store: RailFleetStore) throws -> ForecastData {
        ForecastData(
            failures: try store.failuresPerMonth(), costs: try store.maintenanceCostPerMonth(),
            consumption: Dictionary(
                uniqueKeysWithValues: try store.parts().map {
                    ($0.partID, try store.consumptionPerMonth(partID: $0.partID))
                }))
    }
}
