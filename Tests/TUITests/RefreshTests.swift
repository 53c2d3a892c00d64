import Domain
import Foundation
import Storage
import Testing

@testable import TUI

/// After a command, only the rows it touched are read again, and merging them gives exactly
/// what reloading every table would.
@Suite struct RefreshTests {
    @Test func mergingTheChangedRowsEqualsReloadingEverything() throws {
        let (folder, path) = try DemoFixture.generate(vehicles: 12, seed: 2)
        defer { try? FileManager.default.removeItem(at: folder) }
        let end = DemoFixture.demoEnd
        let store = try RailFleetStore(path: path)
        var shown = try ScreenData.load(from: store, today: end)
        let seq = try store.lastSeq
        // A new work order (its vehicle's count changes), a part issued, a status change.
        let vehicle = shown.fleet[3]
        try store.execute(
            .openWorkOrder(
                vehicleID: vehicle.vehicleID, title: "Wiper", type: .corrective, priority: .low, examLevel: nil,
                defectID: nil), as: "piet")
        let part = try #require(shown.parts.first { $0.onHand > 2 })
        try store.execute(
            .issueStock(
                partID: part.partID, location: part.locations.first { $0.onHand > 2 }!.location, quantity: 1,
                workOrderID: nil, note: "test"), as: "sven")
        try store.execute(
            .changeVehicleStatus(vehicleID: shown.fleet[0].vehicleID, status: .restricted, reason: "speed limit"),
            as: "dana")

        let changes = try store.rowsChanged(after: seq, today: end)
        #expect(Set(changes.fleet.map(\.vehicleID)) == [vehicle.vehicleID, shown.fleet[0].vehicleID])
        #expect(changes.workOrders.map(\.title) == ["Wiper"] && changes.parts.map(\.partID) == [part.partID])
        #expect(changes.lastSeq == (try store.lastSeq))
        shown.merge(changes)
        let reloaded = try ScreenData.load(from: store, today: end)
        #expect(shown.fleet == reloaded.fleet)
        #expect(shown.workOrders == reloaded.workOrders)
        #expect(shown.parts == reloaded.parts)
        #expect(try store.rowsChanged(after: changes.lastSeq).isEmpty)
    }

    /// The terminal starts with the open work orders only: one closed since leaves the list as
    /// a reload would; a view of closed ones asks for the rest, once.
    @Test func onlyOpenWorkOrdersLoadAtStartAndAViewOfClosedOnesAsksForTheRest() throws {
        let (folder, path) = try DemoFixture.generate(vehicles: 12, seed: 2)
        defer { try? FileManager.default.removeItem(at: folder) }
        let end = DemoFixture.demoEnd
        let store = try RailFleetStore(path: path)
        var shown = try ScreenData.load(from: store, today: end)
        let all = try ScreenData.load(from: store, today: end, closedWorkOrders: true)
        #expect(!shown.hasClosedWorkOrders && all.hasClosedWorkOrders)
        #expect(shown.workOrders == all.workOrders.filter(\.status.isOpen))
        #expect(all.workOrders.count > shown.workOrders.count, "the demo has closed orders")
        let start = try store.lastSeq
        // An order opened and cancelled since the list was read.
        let opened = try store.execute(
            .openWorkOrder(
                vehicleID: shown.fleet[0].vehicleID, title: "Duplicate", type: .corrective, priority: .low,
                examLevel: nil, defectID: nil), as: "piet")
        shown.merge(try store.rowsChanged(after: start, today: end))
        let order = try #require(opened.first?.event.aggregate.id)
        #expect(shown.workOrders.contains { $0.workOrderID == order })
        let seq = try store.lastSeq
        try store.execute(.cancelWorkOrder(workOrderID: order, reason: "duplicate"), as: "piet")
        shown.merge(try store.rowsChanged(after: seq, today: end))
        #expect(shown.workOrders == (try ScreenData.load(from: store, today: end)).workOrders)
        #expect(!shown.workOrders.contains { $0.workOrderID == order })

        var state = AppState()
        _ = Update.apply(.dataLoaded(shown), to: &state, page: 20)
        _ = Update.apply(.keyPressed(.character("2")), to: &state, page: 20)
        #expect(Update.apply(.keyPressed(.character("v")), to: &state, page: 20) == [.loadAllWorkOrders])
        _ = Update.apply(
            .dataLoaded(try ScreenData.load(from: store, today: end, closedWorkOrders: true)), to: &state, page: 20)
        #expect(state.message == nil)
        // Loaded once: the next views need nothing more.
        #expect(Update.apply(.keyPressed(.character("v")), to: &state, page: 20) == [])
    }
}
