import Domain
import Foundation
import Storage
import TestSupport
import Testing

@Suite struct AnalyticsTests {
    @Test func monthlyHistoryAddsUpToTheLog() throws {
        let f = try StoreFixture()
        let (vehicle, part, wo) = try f.makeWorkshopFloor()
        try f.run(.bookHours(workOrderID: wo, minutes: 90, technician: "tara"), as: "tara")
        try f.run(.bookPart(workOrderID: wo, partID: part, quantity: 3, location: "main"), as: "tara")
        f.nowMs += 40 * 86_400_000  // next month
        try f.run(.issueStock(partID: part, location: "main", quantity: 2, workOrderID: nil, note: nil))
        try f.run(.reportDefect(vehicleID: vehicle, description: "noise", severity: .minor, system: nil))
        try f.run(.reportDefect(vehicleID: vehicle, description: "leak", severity: .major, system: nil))

        let failures = try f.store.failuresPerMonth()
        #expect(failures.map(\.name) == ["Class 186"])
        #expect(failures[0].points.map(\.value).reduce(0, +) == 2)

        let issued = try f.store.consumptionPerMonth(partID: part)
        #expect(
            issued.points.count == 2 && issued.points.map(\.value) == [3, 2],
            "a gap month would show as 0; both months have issues")

        let cost = try f.store.maintenanceCostPerMonth()
        let booked = try #require(try f.store.workOrders().first { $0.workOrderID == wo }).cost.minorUnits
        #expect(cost.points.map(\.value).reduce(0, +) == Double(booked) / 100)
    }
}
