import Domain
import Foundation
import GRDB
import Storage
import TestSupport
import Testing

/// Replicas exchanging bundles, as the sync transports will.
@Suite struct MergeTests {
    func makePair() throws -> (StoreFixture, StoreFixture, vehicle: String, part: String) {
        let (a, b, floor) = try makeFloorPair()
        return (a, b, floor.vehicle, floor.part)
    }

    func makeFloorPair() throws -> (StoreFixture, StoreFixture, WorkshopFloor.IDs) {
        let a = try StoreFixture()
        let floor = try WorkshopFloor.build(with: a)
        let b = try StoreFixture(joining: a)
        return (a, b, floor)
    }

    @Test func twoReplicasThatExchangeEverythingHoldTheSameReadModels() throws {
        let (a, b, vehicle, part) = try makePair()
        // Concurrent, conflicting work on both sides.
        try a.run(.changeVehicleStatus(vehicleID: vehicle, status: .restricted, reason: "flat wheel"))
        try b.run(.changeVehicleStatus(vehicleID: vehicle, status: .outOfService, reason: "crack"), as: "alice")
        try a.run(.issueStock(partID: part, location: "main", quantity: 7, workOrderID: nil, note: nil))
        try b.run(.issueStock(partID: part, location: "main", quantity: 6, workOrderID: nil, note: nil))
        try a.deliver(to: b)
        try b.deliver(to: a)
        #expect(try a.store.dumpReadModels() == (try b.store.dumpReadModels()))
        #expect(try a.store.fleet().first?.status == .outOfService)
        let notices = try a.store.conflicts().map(\.key)
        #expect(notices.contains("negative:main:13") && notices.contains { $0.hasPrefix("status:") })
        #expect(try a.store.verifyIntegrity().isIntact && (try b.store.verifyIntegrity().isIntact))
        // A user settles it with a new command, and the notice goes away on both sides.
        let notice = try #require(try a.store.conflicts().first { $0.key.hasPrefix("negative:main") })
        try a.run(.resolveConflict(notice.aggregate, notice: notice.key, resolution: "acknowledge", note: "counted"))
        try a.deliver(to: b)
        #expect(try b.store.conflicts().contains { $0.key.hasPrefix("negative:") } == false)
        // A later shortfall at the same location is a new occurrence with a notice of its own.
        try a.run(.receiveStock(partID: part, location: "main", quantity: 10, note: nil))
        try a.deliver(to: b)
        try a.run(.issueStock(partID: part, location: "main", quantity: 4, workOrderID: nil, note: nil))
        try b.run(.issueStock(partID: part, location: "main", quantity: 4, workOrderID: nil, note: nil))
        try a.deliver(to: b)
        try b.deliver(to: a)
        let again = try a.store.conflicts().first { $0.key.hasPrefix("negative:main") }
        #expect(again?.key == "negative:main:21", "\(again?.key ?? "none")")
        #expect(again?.message.contains("terminals") == true)
    }

    @Test func overReservationDuplicateNumbersAndConcurrentRolesRaiseNotices() throws {
        let (a, b, floor) = try makeFloorPair()
        // 8 on hand; each side reserves 5 for the open work order.
        try a.run(.reserveStock(partID: floor.part, location: "main", quantity: 5, workOrderID: floor.workOrder))
        try b.run(.reserveStock(partID: floor.part, location: "main", quantity: 5, workOrderID: floor.workOrder))
        // The same part number (in another case) and workshop name on both sides.
        for f in [a, b] {
            try f.run(
                .registerPart(
                    PartRegistered(
                        partNumber: f === a ? "FLT-9" : "flt-9", name: "Filter", kind: .consumable, unit: "pc",
                        minimum: 0, maximum: nil, reorderPoint: 1, leadTimeDays: 1, unitCost: Money(minorUnits: 100))))
            try f.run(.registerWorkshop(WorkshopRegistered(name: "Werk Ulm", depot: "Ulm", roads: 1, skills: [])))
        }
        try a.run(.changeUserRole(name: "tara", role: .planner))
        try b.run(.changeUserRole(name: "tara", role: .storekeeper))
        try a.deliver(to: b)
        try b.deliver(to: a)
        let keys = try a.store.conflicts().map(\.key)
        #expect(keys.contains("over-reserved:main:10:8"), "\(keys)")
        #expect(keys.contains("duplicate-part-number") && keys.contains("duplicate-workshop-name"))
        #expect(keys.contains { $0.hasPrefix("role:") })
        #expect(try a.store.users().first { $0.name == "tara" }?.role == .storekeeper, "the least privileged counts")
        #expect(try a.store.dumpReadModels() == b.store.dumpReadModels())
        // A role change that saw both settles it.
        try a.run(.changeUserRole(name: "tara", role: .technician))
        try a.deliver(to: b)
        #expect(try !b.store.conflicts().contains { $0.key.hasPrefix("role:") })
    }

    @Test func aFleetNumberRegisteredTwiceConcurrentlyIsReportedUntilOneIsWithdrawn() throws {
        let (a, b, _, _) = try makePair()
        let register = Command.registerVehicle(
            VehicleRegistered(
                fleetNumber: "186-009", evn: "218124712173", vehicleClass: "Class 186", kind: .locomotive, keeper: nil,
                depot: nil, commissionedOn: nil, odometerKm: 0))
        let first = try a.run(register)[0].event.aggregate.id
        try b.run(register)
        try b.deliver(to: a)
        #expect(
            try a.store.conflicts().contains { $0.key == "duplicate-fleet-number" && $0.message.contains("186-009") })
        try a.run(.changeVehicleStatus(vehicleID: first, status: .withdrawn, reason: "registered twice"))
        #expect(try a.store.conflicts().contains { $0.key == "duplicate-fleet-number" } == false)
    }

    @Test func anEVNRegisteredTwiceConcurrentlyIsReportedToo() throws {
        let (a, b, _, _) = try makePair()
        func register(_ number: String) -> Command {
            .registerVehicle(
                VehicleRegistered(
                    fleetNumber: number, evn: "218124712173", vehicleClass: "Class 186", kind: .locomotive, keeper: nil,
                    depot: nil, commissionedOn: nil, odometerKm: 0))
        }
        let first = try a.run(register("186-010"))[0].event.aggregate.id
        try b.run(register("186-011"))
        try b.deliver(to: a)
        #expect(try a.store.conflicts().contains { $0.key == "duplicate-evn" && $0.message.contains("218124712173") })
        try a.run(.changeVehicleStatus(vehicleID: first, status: .withdrawn, reason: "registered twice"))
        #expect(try a.store.conflicts().contains { $0.key == "duplicate-evn" } == false)
    }

    @Test func syncStatusCountsWhatAPeerHoldsThatThisReplicaLacks() throws {
        let (a, b, floor) = try makeFloorPair()
        for km in [2_000, 2_100, 2_200] { try a.run(.recordOdometer(vehicleID: floor.vehicle, km: km, source: "t")) }
        try b.store.noteExchange(with: "hub", address: "http://127.0.0.1:1", error: nil)
        try b.store.recordPeer("hub", holds: try a.store.versionVector())
        let before = try #require(try b.store.peerStatuses().first)
        let held = try a.store.versionVector()
        #expect(before.toReceive == 3 && before.holds == held)
        try a.deliver(to: b)
        #expect(try b.store.peerStatuses().first?.toReceive == 0)
    }

    @Test func aPullClaimingImpossibleCountersGetsNothingOfThoseDevices() throws {
        let (a, _, _) = try makeFloorPair()
        let device = a.store.identity!.device
        for claim in [UInt64(Int64.max), UInt64(Int64.max) + 1, UInt64.max] {
            let (bundle, more) = try a.store.bundle(after: VersionVector([device: claim]), limit: 100)
            #expect(!bundle.events.contains { $0.device == device.rawValue } && !more)
        }
    }

    @Test func mergingTheSameBundleAgainChangesNothing() throws {
        let (a, b, _, _) = try makePair()
        let count = try b.store.eventCount
        #expect(try b.store.merge(try a.store.bundle(after: VersionVector())).isEmpty)
        #expect(try b.store.eventCount == count)
    }

    /// Each tampering is refused whole: nothing of the bundle is stored.
    @Test(arguments: ["payload", "gap", "signature", "own-device", "unenrolled", "foreign"])
    func hostileBundlesAreRefusedAndChangeNothing(tampering: String) throws {
        let a = try StoreFixture()
        let b = try StoreFixture(joining: a)
        _ = try a.makeWorkshopFloor()
        var bundle = try a.store.bundle(after: try b.store.versionVector())
        switch tampering {
        case "payload":
            let i = try #require(bundle.events.firstIndex { $0.payload.contains("tara") })
            bundle.events[i].payload = bundle.events[i].payload.replacingOccurrences(of: "tara", with: "mallory")
        case "gap": bundle.events.remove(at: 4)
        case "signature":
            bundle.heads = bundle.heads.map {
                var h = $0
                h.signature = Data(repeating: 1, count: 64)
                return h
            }
        case "own-device":
            let own = try #require(b.store.identity?.device.rawValue)
            bundle.events = bundle.events.map {
                var e = $0
                e.device = own
                return e
            }
        case "unenrolled":
            // Another fleet's replica, whose bundle lies that it is of this fleet.
            let stranger = try StoreFixture()
            try stranger.run(.addUser(name: "mallory", role: .admin))
            bundle = try stranger.store.bundle(after: VersionVector())
            bundle.fleet = try #require(a.store.identity?.fleet)
        default:
            let stranger = try StoreFixture()
            bundle = try stranger.store.bundle(after: VersionVector())
        }
        let before = try b.store.dumpReadModels()
        let count = try b.store.eventCount
        b.nowMs = a.nowMs
        let error = #expect(throws: StorageError.self) { try b.store.merge(bundle) }
        #expect(error?.kind == .rejectedBundle)
        let reason = [
            "payload": "does not match its hash", "gap": "the chain has a gap", "signature": "no valid signature",
            "own-device": "this device never wrote it", "unenrolled": "not enrolled in this fleet",
            "foreign": "this replica belongs to fleet",
        ][tampering]
        #expect(error?.message.contains(reason ?? "?") == true, "\(error?.message ?? "")")
        #expect(try b.store.eventCount == count)
        #expect(try b.store.dumpReadModels() == before)
    }

    @Test(arguments: 0..<6 as Range<UInt64>)
    func replicasConvergeUnderRandomWorkAndRandomExchange(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let (a, b, floor) = try makeFloorPair()
        let c = try StoreFixture(joining: a)
        let replicas = [a, b, c]
        for step in 0..<40 {
            let r = replicas[Int(rng.next() % 3)]
            r.nowMs += Int64(rng.next() % 100_000)
            if rng.next() % 6 == 0 {
                let (from, to) = (replicas[Int(rng.next() % 3)], replicas[Int(rng.next() % 3)])
                if from !== to { try from.deliver(to: to) }
            } else {
                let work = RandomWork.next(on: floor, step: step, using: &rng)
                _ = try? r.run(work.command, as: work.user)
            }
        }
        for from in replicas { for to in replicas where from !== to { try from.deliver(to: to) } }
        let reference = try a.store.dumpReadModels()
        for r in replicas {
            #expect(try r.store.dumpReadModels() == reference)
            #expect(try r.store.verifyIntegrity().isIntact)
        }
        // And a rebuild from the merged log gives the same tables again.
        try c.store.rebuildProjections()
        #expect(try c.store.dumpReadModels() == reference)
    }
}

@Suite struct SyncStateTests {
    @Test func unsyncedCountsOwnEventsNoPeerIsKnownToHold() throws {
        let f = try StoreFixture()
        let own = try f.store.unsyncedCount()
        #expect(own > 0, "a new replica's enrolment and admin are not synced anywhere")
        try f.run(.addUser(name: "tara", role: .technician))
        #expect(try f.store.unsyncedCount() == own + 1)
        let peer = try StoreFixture(joining: f)
        try f.store.recordPeer("hub", holds: try peer.store.versionVector())
        #expect(try f.store.unsyncedCount() == 0)
        // A stale report does not lower what the peer is known to hold.
        try f.store.recordPeer("hub", holds: VersionVector())
        #expect(try f.store.unsyncedCount() == 0)
        try f.run(.addUser(name: "audrey", role: .auditor))
        #expect(try f.store.unsyncedCount() == 1)
    }
}

extension SyncStateTests {
    @Test func aFileFromBeforeTheSyncTableGainsItWhenOpened() throws {
        let f = try StoreFixture()
        try f.run(.addUser(name: "tara", role: .technician))
        let before = try f.store.eventCount
        // Make the file what the first release wrote: no sync table, no record of its migration.
        let queue = try DatabaseQueue(path: f.path)
        try queue.write { db in
            try db.execute(sql: "DROP TABLE sync_peers; DELETE FROM grdb_migrations WHERE identifier = 'v2-sync-peers'")
        }
        try queue.close()
        let reopened = try f.reopen()
        #expect(try reopened.eventCount == before)
        #expect(try reopened.unsyncedCount() > 0)
        try reopened.recordPeer("hub", holds: try reopened.versionVector())
        #expect(try reopened.unsyncedCount() == 0)
        #expect(try reopened.verifyIntegrity().isIntact)
    }
}
