public import Domain

/// Anything that takes commands the way a person gives them: the domain alone
/// (`MemoryContext`), a store (`StoreFixture`), the command line (`CLIProcess`). Shared
/// fixtures are written once against it.
public protocol CommandRunner {
    /// Runs a command as a user; returns the aggregates of the events it appended, in order.
    @discardableResult
    func perform(_ command: Command, as user: String) throws -> [AggregateRef]
}

/// The workshop floor most tests start from: a technician and an auditor, a workshop, one
/// vehicle, one part with stock, and a corrective work order in progress at the workshop
/// with the technician on it.
public enum WorkshopFloor {
    public struct IDs: Sendable {
        public let vehicle: String
        public let part: String
        public let workshop: String
        public let workOrder: String
    }

    public static let admin = "alice"
    public static let technician = "tara"
    public static let auditor = "audrey"
    public static let fleetNumber = "186-001"
    public static let partNumber = "BRK-1"
    /// Brake pads in stock at `main` before any work.
    public static let stock = 8
    public static let unitCost = Money(minorUnits: 18_500)

    public static func build(with runner: some CommandRunner) throws -> IDs {
        func run(_ command: Command) throws -> String {
            guard let ref = try runner.perform(command, as: admin).first else {
                throw FixtureError("\(command.kind) appended nothing")
            }
            return ref.id
        }
        _ = try run(.addUser(name: technician, role: .technician))
        _ = try run(.addUser(name: auditor, role: .auditor))
        let workshop = try run(
            .registerWorkshop(WorkshopRegistered(name: "Werk Koeln", depot: "Koeln", roads: 2, skills: [])))
        let vehicle = try run(
            .registerVehicle(
                VehicleRegistered(
                    fleetNumber: fleetNumber, evn: "918061860014", vehicleClass: "Class 186", kind: .locomotive,
                    keeper: nil, depot: "Koeln", commissionedOn: nil, odometerKm: 1200)))
        let part = try run(
            .registerPart(
                PartRegistered(
                    partNumber: partNumber, name: "Brake pad set", kind: .consumable, unit: "pc", minimum: 0,
                    maximum: nil, reorderPoint: 2, leadTimeDays: 3, unitCost: unitCost)))
        _ = try run(.receiveStock(partID: part, location: "main", quantity: stock, note: nil))
        let workOrder = try run(
            .openWorkOrder(
                vehicleID: vehicle, title: "Brakes drag", type: .corrective, priority: .high, examLevel: nil,
                defectID: nil))
        for stage in [WorkOrderStage.approved, .planned, .inProgress] {
            _ = try run(.advanceWorkOrder(workOrderID: workOrder, to: stage, plannedDay: nil))
        }
        _ = try run(.assignWorkOrder(workOrderID: workOrder, workshopID: workshop, technician: technician))
        return IDs(vehicle: vehicle, part: part, workshop: workshop, workOrder: workOrder)
    }
}

public struct FixtureError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
