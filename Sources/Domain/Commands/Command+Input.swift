/// The rules a command's own values must keep, whatever the state: empty or overlong text,
/// quantities, hours, intervals, reasons. They are checked here once; the handler runs them
/// before it looks at any state, and the terminal's forms run them before anything is sent,
/// so every front end refuses the same input with the same words.
extension Command {
    public func validateInput() throws(DomainError) {
        switch self {
        case .enrolDevice(let name, _): try Text.require(name, "device name")
        case .addUser(let name, _): try Text.requireName(name, "user name")
        case .changeUserRole: break
        case .registerWorkshop(let w):
            try Text.require(w.name, "workshop name")
            try Text.require(w.depot, "depot")
            guard w.roads > 0 else { throw .invalid("a workshop needs at least one road, got \(w.roads)") }
        case .defineExamLevel(let l):
            try Text.require(l.vehicleClass, "vehicle class")
            try Text.require(l.level, "exam level")
            guard l.intervalKm > 0, l.intervalDays > 0 else { throw .invalid("exam intervals must be positive") }
            guard (0...50).contains(l.tolerancePercent) else { throw .invalid("tolerance must be 0–50 %") }
        case .registerVehicle(let r):
            try Text.require(r.fleetNumber, "fleet number")
            try Text.require(r.vehicleClass, "vehicle class")
            guard r.odometerKm >= 0 else { throw .invalid("odometer must not be negative, got \(r.odometerKm) km") }
        case .changeVehicleDetails(_, let depot, let keeper):
            guard depot != nil || keeper != nil else { throw .invalid("nothing to change: give a depot or a keeper") }
        case .recordOdometer, .advanceWorkOrder, .assignWorkOrder, .unassignTechnician, .resolveConflict: break
        case .changeVehicleStatus(_, let status, let reason):
            if status.needsReason, reason?.isEmpty ?? true {
                throw .invalid("a reason is required to set \(status.rawValue)")
            }
        case .tagVehicle(_, let tag, _): try Text.requireName(tag, "tag")
        case .reportDefect(_, let description, _, _): try Text.require(description, "defect description")
        case .closeDefect(_, let resolution): try Text.require(resolution, "resolution")
        case .openWorkOrder(_, let title, let type, _, let examLevel, _):
            try Text.require(title, "title")
            if type == .preventive, examLevel == nil { throw .invalid("a preventive work order needs an exam level") }
        case .holdWorkOrder(_, let hold, let reason):
            if hold { try Text.require(reason ?? "", "the reason for a hold (what the work waits for)") }
        case .cancelWorkOrder(_, let reason): try Text.require(reason ?? "", "the reason for cancelling")
        case .bookHours(_, let minutes, _): try BookedTime.check(minutes: minutes)
        case .bookPart(_, _, let quantity, _), .reserveStock(_, _, let quantity, _): try requirePositive(quantity)
        case .recordFailureCode(_, let code): try code.validate()
        case .addTask(_, let text): try Text.require(text, "task")
        case .registerPart(let p):
            try Text.require(p.partNumber, "part number")
            try Text.require(p.name, "part name")
            guard p.minimum >= 0, p.reorderPoint >= 0, p.leadTimeDays >= 0, p.unitCost.minorUnits >= 0 else {
                throw .invalid("minimum, reorder point, lead time and cost must not be negative")
            }
            if let max = p.maximum, max < p.minimum { throw .invalid("maximum \(max) is below minimum \(p.minimum)") }
        case .receiveStock(_, let location, let quantity, _):
            try requirePositive(quantity)
            try Text.require(location, "location")
        case .issueStock(_, _, let quantity, _, _): try requirePositive(quantity)
        case .transferStock(_, let from, let to, let quantity):
            try requirePositive(quantity)
            try Text.require(to, "destination")
            guard from != to else { throw .invalid("a transfer needs two different locations") }
        case .adjustStock(_, _, let delta, let reason):
            guard delta != 0 else { throw .invalid("an adjustment of 0 changes nothing") }
            try Text.require(reason, "adjustment reason")
        }
    }

    private func requirePositive(_ quantity: Int) throws(DomainError) {
        guard quantity > 0 else { throw .invalid("quantity must be positive, got \(quantity)") }
    }
}

extension VehicleStatus {
    /// Statuses that restrict the vehicle need a reason a dispatcher can read later.
    public var needsReason: Bool { self == .withdrawn || self == .outOfService || self == .restricted }
}
