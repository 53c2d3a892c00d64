import Domain
import Foundation
import Storage
import Synchronization
import TestSupport
import Testing

@testable import Hub

/// The hub's sync requests: pulls read beside the pushes rather than behind them, and what a
/// pull says its device holds reaches the replica once written.
@Suite struct HubSyncTests {
    @Test func aPullIsAnsweredWhileALongPushIsBeingMerged() async throws {
        let office = try StoreFixture()
        let floor = try office.makeWorkshopFloor()
        let hub = try StoreFixture(joining: office)
        let bench = try StoreFixture(joining: office)
        let reader = try StoreFixture(joining: office)
        try office.deliver(to: hub)
        // A batch that takes the hub a while to check and merge (0.6 s for half as many in a
        // debug build; a pull, 40 ms).
        let admin = try bench.store.actor(for: "alice")
        bench.nowMs += 60_000
        try bench.store.execute(
            batch: (0..<8_000).map {
                RailFleetStore.BatchItem(
                    .recordOdometer(vehicleID: floor.vehicle, km: 2_000 + $0, source: "test"), by: admin)
            })
        let bundle = try bench.store.bundle(after: VersionVector())
        let device = try #require(bench.store.identity?.device)
        let sync = try HubSync(path: hub.path)
        let pushed = Mutex(false)
        let push = Task {
            let reply = try await sync.push(bundle, from: device)
            pushed.withLock { $0 = true }
            return reply
        }
        // Long enough for the push to be under way in the replica's queue.
        try await Task.sleep(for: .milliseconds(100))
        let mine = try reader.store.versionVector()
        let pull = try await sync.pull(after: mine, limit: 100, for: try #require(reader.store.identity?.device))
        let pushDone = pushed.withLock { $0 }
        #expect(!pushDone, "the pull waited for the push")
        #expect(!pull.bundle.events.contains { $0.device == device.rawValue }, "it reads what was committed before")
        #expect(try await push.value.merged >= 8_000)
        let after = try await sync.pull(after: mine, limit: 10_000, for: try #require(reader.store.identity?.device))
        let own = try bench.store.versionVector()[device]
        #expect(after.bundle.events.filter { $0.device == device.rawValue }.count == Int(own))
    }

    @Test func whatAPullAcknowledgesReachesTheReplicaWhenWritten() async throws {
        let office = try StoreFixture()
        try office.run(.addUser(name: "tom", role: .technician))
        let hub = try StoreFixture(joining: office)
        let bench = try StoreFixture(joining: office)
        let sync = try HubSync(path: hub.path)
        let device = try #require(bench.store.identity?.device)
        let holds = try bench.store.versionVector()
        _ = try await sync.pull(after: holds, limit: 10, for: device)
        let replica = try RailFleetStore(path: hub.path, access: .readOnly)
        #expect(try replica.knownVector(of: device.rawValue) == nil, "gathered in memory first")
        try await sync.recordAcknowledgements()
        #expect(try replica.knownVector(of: device.rawValue) == holds)
        // An older report, arriving late, lowers nothing.
        _ = try await sync.pull(after: VersionVector(), limit: 10, for: device)
        try await sync.recordAcknowledgements()
        #expect(try replica.knownVector(of: device.rawValue) == holds)
    }
}
