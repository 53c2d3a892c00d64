import Domain
import Foundation
import Storage
import TestSupport
import Testing

@testable import Hub

/// Hubs on one PostgreSQL log: pushes of the same and of different batches raced through two
/// hubs at once are stored once each, every chain stays whole, and each hub takes in what the
/// other stored.
@Suite(
    .serialized,
    .disabled(if: PostgresServer.unavailable != nil, Comment(rawValue: PostgresServer.unavailable ?? "")))
struct SharedLogTests {
    @Test func racingPushesThroughTwoHubsAreStoredOnceAndBothHubsConverge() async throws {
        let server = try PostgresServer()
        defer { server.stop() }
        let url = try server.database("shared")
        let office = try StoreFixture()
        let floor = try office.makeWorkshopFloor()
        let hubs = [try StoreFixture(joining: office), try StoreFixture(joining: office)]
        let benches = try (0..<3).map { _ in try StoreFixture(joining: office) }
        for target in hubs + benches { try office.deliver(to: target) }
        // The first hub's replica seeds the log; the second finds its events there.
        let report = try HubStore.migrate(url: url, replica: hubs[0].path)
        let held = try hubs[0].store.eventCount
        #expect(report.version == PostgresSchema.latest && report.sent == held)
        #expect(try HubStore.migrate(url: url, replica: hubs[1].path).applied.isEmpty, "migrating twice does nothing")
        let replicas = try hubs.map {
            try HubReplica(path: $0.path, log: try PostgresLog.opened(url: url, for: $0.path))
        }
        var generator = SeededGenerator(seed: 14)
        for round in 0..<6 {
            // Each bench writes a few readings; its batch goes to one hub, or to both at once.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (b, bench) in benches.enumerated() {
                    for k in 0..<Int.random(in: 1...4, using: &generator) {
                        bench.nowMs += 1_000
                        try bench.run(
                            .recordOdometer(
                                vehicleID: floor.vehicle, km: 1_300 + round * 100 + b * 10 + k, source: "test"))
                    }
                    let bundle = try bench.store.bundle(after: VersionVector())
                    let device = try #require(bench.store.identity?.device)
                    let one = replicas[Int.random(in: 0..<replicas.count, using: &generator)]
                    let targets = Int.random(in: 0...2, using: &generator) == 0 ? replicas : [one]
                    for hub in targets {
                        group.addTask { _ = try await hub.push(bundle, from: device) }
                    }
                }
                try await group.waitForAll()
            }
        }
        // Every event once in the log, each device's chain whole from 1.
        let expected = try benches.reduce(try office.store.versionVector()) {
            $0.merged(with: try $1.store.versionVector())
        }
        for (device, counter) in expected.counters {
            let held = try server.psql(
                "shared", "SELECT count(*), coalesce(max(counter), 0) FROM events WHERE device = '\(device.rawValue)'")
            #expect(held.trimmingCharacters(in: .whitespacesAndNewlines) == "\(counter)|\(counter)", "\(device)")
        }
        // Each hub took in what the other stored, and its replica verifies.
        for (hub, replica) in zip(hubs, replicas) {
            try await replica.catchUp()
            let store = try RailFleetStore(path: hub.path, access: .readOnly)
            #expect(try store.versionVector().dominates(expected))
            #expect(try store.verifyIntegrity().isIntact)
        }
    }

    @Test func aRequestReplayedToTheOtherHubIsRefusedThere() async throws {
        let server = try PostgresServer()
        defer { server.stop() }
        let url = try server.database("replays")
        let office = try StoreFixture()
        let hubs = [try StoreFixture(joining: office), try StoreFixture(joining: office)]
        for hub in hubs { try office.deliver(to: hub) }
        _ = try HubStore.migrate(url: url, replica: hubs[0].path)
        let syncs = try hubs.map {
            try HubSync(
                path: $0.path, log: try PostgresLog.opened(url: url, for: $0.path), claims: try PostgresClaims(url: url)
            )
        }
        let now = RailFleetStore.systemMs()
        let request = try office.store.sign(method: "GET", target: HubWire.statusPath, body: Data(), atMs: now)
        func send(to hub: HubSync) async throws {
            _ = try await hub.authenticate(request, method: "GET", target: HubWire.statusPath, body: Data(), nowMs: now)
        }
        try await send(to: syncs[0])
        await #expect(throws: RequestRefusal.self, "the same request at the other hub") { try await send(to: syncs[1]) }
        // Another request of the same device is let in at either.
        let next = try office.store.sign(method: "GET", target: HubWire.statusPath, body: Data(), atMs: now + 1)
        _ = try await syncs[1].authenticate(next, method: "GET", target: HubWire.statusPath, body: Data(), nowMs: now)
    }

    @Test func aHubRefusesALogOfAnotherFleetOrSchema() throws {
        let server = try PostgresServer()
        defer { server.stop() }
        let url = try server.database("other")
        let office = try StoreFixture()
        let hub = try StoreFixture(joining: office)
        #expect(throws: StorageError.self, "before any migration") { try PostgresLog.opened(url: url, for: hub.path) }
        _ = try HubStore.migrate(url: url, replica: hub.path)
        let stranger = try StoreFixture(joining: try StoreFixture())
        let refused = #expect(throws: StorageError.self) { try PostgresLog.opened(url: url, for: stranger.path) }
        #expect(refused?.message.contains("holds fleet") ?? false, "\(String(describing: refused))")
        let unreachable = #expect(throws: StorageError.self, "a server that is not there") {
            try PostgresLog(url: "postgres://railfleet:s3cret@127.0.0.1:1/nothing")
        }
        // The password never shows in the words a refusal prints.
        let said = unreachable?.message ?? ""
        #expect(
            said.contains("postgres://railfleet:redacted@127.0.0.1:1/nothing") && !said.contains("s3cret"), "\(said)")
    }
}
