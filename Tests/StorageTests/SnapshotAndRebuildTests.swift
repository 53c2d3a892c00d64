import Domain
import Foundation
import GRDB
import Storage
import TestSupport
import Testing

@Suite struct SnapshotAndRebuildTests {
    @Test func loadingWithAndWithoutSnapshotsGivesTheSameState() throws {
        let f = try StoreFixture(snapshotInterval: 10)
        let (vehicle, part, wo) = try f.makeWorkshopFloor()
        for km in stride(from: 1300, through: 5000, by: 100) {
            try f.run(.recordOdometer(vehicleID: vehicle, km: km, source: "t"))
        }
        for _ in 0..<15 {
            try f.run(.bookPart(workOrderID: wo, partID: part, quantity: 0 + 1, location: "main"), as: "tara")
            try f.run(.receiveStock(partID: part, location: "main", quantity: 1, note: nil))
        }
        let snapshots = try DatabaseQueue(path: f.path).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM snapshots")
        }
        #expect((snapshots ?? 0) >= 3)
        for ref in [AggregateRef(.vehicle, vehicle), AggregateRef(.part, part), AggregateRef(.workOrder, wo)] {
            let fast = try f.store.aggregate(ref, useSnapshot: true)
            let slow = try f.store.aggregate(ref, useSnapshot: false)
            #expect(fast != nil && fast == slow)
        }
    }

    @Test func aLateEventOlderThanTheSnapshotIsStillApplied() throws {
        let f = try StoreFixture(snapshotInterval: 5)
        let (vehicle, _, _) = try f.makeWorkshopFloor()
        for km in stride(from: 2000, through: 9000, by: 1000) {
            try f.run(.recordOdometer(vehicleID: vehicle, km: km, source: "t"))
        }
        // Another device's reading, stamped long before the snapshot, arrives now.
        let queue = try DatabaseQueue(path: f.path)
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO events (device, counter, hlc_ms, hlc_logical, recorded_ms, aggregate_kind, aggregate_id, event_type, schema_version,
                      user, role, correlation_id, payload, hash)
                    VALUES ('offline', 1, 1000, 0, ?, 'vehicle', ?, 'VehicleTagged', 1, 'olga', 'dispatcher', 'offline:1', '{"tag":"winter"}', x'00')
                    """, arguments: [f.nowMs, vehicle])
        }
        let reopened = try f.reopen()
        let fast = try reopened.aggregate(AggregateRef(.vehicle, vehicle), useSnapshot: true)
        let slow = try reopened.aggregate(AggregateRef(.vehicle, vehicle), useSnapshot: false)
        #expect(fast == slow)
        guard case .vehicle(let v)? = fast else {
            Issue.record("no vehicle")
            return
        }
        #expect(v.body.tags.contains("winter") && v.body.odometerKm == 9000)
    }

    @Test func rebuildingFromTheLogGivesIdenticalReadModels() throws {
        let f = try StoreFixture(snapshotInterval: 4)
        let (vehicle, part, wo) = try f.makeWorkshopFloor()
        try f.run(.bookHours(workOrderID: wo, minutes: 120, technician: "tara"), as: "tara")
        try f.run(.bookPart(workOrderID: wo, partID: part, quantity: 2, location: "main"), as: "tara")
        try f.run(
            .defineExamLevel(
                ExamLevelDefined(
                    vehicleClass: "Class 186", level: "A", intervalKm: 20_000, intervalDays: 60, tolerancePercent: 10,
                    includes: [])))
        try f.run(.changeVehicleStatus(vehicleID: vehicle, status: .restricted, reason: "flat wheel"))
        try f.run(.tagVehicle(vehicleID: vehicle, tag: "ertms", remove: false))
        let before = try f.store.dumpReadModels()
        #expect(before.contains("ertms") && before.contains("restricted"))
        let count = try f.store.rebuildProjections()
        #expect(count == (try f.store.eventCount))
        #expect(try f.store.dumpReadModels() == before)
        // Snapshots come back too, and loading from them still equals the fold.
        let snapshots = try DatabaseQueue(path: f.path).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM snapshots") ?? 0
        }
        #expect(snapshots > 0)
        for ref in [AggregateRef(.vehicle, vehicle), AggregateRef(.part, part), AggregateRef(.workOrder, wo)] {
            #expect(try f.store.aggregate(ref, useSnapshot: true) == (try f.store.aggregate(ref, useSnapshot: false)))
        }
        // And after a rebuild, commands decide on the same state.
        try f.run(
            .bookPart(workOrderID: wo, partID: part, quantity: WorkshopFloor.stock - 2, location: "main"), as: "tara")
        #expect(try f.store.parts().first?.onHand == 0)
    }

    @Test func aChangedPlanMovesTheDueExamsOfItsClass() throws {
        let f = try StoreFixture()
        let (vehicle, _, _) = try f.makeWorkshopFloor()
        try f.run(
            .defineExamLevel(
                ExamLevelDefined(
                    vehicleClass: "Class 186", level: "A", intervalKm: 20_000, intervalDays: 60, tolerancePercent: 10,
                    includes: [])))
        #expect(
            try f.store.fleet().first { $0.vehicleID == vehicle }?.nextExam?.dueKm == 21_200,
            "20,000 km after the 1,200 it was registered with")
        try f.run(
            .defineExamLevel(
                ExamLevelDefined(
                    vehicleClass: "Class 186", level: "A", intervalKm: 15_000, intervalDays: 60, tolerancePercent: 10,
                    includes: [])))
        #expect(try f.store.fleet().first { $0.vehicleID == vehicle }?.nextExam?.dueKm == 16_200)
    }
}

@Suite struct IntegrityTests {
    func makeTamperedStore(_ tamper: (Database) throws -> Void) throws -> IntegrityReport {
        let f = try StoreFixture()
        _ = try f.makeWorkshopFloor()
        #expect(try f.store.verifyIntegrity().isIntact)
        try DatabaseQueue(path: f.path).write(tamper)
        return try f.reopen().verifyIntegrity()
    }

    @Test func anAlteredPayloadIsNamed() throws {
        let report = try makeTamperedStore { db in
            try db.execute(
                sql:
                    "UPDATE events SET payload = replace(payload, '\"delta\":8', '\"delta\":99') WHERE event_type = 'StockMoved'"
            )
        }
        #expect(report.problems.map(\.kind) == [.altered])
        #expect(report.problems.first?.message.contains("StockMoved") == true)
    }

    @Test func alteredMetadataIsNamed() throws {
        let report = try makeTamperedStore { db in
            try db.execute(sql: "UPDATE events SET user = 'mallory' WHERE counter = 3")
        }
        #expect(report.problems.map(\.kind) == [.altered] && report.problems[0].counter == 3)
    }

    @Test func aRemovedEventIsNamed() throws {
        let report = try makeTamperedStore { db in try db.execute(sql: "DELETE FROM events WHERE counter = 4") }
        #expect(report.problems.contains { $0.kind == .missing && $0.counter == 4 })
    }

    @Test func aRemovedTailIsNamed() throws {
        let report = try makeTamperedStore { db in try db.execute(sql: "DELETE FROM events WHERE counter > 8") }
        #expect(report.problems.contains { $0.kind == .badSignature })
    }

    @Test func aReorderedChainIsNamed() throws {
        let report = try makeTamperedStore { db in
            try db.execute(
                sql:
                    "UPDATE events SET counter = -1 WHERE counter = 5; UPDATE events SET counter = 5 WHERE counter = 6; UPDATE events SET counter = 6 WHERE counter = -1"
            )
        }
        #expect(Set(report.problems.compactMap(\.counter)).isSuperset(of: [5, 6]))
        #expect(!report.isIntact)
    }

    @Test func aRechainedForgeryFailsTheSignature() throws {
        // The forger rewrites an event and recomputes every hash after it, but cannot sign.
        let f = try StoreFixture()
        _ = try f.makeWorkshopFloor()
        try DatabaseQueue(path: f.path).write { db in
            try db.execute(
                sql:
                    "UPDATE events SET payload = replace(payload, '\"delta\":8', '\"delta\":99') WHERE event_type = 'StockMoved'"
            )
        }
        try f.reopen().rechainForTesting()
        let report = try f.reopen().verifyIntegrity()
        #expect(!report.problems.contains { $0.kind == .altered })
        #expect(report.problems.contains { $0.kind == .badSignature })
    }

    @Test func aForgedSignatureIsNamed() throws {
        let report = try makeTamperedStore { db in
            try db.execute(
                sql:
                    "UPDATE chain_heads SET signature = zeroblob(64) WHERE counter = (SELECT max(counter) FROM chain_heads)"
            )
        }
        #expect(report.problems.contains { $0.kind == .badSignature })
        #expect(report.problems.contains { $0.kind == .unsigned })
    }
}
