import Domain
import Foundation
import GRDB
import TestSupport
import Testing

@testable import Storage

/// Persisted time-travel checkpoints: the replica's state as of any time, read from a
/// checkpoint and the events after it, must equal replaying the log up to that time, through
/// late events, odometer corrections, restarts and checkpoints damaged behind its back.
@Suite struct TimeCheckpointTests {
    /// Two terminals working in the same days, the offline one's events merged at the end of
    /// each round, so that late events land inside checkpoints already made; the depot also
    /// corrects the odometer now and then, which needs a vehicle's whole table of readings.
    final class History {
        let depot: StoreFixture
        let offline: StoreFixture
        let floor: WorkshopFloor.IDs
        var rng: SeededGenerator

        init(seed: UInt64) throws {
            rng = SeededGenerator(seed: seed)
            depot = try StoreFixture(snapshotInterval: 3)
            floor = try WorkshopFloor.build(with: depot)
            offline = try StoreFixture(joining: depot)
            offline.nowMs = depot.nowMs
            depot.store.checkpointStride = 4
        }

        func round(steps: Int) throws {
            for step in 0..<steps {
                let r = rng.next() % 2 == 0 ? depot : offline
                r.nowMs += Int64(rng.next() % 3_600_000)
                if r === depot, rng.next() % 8 == 0 {
                    let km = 1_000 + Int(rng.next() % 3_000)
                    _ = try? depot.run(.correctOdometer(vehicleID: floor.vehicle, km: km, reason: "step \(step)"))
                } else {
                    let work = RandomWork.next(on: floor, step: step, using: &rng)
                    _ = try? r.run(work.command, as: work.user)
                }
            }
            depot.nowMs += 3_600_000
            try offline.deliver(to: depot)
        }

        /// The log replayed up to a time of an axis, in the log's own order: the live
        /// aggregates, as a checkpoint keeps them.
        func replay(upTo ms: Int64, axis: TimeAxis) throws -> AggregateSet {
            var set = AggregateSet()
            for e in try depot.store.events(EventFilter()) where axis.time(of: e) <= ms { set.apply(e.event) }
            let live = set.aggregates.filter {
                switch $0.value {
                case .workOrder(let w): w.body.status.isOpen
                case .defect(let d): !d.body.isClosed
                default: true
                }
            }
            return AggregateSet(aggregates: live, covered: set.covered).trimmedForCheckpoint()
        }

        /// Times worth asking about: before everything, at and between events, after all.
        func times(axis: TimeAxis) throws -> [Int64] {
            let all = try depot.store.events(EventFilter()).map { axis.time(of: $0) }.sorted()
            return [all[0] - 1] + Swift.stride(from: 0, to: all.count, by: 3).map { all[$0] } + [all[all.count - 1] + 1]
        }
    }

    /// A depot with a checkpoint every 4 events and an offline terminal that joined it, a
    /// minute after the floor was built.
    static func twoTerminals() throws -> (StoreFixture, StoreFixture, WorkshopFloor.IDs) {
        let depot = try StoreFixture()
        let floor = try WorkshopFloor.build(with: depot)
        let offline = try StoreFixture(joining: depot)
        depot.store.checkpointStride = 4
        depot.nowMs += 60_000
        return (depot, offline, floor)
    }

    static func checkpointCount(_ path: String) throws -> Int {
        try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM time_checkpoints") }
            ?? 0
    }

    @Test(arguments: 0..<4 as Range<UInt64>)
    func theStateAsOfAnyTimeEqualsReplayingTheLogUpToIt(seed: UInt64) throws {
        let history = try History(seed: seed)
        for _ in 0..<3 {
            try history.round(steps: 25)
            for axis in [TimeAxis.valid, .recorded] {
                for t in try history.times(axis: axis) {
                    let expected = try history.replay(upTo: t, axis: axis)
                    let state = try history.depot.store.liveState(at: t, axis: axis)
                    // Checkpoints keep a vehicle's odometer reading only; everything else is equal.
                    #expect(state.trimmedForCheckpoint() == expected, "\(axis) at \(t)")
                    #expect(
                        try history.depot.store.fleet(at: t, axis: axis)
                            == ReadModelRows(expected, today: UTC.day(ofMs: t), closedWorkOrders: false).fleet)
                }
            }
        }
        // They were checkpoints, not folds from the start: a stride of 4 makes many.
        #expect(try Self.checkpointCount(history.depot.path) > 20)
        let corrections = try history.depot.store.events(EventFilter()).filter {
            if case .odometerCorrected = $0.event.event { true } else { false }
        }
        #expect(!corrections.isEmpty || seed != 0, "the history corrects the odometer")
    }

    /// A checkpoint keeps only the largest reading; a correction can leave standing a smaller
    /// one its author had not seen, which the fold must then find in the log.
    @Test func aCorrectionAfterACheckpointSeesAReadingTheCheckpointLeftOut() throws {
        let (depot, offline, floor) = try Self.twoTerminals()
        try depot.run(.recordOdometer(vehicleID: floor.vehicle, km: 3_000, source: "t"))
        // Unaware of the depot's 3,000, a little later.
        offline.nowMs = depot.nowMs + 60_000
        try offline.run(.recordOdometer(vehicleID: floor.vehicle, km: 2_500, source: "t"))
        // Enough of the depot's own events after it for a checkpoint to fall in between.
        depot.nowMs = offline.nowMs + 60_000
        for i in 0..<10 { try depot.run(.tagVehicle(vehicleID: floor.vehicle, tag: "t\(i)", remove: false)) }
        depot.nowMs += 60_000
        try depot.run(.correctOdometer(vehicleID: floor.vehicle, km: 2_000, reason: "3,000 was a typing error"))
        try offline.deliver(to: depot)
        let end = depot.nowMs + 1
        // The offline terminal's 2,500 was not withdrawn: the correction's author never saw it.
        #expect(try depot.store.fleet(at: end).first { $0.vehicleID == floor.vehicle }?.odometerKm == 2_500)
        #expect(try Self.checkpointCount(depot.path) >= 2)
    }

    /// A checkpoint's manifest leaves out closed orders; one whose cancellation meets work
    /// booked concurrently elsewhere is open again, and the fold must read its stored state.
    @Test func anOrderClosedAtACheckpointAndChangedAfterItIsReadBack() throws {
        let (depot, offline, floor) = try Self.twoTerminals()
        try depot.run(.cancelWorkOrder(workOrderID: floor.workOrder, reason: "not needed"))
        offline.nowMs = depot.nowMs + 60_000
        try offline.run(
            .bookHours(workOrderID: floor.workOrder, minutes: 90, technician: WorkshopFloor.technician),
            as: WorkshopFloor.technician)
        depot.nowMs = offline.nowMs + 60_000
        for i in 0..<10 { try depot.run(.tagVehicle(vehicleID: floor.vehicle, tag: "t\(i)", remove: false)) }
        // A checkpoint on recorded time after the cancellation, before the booking arrives.
        _ = try depot.store.liveState(at: depot.nowMs, axis: .recorded)
        depot.nowMs += 60_000
        try offline.deliver(to: depot)
        let end = depot.nowMs + 1
        var replayed = AggregateSet()
        for e in try depot.store.events(EventFilter()) { replayed.apply(e.event) }
        guard case .workOrder(let order)? = replayed[AggregateRef(.workOrder, floor.workOrder)] else {
            Issue.record("no work order")
            return
        }
        #expect(order.body.status.isOpen && order.body.bookedMinutes == 90, "the cancellation is in conflict")
        let state = try depot.store.liveState(at: end, axis: .recorded)
        let expected = AnyAggregate.workOrder(order).trimmedForCheckpoint(covered: replayed.covered)
        #expect(state[AggregateRef(.workOrder, floor.workOrder)] == expected)
        // The audit pane's window over the same checkpoint folds it in memory: the order comes with it.
        let window = try Timeline.window(from: depot.store, axis: .recorded, around: end)
        #expect(window.offset > 0)
        let folded = window.state(through: window.events.count - 1)
        #expect(
            folded[AggregateRef(.workOrder, floor.workOrder)]?.trimmedForCheckpoint(covered: folded.covered) == expected
        )
        #expect(try Self.checkpointCount(depot.path) >= 2)
    }

    @Test func anotherProcessReadsTheCheckpointsWithoutMakingThemAgain() throws {
        let history = try History(seed: 5)
        try history.round(steps: 40)
        let last = try history.times(axis: .valid).last!
        _ = try history.depot.store.liveState(at: last)
        let made = try Self.checkpointCount(history.depot.path)
        let other = try history.depot.reopen()
        other.checkpointStride = 4
        #expect(try other.extendCheckpoints(axis: .valid) == 0)
        #expect(
            try other.liveState(at: last).trimmedForCheckpoint()
                == history.replay(upTo: last, axis: .valid))
        #expect(try Self.checkpointCount(history.depot.path) == made)
    }

    @Test(arguments: ["delete a state", "garble a state", "delete a checkpoint", "edit the log"])
    func aCheckpointChangedBehindTheProgramsBackIsMadeAgainFromTheLog(attack: String) throws {
        let history = try History(seed: 7)
        try history.round(steps: 40)
        let times = try history.times(axis: .valid)
        _ = try history.depot.store.liveState(at: times.last!)
        try DatabaseQueue(path: history.depot.path).write { db in
            switch attack {
            case "delete a state":
                try db.execute(
                    sql:
                        "DELETE FROM time_checkpoint_states WHERE rowid = (SELECT min(rowid) FROM time_checkpoint_states)"
                )
            case "garble a state":
                try db.execute(sql: "UPDATE time_checkpoint_states SET state = x'00ff' WHERE number = 2")
            case "delete a checkpoint":
                try db.execute(sql: "DELETE FROM time_checkpoints WHERE number = 3")
            default:
                // A reading's km changed in the log itself: time travel must show the log as it is.
                try db.execute(
                    sql: """
                        UPDATE events SET payload = replace(payload, '"km":', '"km":9') WHERE seq = (
                            SELECT min(seq) FROM events WHERE event_type = 'OdometerRecorded')
                        """)
            }
        }
        for axis in [TimeAxis.valid, .recorded] {
            for t in try history.times(axis: axis) {
                let expected = try history.replay(upTo: t, axis: axis)
                // An archived copy (read-only) is not repaired, but never shows what is not in the log.
                let readOnly = try RailFleetStore(path: history.depot.path, access: .readOnly)
                #expect(try readOnly.liveState(at: t, axis: axis).trimmedForCheckpoint() == expected, "\(axis) \(t)")
                #expect(try history.depot.store.liveState(at: t, axis: axis).trimmedForCheckpoint() == expected)
            }
        }
    }

    /// An id comes from peers and may hold tabs and line breaks: the manifest keeps it whole.
    @Test func aManifestKeepsAnyIdWhole() throws {
        let entries = [(AggregateRef(.workOrder, "a\tb\nc"), 3), (AggregateRef(.vehicle, "V-1"), 7)]
        let decoded = try TimeCheckpoints.Manifest.decode(TimeCheckpoints.Manifest.encode(entries))
        #expect(decoded.map(\.0) == [AggregateRef(.vehicle, "V-1"), AggregateRef(.workOrder, "a\tb\nc")])
        #expect(decoded.map(\.1) == [7, 3])
    }
}
