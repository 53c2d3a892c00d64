import Domain
import Foundation
import GRDB
import TestSupport
import Testing

@testable import Storage

/// Compaction forgets removal bookkeeping only once every member holds what it names, and
/// never changes a value: not when a terminal comes back after weeks offline, not when an
/// acknowledgement lies, not in any random history.
@Suite struct CompactionTests {
    static let day: Int64 = 86_400_000

    /// An aggregate as the next process to open the file reads it: newest snapshot and tail.
    func state(_ fixture: StoreFixture, _ ref: AggregateRef) throws -> AnyAggregate? {
        try fixture.reopen().writer.read { db in try AggregateCache.read(ref, db, useSnapshot: true)?.aggregate }
    }

    func vehicle(_ fixture: StoreFixture, _ id: String) throws -> VehicleState {
        guard case .vehicle(let v)? = try state(fixture, AggregateRef(.vehicle, id)) else {
            throw FixtureError("no vehicle \(id)")
        }
        return v.body
    }

    /// Every value with every removal's bookkeeping forgotten: what must agree across replicas
    /// holding the same events, however each compacted.
    func values(_ state: AnyAggregate?) -> AnyAggregate? {
        guard var state else { return nil }
        state.forgetStable { _ in true }
        return state
    }

    @Test func aTerminalBackAfterWeeksOfflineCannotResurrectARemovedValue() throws {
        let office = try StoreFixture()
        let floor = try WorkshopFloor.build(with: office)
        let depot = try StoreFixture(joining: office)
        let away = try StoreFixture(joining: office)
        for (from, to) in [(office, depot), (office, away), (depot, office), (away, office), (depot, away)] {
            try from.deliver(to: to)
        }
        try office.run(.tagVehicle(vehicleID: floor.vehicle, tag: "winter", remove: false))
        try office.run(.changeVehicleStatus(vehicleID: floor.vehicle, status: .restricted, reason: "brakes"))
        // Everyone holds the tag and the status; each says so by sending its bundle back.
        for (from, to) in [(office, depot), (office, away), (depot, office), (away, office)] {
            try from.deliver(to: to)
        }
        // The away terminal leaves; the tag is removed and the status replaced meanwhile.
        try office.run(.tagVehicle(vehicleID: floor.vehicle, tag: "winter", remove: true))
        try office.run(.changeVehicleStatus(vehicleID: floor.vehicle, status: .inService, reason: "fixed"))
        try office.deliver(to: depot)
        try depot.deliver(to: office)

        let before = try vehicle(office, floor.vehicle)
        #expect(before.tags.tombstones.count == 1 && !before.tags.contains("winter"))
        let report = try office.store.compact()
        #expect(report.stable.members.count == 3 && report.stable.silent.isEmpty)
        // The tag's add and the superseded status were acknowledged by all three: forgotten.
        #expect(report.forgotten >= 2, "\(report)")
        let compacted = try vehicle(office, floor.vehicle)
        #expect(compacted.tags.tombstones.isEmpty, "the snapshot on disk no longer holds the tombstone")
        #expect(compacted.tags.elements == before.tags.elements && compacted.currentStatus == before.currentStatus)

        // Three weeks later the terminal is back, with work of its own, and sends everything
        // it holds, the tag's add among it.
        away.nowMs += 21 * Self.day
        office.nowMs = away.nowMs
        try away.run(.tagVehicle(vehicleID: floor.vehicle, tag: "ertms", remove: false))
        try office.store.merge(try away.store.bundle(after: VersionVector()), at: office.nowMs)
        try office.deliver(to: away)
        for fixture in [office, away] {
            let v = try vehicle(fixture, floor.vehicle)
            #expect(v.tags.elements == ["ertms"], "the removed tag stays removed")
            #expect(v.currentStatus == .inService)
        }
        try office.deliver(to: depot)
        #expect(
            try values(state(office, AggregateRef(.vehicle, floor.vehicle)))
                == values(state(depot, AggregateRef(.vehicle, floor.vehicle))))
        #expect(
            try values(state(away, AggregateRef(.vehicle, floor.vehicle)))
                == values(state(depot, AggregateRef(.vehicle, floor.vehicle))))
    }

    @Test func aMemberNeverHeardFromHoldsCompactionBackUntilRetired() throws {
        let office = try StoreFixture()
        let floor = try WorkshopFloor.build(with: office)
        let lost = try StoreFixture(joining: office)
        try office.run(.tagVehicle(vehicleID: floor.vehicle, tag: "winter", remove: false))
        try office.run(.tagVehicle(vehicleID: floor.vehicle, tag: "winter", remove: true))
        let held = try office.store.compact()
        #expect(held.stable.silent == [lost.store.identity!.device.rawValue])
        #expect(held.stable.vector.counters.isEmpty && held.forgotten == 0)
        #expect(try vehicle(office, floor.vehicle).tags.tombstones.count == 1)

        try office.run(.retireDevice(lost.store.identity!.device, lastCounter: 0, reason: "stolen"))
        let freed = try office.store.compact()
        #expect(freed.stable.silent.isEmpty && freed.stable.members.count == 1)
        #expect(freed.forgotten == 1)
        #expect(try vehicle(office, floor.vehicle).tags.tombstones.isEmpty)
    }

    @Test func aLyingAcknowledgementCannotMakeWhatThisReplicaLacksStable() throws {
        let office = try StoreFixture()
        let floor = try WorkshopFloor.build(with: office)
        let depot = try StoreFixture(joining: office)
        let yard = try StoreFixture(joining: office)
        for (from, to) in [(office, yard), (depot, yard), (yard, office)] { try from.deliver(to: to) }
        try office.run(.tagVehicle(vehicleID: floor.vehicle, tag: "winter", remove: false))
        try office.deliver(to: depot)
        try depot.run(.tagVehicle(vehicleID: floor.vehicle, tag: "winter", remove: true))
        // The yard hears of the removal before the tag it removes.
        var lacking = try yard.store.versionVector()
        lacking.advance(office.store.identity!.device, to: 1_000_000)
        yard.nowMs = depot.nowMs
        try yard.store.merge(try depot.store.bundle(after: lacking), at: yard.nowMs)
        // Both others claim to hold everything, far beyond what exists.
        let everything = VersionVector(
            Dictionary(
                uniqueKeysWithValues: [office, depot, yard].map { ($0.store.identity!.device, UInt64(1_000_000)) }))
        try yard.store.recordPeer(office.store.identity!.device.rawValue, holds: everything)
        try yard.store.recordPeer(depot.store.identity!.device.rawValue, holds: everything)
        let report = try yard.store.compact()
        #expect(try yard.store.versionVector().dominates(report.stable.vector), "never beyond what this replica holds")
        try office.deliver(to: yard)
        #expect(try !vehicle(yard, floor.vehicle).tags.contains("winter"), "the late tag is still removed")
    }

    @Test func oldSnapshotsArePrunedAndTimeTravelStillAgrees() throws {
        let office = try StoreFixture(snapshotInterval: 2)
        let floor = try WorkshopFloor.build(with: office)
        for step in 0..<30 {
            let status: VehicleStatus = step % 2 == 0 ? .restricted : .inService
            try office.run(.changeVehicleStatus(vehicleID: floor.vehicle, status: status, reason: "s\(step)"))
        }
        func snapshots() throws -> Int {
            try office.store.writer.read { db in
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM snapshots WHERE aggregate_kind = 'vehicle' AND aggregate_id = ?",
                    arguments: [floor.vehicle]) ?? 0
            }
        }
        #expect(try snapshots() > 10)
        let report = try office.store.compact()
        #expect(report.snapshotsPruned > 0 && report.forgotten > 0)
        #expect(try snapshots() <= RailFleetStore.snapshotsKept + 1)
        let ref = AggregateRef(.vehicle, floor.vehicle)
        let reopened = try office.reopen()
        for version in stride(from: 1, through: 32, by: 3) {
            let viaSnapshots = try reopened.state(of: ref, at: .version(version))
            let fromStart = try reopened.state(of: ref, at: .version(version), useSnapshots: false)
            #expect(values(viaSnapshots) == values(fromStart), "version \(version)")
        }
        #expect(try vehicle(office, floor.vehicle).status.superseded.count < 5)
    }

    /// Random work on five replicas, random deliveries (some holding one device's events
    /// back, so removals arrive before what they remove), and compactions at random replicas
    /// and moments (one never compacts): once everything is delivered, every replica's every
    /// aggregate, read from its snapshots, holds the values the uncompacted one holds.
    @Test(arguments: [3, 4, 5, 6, 7, 8] as [UInt64])
    func compactingAnywhereAtAnyTimeNeverChangesAValue(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        func random(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        let founder = try StoreFixture(snapshotInterval: 3)
        let floor = try WorkshopFloor.build(with: founder)
        var replicas = [founder]
        for _ in 0..<4 { replicas.append(try StoreFixture(joining: founder, snapshotInterval: 3)) }
        func deliverAll() throws {
            for from in replicas { for to in replicas where to !== from { try from.deliver(to: to) } }
        }
        try deliverAll()
        let control = replicas.count - 1
        var compactions = 0
        func compact(_ r: Int) throws {
            if r != control { compactions += try replicas[r].store.compact().forgotten }
        }
        // The last steps only exchange and compact: no new work can mask a value brought back.
        for step in 0..<480 {
            let r = random(replicas.count)
            switch step < 400 ? random(11) : 6 + random(5) {
            case 0..<3:
                let work = RandomWork.next(on: floor, step: step, using: &rng)
                _ = try? replicas[r].run(work.command, as: work.user)
            case 3..<6:
                // Tags come and go on every terminal, so removals name tags added elsewhere.
                let tag = ["winter", "ertms"][random(2)]
                _ = try? replicas[r].run(.tagVehicle(vehicleID: floor.vehicle, tag: tag, remove: random(2) == 0))
            case 6:
                let to = random(replicas.count)
                if to != r { try replicas[r].deliver(to: replicas[to]) }
            case 7..<10:
                // Part of what the receiver lacks: one device's events held back, so that a
                // removal can arrive before what it removes; then, often, a compaction there.
                let to = random(replicas.count)
                let skip = random(replicas.count)
                guard to != r, skip != r, let skipped = replicas[skip].store.identity?.device else { continue }
                var lacking = try replicas[to].store.versionVector()
                lacking.advance(skipped, to: UInt64(Int64.max))
                replicas[to].nowMs = max(replicas[to].nowMs, replicas[r].nowMs)
                try replicas[to].store.merge(try replicas[r].store.bundle(after: lacking), at: replicas[to].nowMs)
                if random(2) == 0 { try compact(to) }
            default:
                try compact(r)
            }
        }
        try deliverAll()
        for r in replicas.indices { try compact(r) }
        #expect(compactions > 0, "the history gave compaction something to do")
        let refs = try founder.store.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT DISTINCT aggregate_kind, aggregate_id FROM events").compactMap { row in
                AggregateKind(rawValue: row[0]).map { AggregateRef($0, row[1]) }
            }
        }
        for ref in refs {
            let expected = try values(
                replicas[control].store.writer.read { db in try AggregateCache.read(ref, db, useSnapshot: false) }?
                    .aggregate)
            for (i, replica) in replicas.enumerated() {
                #expect(try values(state(replica, ref)) == expected, "replica \(i), \(ref)")
            }
        }
        // Time travel through the compacted snapshots agrees with folding from the start.
        let vehicle = AggregateRef(.vehicle, floor.vehicle)
        let reopened = try founder.reopen()
        let versions = try reopened.state(of: vehicle, at: .version(Int.max))?.version ?? 0
        for version in stride(from: 1, through: versions, by: max(1, versions / 12)) {
            #expect(
                values(try reopened.state(of: vehicle, at: .version(version)))
                    == values(try reopened.state(of: vehicle, at: .version(version), useSnapshots: false)))
        }
    }
}
