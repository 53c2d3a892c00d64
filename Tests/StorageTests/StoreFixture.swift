import Domain
import Foundation
import Storage

/// A replica in its own temporary folder, with a clock the test moves.
final class StoreFixture {
    let folder: URL
    let path: String
    var nowMs: Int64 = 1_700_000_000_000
    private(set) var store: RailFleetStore!

    init(snapshotInterval: Int? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("railfleet-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("replica.sqlite").path
        store = try RailFleetStore.create(
            at: path, deviceName: "bench-1", admin: "alice", wallClockMs: { [unowned self] in nowMs })
        if let snapshotInterval { try store.setSnapshotInterval(snapshotInterval) }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Opens the same file again, as another process would.
    func reopen() throws -> RailFleetStore { try RailFleetStore(path: path, wallClockMs: { [unowned self] in nowMs }) }

    @discardableResult
    func run(_ command: Command, as user: String = "alice") throws -> [StoredEvent] {
        nowMs += 60_000
        return try store.execute(command, as: user)
    }

    /// A vehicle, a part with stock, a technician and a work order in progress.
    func makeWorkshopFloor() throws -> (vehicle: String, part: String, workOrder: String) {
        try run(.addUser(name: "tara", role: .technician))
        try run(.addUser(name: "audrey", role: .auditor))
        let vehicle = try run(
            .registerVehicle(
                VehicleRegistered(
                    fleetNumber: "186-001", evn: "918061860014", vehicleClass: "Class 186", kind: .locomotive,
                    keeper: nil, depot: "Koeln", commissionedOn: nil, odometerKm: 1000)))[0].event.aggregate.id
        let part = try run(
            .registerPart(
                PartRegistered(
                    partNumber: "BRK-1", name: "Pad", kind: .consumable, unit: "pc", minimum: 0, maximum: nil,
                    reorderPoint: 2, leadTimeDays: 3, unitCost: Money(minorUnits: 1000))))[0].event.aggregate.id
        try run(.receiveStock(partID: part, location: "main", quantity: 10, note: nil))
        let wo = try run(
            .openWorkOrder(
                vehicleID: vehicle, title: "Brakes drag", type: .corrective, priority: .high, examLevel: nil,
                defectID: nil))[0].event.aggregate.id
        for stage in [WorkOrderStage.approved, .planned, .inProgress] {
            try run(.advanceWorkOrder(workOrderID: wo, to: stage, plannedDay: nil))
        }
        return (vehicle, part, wo)
    }
}
