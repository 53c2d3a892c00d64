import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// Time travel must equal replaying exactly the events up to the point, whatever path the
/// store takes (snapshots or not), also when events arrive late from an offline terminal.
@Suite struct AuditTests {
    /// A depot replica and a terminal that was offline for a while, merged afterwards.
    func makeHistory(seed: UInt64) throws -> (StoreFixture, vehicle: String, part: String, wo: String) {
        var rng = SeededGenerator(seed: seed)
        let depot = try StoreFixture(snapshotInterval: 3)
        let floor = try WorkshopFloor.build(with: depot)
        let offline = try StoreFixture(joining: depot)
        offline.nowMs = depot.nowMs
        for step in 0..<30 {
            // Both terminals work; the offline one's clock runs in the same days.
            let r = rng.next() % 2 == 0 ? depot : offline
            r.nowMs += Int64(rng.next() % 3_600_000)
            let work = RandomWork.next(on: floor, step: step, using: &rng)
            _ = try? r.run(work.command, as: work.user)
        }
        depot.nowMs += 86_400_000
        try depot.store.merge(try offline.store.bundle(after: try depot.store.versionVector()), at: depot.nowMs)
        return (depot, floor.vehicle, floor.part, floor.workOrder)
    }

    func replay(_ events: [StoredEvent], _ ref: AggregateRef, _ keep: (RecordedEvent) -> Bool) -> AnyAggregate? {
        var set = AggregateSet()
        for e in events.sorted(by: { $0.seq < $1.seq }) where keep(e.event) { set.apply(e.event) }
        return set[ref]
    }

    @Test(arguments: 0..<5 as Range<UInt64>)
    func stateAtAnyPointEqualsReplayingTheEventsUpToIt(seed: UInt64) throws {
        let (f, vehicle, part, wo) = try makeHistory(seed: seed)
        var axesDiffer = false
        for ref in [AggregateRef(.vehicle, vehicle), AggregateRef(.part, part), AggregateRef(.workOrder, wo)] {
            let trail = try f.store.trail(of: ref)
            #expect(
                trail.map(\.event.timestamp) == trail.map(\.event.timestamp).sorted(),
                "the trail is in valid-time order")
            let validTimes = trail.map(\.event.timestamp.physicalMs)
            let recordedTimes = trail.map(\.event.recordedAtMs)
            if Set(recordedTimes).count > 1 && validTimes != recordedTimes { axesDiffer = true }
            for t in validTimes + [validTimes.min()! - 1] {
                let expected = replay(trail, ref) { $0.timestamp.physicalMs <= t }
                #expect(try f.store.state(of: ref, at: .validTime(t)) == expected)
                #expect(try f.store.state(of: ref, at: .validTime(t), useSnapshots: false) == expected)
            }
            for t in recordedTimes {
                let expected = replay(trail, ref) { $0.recordedAtMs <= t }
                #expect(try f.store.state(of: ref, at: .recordedTime(t)) == expected)
                #expect(try f.store.state(of: ref, at: .recordedTime(t), useSnapshots: false) == expected)
            }
            let bySeq = trail.sorted { $0.seq < $1.seq }
            for n in [1, bySeq.count / 2, bySeq.count] {
                let expected = replay(Array(bySeq.prefix(n)), ref) { _ in true }
                #expect(try f.store.state(of: ref, at: .version(n)) == expected)
            }
        }
        #expect(axesDiffer, "late events make the two axes differ for at least one of them")
    }

    @Test func diffAndChangesAgreeWithTheTrail() throws {
        let (f, vehicle, _, _) = try makeHistory(seed: 9)
        let ref = AggregateRef(.vehicle, vehicle)
        let trail = try f.store.trail(of: ref)
        let (t1, t2) = (
            trail[trail.count / 3].event.timestamp.physicalMs, trail[2 * trail.count / 3].event.timestamp.physicalMs
        )
        let changes = try f.store.changes(fromMs: t1, toMs: t2)
        let inWindow = trail.filter { (t1 + 1...t2).contains($0.event.timestamp.physicalMs) }
        let vehicleChange = try #require(changes.first { $0.aggregate == ref })
        #expect(vehicleChange.events.map(\.event.id) == inWindow.map(\.event.id))
        #expect(vehicleChange.changes == (try f.store.diff(of: ref, from: .validTime(t1), to: .validTime(t2))))
        // Every field the diff names really differs between the two replayed states.
        let before = AggregateFields(replay(trail, ref) { $0.timestamp.physicalMs <= t1 }!)
        let after = AggregateFields(replay(trail, ref) { $0.timestamp.physicalMs <= t2 }!)
        for c in vehicleChange.changes { #expect(before[c.field] == c.before && after[c.field] == c.after) }
        // Aggregates untouched in the window are not listed.
        let touched = Set(
            try f.store.events().filter { (t1 + 1...t2).contains($0.event.timestamp.physicalMs) }.map(\.event.aggregate)
        )
        #expect(Set(changes.map(\.aggregate)) == touched)
    }

    @Test func theFleetAsOfATimeShowsWhatWasTrueThen() throws {
        let f = try StoreFixture()
        let (vehicle, _, wo) = try f.makeWorkshopFloor()
        let before = f.nowMs
        f.nowMs += 3_600_000
        try f.run(.changeVehicleStatus(vehicleID: vehicle, status: .outOfService, reason: "crack"))
        try f.run(.cancelWorkOrder(workOrderID: wo, reason: "duplicate"))
        let then = try f.store.fleet(at: before)
        #expect(then.map(\.status) == [.inService] && then.first?.openWorkOrders == 1)
        let now = try f.store.fleet(at: f.nowMs)
        #expect(now.map(\.status) == [.outOfService] && now.first?.openWorkOrders == 0)
        #expect(try f.store.fleet(at: 0).isEmpty)
        // And "now" agrees with the live read model.
        #expect(now.map(\.status) == (try f.store.fleet().map(\.status)))
    }

    @Test func everyActionOfAUserIsListedInTime() throws {
        let f = try StoreFixture()
        let (_, part, wo) = try f.makeWorkshopFloor()
        try f.run(.bookHours(workOrderID: wo, minutes: 60, technician: "tara"), as: "tara")
        try f.run(.bookPart(workOrderID: wo, partID: part, quantity: 1, location: "main"), as: "tara")
        let actions = try f.store.actions(of: "tara")
        #expect(actions.map(\.event.event.eventType) == ["HoursBooked", "PartBooked", "StockMoved"])
        #expect(try f.store.actions(of: "tara", fromMs: actions[1].event.timestamp.physicalMs).count == 2)
    }
}
