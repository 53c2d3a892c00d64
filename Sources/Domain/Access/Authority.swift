/// What the authority rule reads: the devices and users as some set of membership events
/// (enrolments, retirements, users, roles) leaves them.
public protocol MembershipView {
    /// The device that founded the fleet (its key gives the fleet id).
    var foundingDevice: DeviceID? { get }
    func device(_ id: String) -> Aggregate<DeviceState>?
    func user(_ name: String) -> Aggregate<UserState>?
    func userNames(withRole role: Role) -> [String]
}

/// Whether an event counts: its device enrolled and not cut off, its user existing with the
/// role it claims, and that role allowed to write it, all judged in what the author's device
/// had seen when it wrote the event. The same function judges a terminal's own commands
/// before they are appended and every event a replica receives, so an event its author
/// could write is accepted everywhere, and the verdict depends on events alone.
public enum Authority {
    /// - Returns: why `event` does not count in `view`, or nil when it does.
    public static func refusal(of event: RecordedEvent, in view: some MembershipView) -> String? {
        let device = event.id.device
        // Cheapest test first: this runs for every event appended or received, and asking
        // for the admins is a query.
        if foundsOrRestores(event), view.foundingDevice == device, view.userNames(withRole: .admin).isEmpty {
            return nil
        }
        guard let enrolled = view.device(device.rawValue), enrolled.body.isEnrolled else {
            return "device \(device) was not enrolled in what it had seen of the fleet"
        }
        if let cut = enrolled.body.retirement, Int64(clamping: event.id.counter) > cut.lastCounter {
            return "device \(device) was retired after its event \(cut.lastCounter) (\(cut.reason))"
        }
        guard let role = view.user(event.user)?.body.role.value else {
            return "user '\(event.user)' does not exist in what device \(device) had seen"
        }
        guard role == event.role else {
            return "'\(event.user)' was \(role.rawValue), not \(event.role.rawValue), in what device \(device) had seen"
        }
        let kinds = RoleMatrix.kinds(writing: event.event)
        guard kinds.contains(where: { RoleMatrix.allows(role, $0) }) else {
            return "a \(role.rawValue) may not \(kinds.first?.phrase ?? "write \(event.event.eventType)")"
        }
        return nil
    }

    /// The founding device may enrol itself and make a user admin while the fleet has no
    /// admin: when it founds the fleet, and to restore one to a fleet left without.
    private static func foundsOrRestores(_ event: RecordedEvent) -> Bool {
        switch event.event {
        case .deviceEnrolled: event.aggregate.id == event.id.device.rawValue
        case .userAdded(let added): added.role == .admin
        case .userRoleChanged(let changed): changed.role == .admin
        default: false
        }
    }
}

extension RoleMatrix {
    /// The commands that can write an event: a role may write it when it may issue one of them.
    public static func kinds(writing event: DomainEvent) -> [CommandKind] {
        switch event {
        case .deviceEnrolled: [.enrolDevice]
        case .deviceRetired: [.retireDevice]
        case .userAdded: [.addUser]
        case .userRoleChanged: [.changeUserRole]
        case .workshopRegistered: [.registerWorkshop]
        case .examLevelDefined: [.defineExamLevel]
        case .modelPromoted: [.promoteModel]
        case .conflictResolved: [.resolveConflict]
        case .vehicleRegistered: [.registerVehicle]
        case .vehicleDetailsChanged: [.changeVehicleDetails]
        case .odometerRecorded: [.recordOdometer]
        case .odometerCorrected: [.correctOdometer]
        case .vehicleStatusChanged: [.changeVehicleStatus]
        case .vehicleTagged, .vehicleUntagged: [.tagVehicle]
        case .examRecorded: [.releaseWorkOrder]
        case .defectReported: [.reportDefect]
        case .defectLinked: [.openWorkOrder]
        case .defectClosed: [.closeDefect, .releaseWorkOrder]
        case .workOrderOpened: [.openWorkOrder]
        case .workOrderAdvanced(let advanced):
            [Command.advanceWorkOrder(workOrderID: "", to: advanced.stage, plannedDay: nil).kind]
        case .workOrderHoldChanged: [.holdWorkOrder]
        case .workOrderCancelled: [.cancelWorkOrder]
        case .workOrderAssigned, .technicianUnassigned: [.assignWorkOrder]
        case .hoursBooked: [.bookHours]
        case .partBooked: [.bookPart]
        case .failureCodeRecorded: [.recordFailureCode]
        case .taskAdded: [.addTask]
        case .partRegistered: [.registerPart]
        case .stockMoved, .stockReserved: [.moveStock, .bookPart]
        case .reservationReleased: [.moveStock, .bookPart, .cancelWorkOrder, .closeWorkOrder]
        }
    }
}
