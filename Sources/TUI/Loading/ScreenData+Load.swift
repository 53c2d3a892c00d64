public import Storage

extension ScreenData {
    /// Loads the list panes' rows from the store's read models (the charts load when shown).
    public static func load(from store: RailFleetStore, today: Int? = nil) throws -> ScreenData {
        ScreenData(
            fleet: try store.fleet(today: today), workOrders: try store.workOrders(), parts: try store.parts(),
            workshops: try store.workshops(),
            users: try store.users(), unsynced: try store.unsyncedCount())
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
