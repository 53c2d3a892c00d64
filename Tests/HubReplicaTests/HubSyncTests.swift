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
    @Test func aPullIsAnsweredWhileAPushIsBeingMerged() async throws {
        let office = try StoreFixture()
        let floor = try office.makeWorkshopFloor()
        let hub = try StoreFixture(joining: office)
        let bench = try StoreFixture(joining: office)
        let reader = try StoreFixture(joining: office)
        try office.deliver(to: hub)
        for k in 0..<10 { try bench.run(.recordOdometer(vehicleID: floor.vehicle, km: 2_000 + k, source: "test")) }
        let bundle = try bench.store.bundle(after: VersionVector())
        let device = try #require(bench.store.identity?.device)
        // The push is held inside its transaction until the pull has been answered. Had the
        // pull to wait for the writer, it would be answered only once a timer let the push go
        // on, minutes later, and the push would no longer be held: no race with a deadline.
        let gate = HeldAppends()
        let sync = try HubSync(path: hub.path, log: gate)
        let push = Task { try await sync.push(bundle, from: device) }
        await withCheckedContinuation { done in
            DispatchQueue.global().async {
                gate.entered.wait()
                done.resume()
            }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + 300) { gate.release.signal() }
        let mine = try reader.store.versionVector()
        let puller = try #require(reader.store.identity?.device)
        let pull = try await sync.pull(after: mine, limit: 100, for: puller)
        #expect(gate.isHolding, "answered while the push was held")
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
        try office.deliver(to: hub)
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
        // Counters beyond what the hub holds are taken no further, and devices it has no
        // events of not at all.
        let founder = try #require(office.store.identity?.device)
        var boast = holds
        boast.advance(founder, to: 1_000_000)
        boast.advance(DeviceID("0123abcd"), to: 7)
        _ = try await sync.pull(after: boast, limit: 10, for: device)
        try await sync.recordAcknowledgements()
        #expect(try replica.knownVector(of: device.rawValue) == holds)
        #expect(holds[founder] == (try hub.store.versionVector())[founder])
    }

    @Test func aDeviceEnrolledMeanwhileIsLetInWhateverTheCatchUpCounted() async throws {
        let office = try StoreFixture()
        let hub = try StoreFixture(joining: office)
        let newcomer = try StoreFixture(joining: office)
        // The newcomer's enrolment reaches the hub's replica during its first catch-up, which
        // counts nothing of its own: another request's catch-up (or the poller's) took it in.
        let log = ArrivingMeanwhile(try office.store.bundle(after: try hub.store.versionVector()))
        let sync = try HubSync(path: hub.path, log: log)
        let now = RailFleetStore.systemMs()
        let request = try newcomer.store.sign(method: "GET", target: HubWire.statusPath, body: Data(), atMs: now)
        let device = try await sync.authenticate(
            request, method: "GET", target: HubWire.statusPath, body: Data(), nowMs: now)
        #expect(device == newcomer.store.identity?.device)
    }

    @Test func requestsFromUnknownSendersCatchUpSpacedAndBadSignaturesNot() async throws {
        let office = try StoreFixture()
        let hub = try StoreFixture(joining: office)
        // Enrolled at the office after the hub last heard from it.
        let stranger = try StoreFixture(joining: office)
        let log = CountedCatchUps()
        let spacing = Duration.milliseconds(300)
        let sync = try HubSync(path: hub.path, log: log, unknownSenderSpacing: spacing)
        let now = RailFleetStore.systemMs()
        func send(_ from: StoreFixture, signature: Data? = nil, at ms: Int64) async -> RequestRefusal? {
            do {
                var request = try from.store.sign(method: "GET", target: HubWire.statusPath, body: Data(), atMs: ms)
                if let signature { request.signature = signature }
                _ = try await sync.authenticate(
                    request, method: "GET", target: HubWire.statusPath, body: Data(), nowMs: now)
                return nil
            } catch { return error as? RequestRefusal }
        }
        // A known device's bad signature: no catch-up would make it good.
        let forged = await send(office, signature: Data(repeating: 7, count: 64), at: now)
        #expect(forged?.status == 401 && log.count == 0)
        // A device nobody enrolled, three times over: a catch-up each, never two sooner than
        // the spacing apart.
        let started = ContinuousClock.now
        for k in 0..<3 {
            let refusal = await send(stranger, at: now + Int64(k))
            #expect(refusal?.senderUnknown == true)
        }
        #expect(log.count == 3)
        #expect(ContinuousClock.now - started >= spacing * 2)
    }
}

/// A shared log that counts its catch-ups, and never has anything new.
private final class CountedCatchUps: HubLog, @unchecked Sendable {
    private let calls = Mutex(0)
    var count: Int { calls.withLock { $0 } }
    var description: String { "a shared log" }
    var isShared: Bool { true }
    func catchUp(_ store: RailFleetStore) throws -> Int {
        calls.withLock { $0 += 1 }
        return 0
    }
    func append(_ entries: [LogEntry], heads: [SignedHead]) throws {}
}

/// A shared log whose first catch-up finds the replica holding what it lacked, taken in
/// meanwhile by another catch-up: it counts none of it as its own.
private final class ArrivingMeanwhile: HubLog, @unchecked Sendable {
    private let pending: Mutex<EventBundle?>
    init(_ bundle: EventBundle) { pending = Mutex(bundle) }
    var description: String { "a shared log" }
    var isShared: Bool { true }
    func catchUp(_ store: RailFleetStore) throws -> Int {
        if let bundle = pending.withLock({ $0.take() }) { _ = try store.merge(bundle) }
        return 0
    }
    func append(_ entries: [LogEntry], heads: [SignedHead]) throws {}
}

/// A hub's own file whose appends wait, inside the push's transaction, until released.
private final class HeldAppends: HubLog, @unchecked Sendable {
    let entered = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    var description: String { "a held replica" }
    var isShared: Bool { false }
    func catchUp(_ store: RailFleetStore) throws -> Int { 0 }
    private let held = Mutex(false)
    var isHolding: Bool { held.withLock { $0 } }
    func append(_ entries: [LogEntry], heads: [SignedHead]) throws {
        held.withLock { $0 = true }
        entered.signal()
        release.wait()
        held.withLock { $0 = false }
    }
}
