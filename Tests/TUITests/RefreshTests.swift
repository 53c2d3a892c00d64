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
}
