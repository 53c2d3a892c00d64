import Domain
import Foundation
import GRDB
import Storage
import TestSupport
import Testing

@Suite struct EventLogTests {
    @Test func commandsAppendChainedSignedEventsAndUpdateReadModelsInOneGo() throws {
        let f = try StoreFixture()
        let (vehicle, part, wo) = try f.makeWorkshopFloor()
        try f.run(.bookPart(workOrderID: wo, partID: part, quantity: 3, location: "main"), as: "tara")
        let row = try #require(try f.store.workOrders().first { $0.workOrderID == wo })
        #expect(
            row.status == .inProgress && row.cost.minorUnits == 3 * WorkshopFloor.unitCost.minorUnits
                && row.fleetNumber == "186-001")
        #expect(try f.store.parts().first?.onHand == WorkshopFloor.stock - 3)
        #expect(try f.store.fleet().first { $0.vehicleID == vehicle }?.openWorkOrders == 1)
        let report = try f.store.verifyIntegrity()
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.devices.first?.lastSignedCounter == Int64(try f.store.eventCount))
    }

    @Test func eventsCarryTheirMetadataAndCountersHaveNoGaps() throws {
        let f = try StoreFixture()
        _ = try f.makeWorkshopFloor()
        let events = try f.store.events()
        #expect(events.map(\.event.id.counter) == Array(1...UInt64(events.count)))
        let booked = try f.run(.addTask(workOrderID: events.last!.event.aggregate.id, text: "Check pads"), as: "tara")[
            0
        ].event
        #expect(booked.user == "tara" && booked.role == .technician && booked.correlationID == booked.id.description)
        #expect(booked.recordedAtMs == f.nowMs && booked.timestamp.physicalMs == f.nowMs)
    }

    @Test func aRefusedCommandWritesNothing() throws {
        let f = try StoreFixture()
        let (_, part, wo) = try f.makeWorkshopFloor()
        let before = try f.store.eventCount
        let dump = try f.store.dumpReadModels()
        #expect(throws: StorageError.self) {
            try f.run(.bookPart(workOrderID: wo, partID: part, quantity: 99, location: "main"), as: "tara")
        }
        #expect(throws: StorageError.self) { try f.run(.addUser(name: "x", role: .admin), as: "audrey") }
        #expect(throws: StorageError.self) { try f.run(.addUser(name: "x", role: .admin), as: "nobody") }
        #expect(try f.store.eventCount == before)
        #expect(try f.store.dumpReadModels() == dump)
    }

    @Test func aBatchIsAllOrNothing() throws {
        let f = try StoreFixture()
        let (_, part, wo) = try f.makeWorkshopFloor()
        let before = try f.store.eventCount
        let tara = try f.store.actor(for: "tara")
        #expect(throws: StorageError.self) {
            try f.store.execute(batch: [
                .init(.bookPart(workOrderID: wo, partID: part, quantity: 2, location: "main"), by: tara),
                .init(.bookPart(workOrderID: wo, partID: part, quantity: 50, location: "main"), by: tara),
            ])
        }
        #expect(try f.store.eventCount == before)
        // The cache must not keep the first booking of the failed batch.
        try f.run(
            .bookPart(workOrderID: wo, partID: part, quantity: WorkshopFloor.stock, location: "main"), as: "tara")
        #expect(try f.store.parts().first?.onHand == 0)
    }

    @Test func optimisticConcurrencyRefusesAStaleVersion() throws {
        let f = try StoreFixture()
        let (_, _, wo) = try f.makeWorkshopFloor()
        guard case .workOrder(let seen)? = try f.store.aggregate(AggregateRef(.workOrder, wo)) else {
            Issue.record("missing")
            return
        }
        try f.run(.addTask(workOrderID: wo, text: "meanwhile, elsewhere"))
        let error = #expect(throws: StorageError.self) {
            try f.store.execute(
                .holdWorkOrder(workOrderID: wo, hold: true, reason: "parts"), as: "alice", expectedVersion: seen.version
            )
        }
        #expect(error?.kind == .domain(.concurrentChange))
        try f.store.execute(
            .holdWorkOrder(workOrderID: wo, hold: true, reason: "parts"), as: "alice", expectedVersion: seen.version + 1
        )
    }

    @Test func anotherProcessSeesCommittedEventsAndItsCacheCatchesUp() throws {
        let f = try StoreFixture()
        let (_, part, wo) = try f.makeWorkshopFloor()
        let other = try f.reopen()
        try other.execute(.bookPart(workOrderID: wo, partID: part, quantity: 4, location: "main"), as: "tara")
        // The first handle cached the part at 8; it must decide on the 4 left, not 8.
        #expect(throws: StorageError.self) {
            try f.run(.bookPart(workOrderID: wo, partID: part, quantity: 5, location: "main"), as: "tara")
        }
        try f.run(.bookPart(workOrderID: wo, partID: part, quantity: 4, location: "main"), as: "tara")
        #expect(try other.parts().first?.onHand == 0)
        #expect(try f.store.verifyIntegrity().isIntact)
    }

    @Test func subscribersCatchUpFromTheirCheckpointThenReceiveNewCommits() throws {
        let f = try StoreFixture()
        _ = try f.makeWorkshopFloor()
        let total = Int64(try f.store.eventCount)
        var received: [Int64] = []
        _ = try f.store.subscribe(after: total - 3) { events in received += events.map(\.seq) }
        #expect(received == [total - 2, total - 1, total])
        try f.run(.addUser(name: "bob", role: .planner))
        #expect(received == [total - 2, total - 1, total, total + 1])
    }

    @Test func theDeviceKeyLivesOutsideTheDatabaseAndOnlyItsOwnerReadsIt() throws {
        let f = try StoreFixture()
        let attributes = try FileManager.default.attributesOfItem(atPath: f.path + ".key")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        // A copied database without its key can be read but cannot sign new events.
        let copy = f.folder.appendingPathComponent("copy.sqlite").path
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: f.path + suffix) {
            try FileManager.default.copyItem(atPath: f.path + suffix, toPath: copy + suffix)
        }
        let stolen = try RailFleetStore(path: copy)
        #expect(try stolen.users().count == 1)
        let error = #expect(throws: StorageError.self) {
            try stolen.execute(.addUser(name: "mallory", role: .admin), as: "alice")
        }
        #expect(error?.kind == .keyFile)
    }

    @Test func oldSchemaVersionsAreUpcastOnReadAndNeverRewritten() throws {
        let f = try StoreFixture()
        let (vehicle, _, _) = try f.makeWorkshopFloor()
        try f.run(.recordOdometer(vehicleID: vehicle, km: 4000, source: "manual"))
        // Turn the newest event back into its schema-1 form, as an old replica wrote it.
        let queue = try DatabaseQueue(path: f.path)
        try queue.write { db in
            try db.execute(
                sql:
                    "UPDATE events SET schema_version = 1, payload = '{\"odometer\":5000}' WHERE event_type = 'OdometerRecorded'"
            )
        }
        let events = try f.reopen().events(EventFilter(eventType: "OdometerRecorded"))
        #expect(events.first?.event.event == .odometerRecorded(OdometerRecorded(km: 5000, source: "unknown")))
        let stored = try queue.read { db in
            try String.fetchOne(db, sql: "SELECT payload FROM events WHERE event_type = 'OdometerRecorded'")
        }
        #expect(stored == "{\"odometer\":5000}")
    }
}
