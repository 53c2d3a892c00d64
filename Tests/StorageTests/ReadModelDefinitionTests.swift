import Domain
import Foundation
import GRDB
import Storage
import TestSupport
import Testing

/// A read-model row is defined twice, on purpose: as SQL the projections write (so lists
/// and filters are index reads) and as a function of state (`ReadModelRows`, for every
/// "as of" view). These tests feed both the values most likely to split them apart.
@Suite struct ReadModelDefinitionTests {
    /// Names a user may legally type that a naive encoding would break: separators, quotes,
    /// backslashes, brackets, non-Latin scripts and emoji.
    static let awkward = ["a,b", "q\"uote", "back\\slash", "[x]", "Köln", "東京", "🚆", "o'neil,jr", "{}", ",", "\""]

    func makeAwkwardFloor() throws -> (StoreFixture, WorkshopFloor.IDs) {
        let f = try StoreFixture()
        let floor = try WorkshopFloor.build(with: f)
        for tag in Self.awkward { try f.run(.tagVehicle(vehicleID: floor.vehicle, tag: tag, remove: false)) }
        for (i, name) in Self.awkward.enumerated() {
            try f.run(.addUser(name: "t\(i)\(name)", role: .technician))
            try f.run(.assignWorkOrder(workOrderID: floor.workOrder, workshopID: nil, technician: "t\(i)\(name)"))
        }
        try f.run(
            .registerWorkshop(WorkshopRegistered(name: "Werk, \"Süd\"", depot: "Köln", roads: 1, skills: Self.awkward)))
        try f.run(
            .recordFailureCode(
                workOrderID: floor.workOrder,
                code: FailureCode(system: "doors, left", mode: "\"stuck\"", cause: "ice [winter]", remedy: "thaw 🔥")))
        let defect = try f.run(
            .reportDefect(vehicleID: floor.vehicle, description: "a,b \"c\"", severity: .major, system: "doors"))[0]
        try f.run(
            .openWorkOrder(
                vehicleID: floor.vehicle, title: "Doors, \"left\"", type: .corrective, priority: .normal,
                examLevel: nil, defectID: defect.event.aggregate.id))
        return (f, floor)
    }

    @Test func everyLegalListValueReadsBackExactlyLiveAndAsOfATime() throws {
        let (f, floor) = try makeAwkwardFloor()
        let vehicle = try #require(try f.store.fleet().first { $0.vehicleID == floor.vehicle })
        #expect(vehicle.tags == Self.awkward.sorted())
        let wo = try #require(try f.store.workOrders().first { $0.workOrderID == floor.workOrder })
        #expect(
            Set(wo.technicians)
                == Set([WorkshopFloor.technician] + Self.awkward.indices.map { "t\($0)\(Self.awkward[$0])" }))
        #expect(
            wo.failureCode
                == FailureCode(system: "doors, left", mode: "\"stuck\"", cause: "ice [winter]", remedy: "thaw 🔥"))
        #expect(try f.store.workshops().first { $0.name == "Werk, \"Süd\"" }?.skills == Self.awkward)
        let defect = try #require(try f.store.defects().first)
        #expect(defect.workOrders.count == 1)

        // The same rows computed from state, as every past view computes them.
        let timeline = try Timeline.load(from: f.store, stride: 3)
        let rows = timeline.rows(through: timeline.events.count - 1, asOf: f.nowMs)
        #expect(rows.fleet == (try f.store.fleet(today: UTC.day(ofMs: f.nowMs))))
        #expect(rows.workOrders == (try f.store.workOrders()))
        #expect(rows.parts == (try f.store.parts()))
        let history = ReadModelRows.history(of: floor.vehicle, in: timeline.state(through: timeline.events.count - 1))
        #expect(history.defects == (try f.store.defects(vehicleID: floor.vehicle)))
    }

    @Test func aRebuildWritesTheAwkwardValuesIdentically() throws {
        let (f, _) = try makeAwkwardFloor()
        let before = try f.store.dumpReadModels()
        _ = try f.store.rebuildProjections()
        #expect(try f.store.dumpReadModels() == before)
    }

    /// A file written before lists were JSON (migration v3) is converted in place when opened.
    @Test func commaJoinedListsOfAnOlderFileBecomeJSON() throws {
        let f = try StoreFixture()
        let floor = try WorkshopFloor.build(with: f)
        try f.run(.tagVehicle(vehicleID: floor.vehicle, tag: "winter", remove: false))
        try f.run(.tagVehicle(vehicleID: floor.vehicle, tag: "ertms", remove: false))
        try f.run(
            .recordFailureCode(
                workOrderID: floor.workOrder, code: FailureCode(system: "a", mode: "b", cause: "c", remedy: "d")))
        // Back to the older form, as version 2 wrote it.
        try DatabaseQueue(path: f.path).write { db in
            try db.execute(sql: "UPDATE fleet SET tags = 'ertms,winter'")
            try db.execute(sql: "UPDATE work_orders SET technicians = 'tara', failure_code = 'a/b/c/d'")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v3-lists-as-json'")
        }
        let reopened = try f.reopen()
        #expect(try reopened.fleet().first?.tags == ["ertms", "winter"])
        let wo = try #require(try reopened.workOrders().first)
        #expect(wo.technicians == ["tara"])
        #expect(wo.failureCode == FailureCode(system: "a", mode: "b", cause: "c", remedy: "d"))
    }

    /// A read model edited behind the program's back says so and how to mend it, rather
    /// than show a guess or crash.
    @Test func aWordTheVocabularyDoesNotHaveIsRefusedWithTheWayToMendIt() throws {
        let f = try StoreFixture()
        _ = try WorkshopFloor.build(with: f)
        try DatabaseQueue(path: f.path).write { db in try db.execute(sql: "UPDATE fleet SET status = 'flying'") }
        let error = #expect(throws: StorageError.self) { try f.reopen().fleet() }
        #expect(error?.description.contains("'flying'") == true)
        #expect(error?.description.contains("projections rebuild") == true)
        let reopened = try f.reopen()
        _ = try reopened.rebuildProjections()
        #expect(try reopened.fleet().first?.status == .inService)
    }
}
