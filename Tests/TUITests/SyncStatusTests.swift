import Domain
import Testing

@testable import TUI

/// What the status bar says about sync, and `S`.
@Suite struct SyncStatusTests {
    let now: Int64 = 1_800_000_000_000

    @Test func theStatusBarSaysWhenItLastSyncedWhatIsPendingAndWhatIsWrong() {
        #expect(SyncStatus().phrase(unsynced: 0, nowMs: now) == "synced")
        #expect(SyncStatus().phrase(unsynced: 4, nowMs: now) == "4 unsynced")
        var status = SyncStatus(hub: "http://h:1", lastSuccessMs: now - 125_000)
        #expect(status.phrase(unsynced: 0, nowMs: now) == "synced 2 min ago")
        #expect(status.phrase(unsynced: 3, nowMs: now) == "3 unsynced")
        status.lastError = "hub unreachable at http://h:1: connection refused"
        status.lastErrorMs = now - 1_000
        #expect(status.phrase(unsynced: 3, nowMs: now) == "hub unreachable · 3 unsynced")
        status.lastError = "the hub refused (409): bundle refused"
        #expect(status.phrase(unsynced: 0, nowMs: now) == "sync refused")
        // A hub's own words cannot pass for this client failing to reach it.
        status.lastError = "the hub refused (403): device was unreachable before, hub unreachable"
        #expect(status.phrase(unsynced: 0, nowMs: now) == "sync refused")
        status.conflicts = 2
        status.isSyncing = true
        status.progress = "syncing: received 5000 events, 300 KiB"
        #expect(status.phrase(unsynced: 0, nowMs: now) == "syncing: received 5000 events, 300 KiB · 2 conflicts")
        #expect(SyncStatus.ago(3 * 86_400_000) == "3 d ago" && SyncStatus.ago(30_000) == "just now")
    }

    @Test func sStartsOneSyncAtATimeAndTheIntervalStartsTheNext() {
        var state = AppState()
        state.clockMs = now
        #expect(Update.apply(.keyPressed(.character("S")), to: &state, page: 10).isEmpty)
        #expect(state.message?.contains("No hub yet") == true)
        _ = Update.apply(.syncStatusLoaded(SyncStatus(hub: "http://h:1", intervalSeconds: 60)), to: &state, page: 10)
        #expect(Update.apply(.keyPressed(.character("S")), to: &state, page: 10) == [.syncNow])
        #expect(Update.apply(.keyPressed(.character("S")), to: &state, page: 10).isEmpty)
        #expect(state.message == "Already syncing")
        // A status reload while it runs keeps it running.
        _ = Update.apply(.syncStatusLoaded(SyncStatus(hub: "http://h:1", intervalSeconds: 60)), to: &state, page: 10)
        #expect(state.sync.isSyncing)
        _ = Update.apply(.syncFinished(.success("Synced: sent 1 events, received 0")), to: &state, page: 10)
        #expect(!state.sync.isSyncing && state.message?.hasPrefix("Synced") == true)
        #expect(Update.apply(.clockTicked(now + 30_000), to: &state, page: 10).isEmpty, "not due yet")
        #expect(Update.apply(.clockTicked(now + 61_000), to: &state, page: 10) == [.syncNow], "due")
        _ = Update.apply(.syncFinished(.failure(CommandFailure("hub unreachable"))), to: &state, page: 10)
        #expect(state.message == "Sync failed: hub unreachable")
    }
}
