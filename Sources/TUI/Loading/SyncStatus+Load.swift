import Domain
public import Storage

extension SyncStatus {
    /// What the store says about sync with the hub.
    public static func load(from store: RailFleetStore) throws -> SyncStatus {
        let hub = try store.peerStatuses().first { $0.peer == "hub" }
        return SyncStatus(
            hub: try store.hubAddress(), lastSuccessMs: hub?.lastSuccess?.ms, lastError: hub?.lastError,
            lastErrorMs: hub?.lastErrorAt?.ms, intervalSeconds: try store.syncInterval(),
            conflicts: try store.conflicts().count)
    }
}
