import Domain
import Foundation
import Storage
import TestSupport
import Testing

@testable import Hub

/// The hub's sync requests: pulls read beside the pushes rather than behind them, and what a
/// pull says its device holds reaches the replica once written.
@Suite struct HubSyncTests {
    @Test(.timeLimit(.minutes(2)))
    func aPullIsAnsweredWhileAPushIsBeingMerged() async throws {
        let office = try StoreFixture()
        let floor = try office.makeWorkshopFloor()
        let hub = try StoreFixture(joining: office)
        let bench = try StoreFixture(joining: office)
        let reader = try StoreFixture(joining: office)
        try office.deliver(to: hub)
        for k in 0..<10 { try bench.run(.recordOdometer(vehicleID: floor.vehicle, km: 2_000 + k, source: "test")) }
        let bundle = try bench.store.bundle(after: VersionVector())
        let device = try #require(bench.store.identity?.device)
        // The push is held inside its transaction until the pull has been answered: had the
        // pull to wait for the writer, it would wait for ever (and the time limit fail it).
        let gate = HeldAppends()
        let sync = try HubSync(path: hub.path, log: gate)
        let push = Task { try await sync.push(bundle, from: device) }
        await withCheckedContinuation { done in
            DispatchQueue.global().async {
                gate.entered.wait()
                done.resume()
            }
        }
        let mine = try reader.store.versionVector()
        let puller = try #require(reader.store.identity?.device)
        let pull = try await sync.pull(after: mine, limit: 100, for: puller)
        #expect(!pull.bundle.events.contains { $0.device == device.rawValue }, "it reads what was committed before")
        gate.release.signal()
        #expect(try await push.value.merged >= 10)
        let after = try await sync.pull(after: mine, limit: 10_000, for: puller)
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

/// A hub's own file whose appends wait, inside the push's transaction, until released.
private final class HeldAppends: HubLog, @unchecked Sendable {
    let entered = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    var description: String { "a held replica" }
    var isShared: Bool { false }
    func catchUp(_ store: RailFleetStore) throws -> Int { 0 }
    func append(_ entries: [LogEntry], heads: [SignedHead]) throws {
        entered.signal()
        release.wait()
    }
}
