/// The rules a command's own values must keep, whatever the state: every text field (not
/// empty where it is needed, not too long, printable), every quantity, distance and amount
/// within `Limits`, reasons where they are owed. They are checked here once; the handler
/// runs them before it looks at any state, and the terminal's forms run them before
/// anything is sent, so every front end refuses the same input with the same words.
extension Command {
    public func validateInput() throws(DomainError) {
        switch self {
        case .enrolDevice(let device, let name, let key):
            try DeviceID.validate(device.rawValue)
            try Text.requireIdentifier(name, "device name")
            guard key.count == 64, key.allSatisfy(\.isHexDigit), key == key.lowercased() else {
                throw .invalid("public key must be 64 lowercase hex digits (an Ed25519 key)")
            }
        case .retireDevice(let device, let lastCounter, let reason):
            try DeviceID.validate(device.rawValue)
            try Limits.require(lastCounter, in: 0...Limits.counter, "last counter")
            try Text.require(reason, "reason")
        case .addUser(let name, _): try Text.requireName(name, "user name")
        case .changeUserRole(let name, _), .restoreAdmin(let name): try Text.requirePrintable(name, "user name")
        case .registerWorkshop(let w):
            try Text.requireIdentifier(w.name, "workshop name")
            try Text.require(w.depot, "depot")
            try Limits.require(w.roads, in: 1...Limits.roads, "roads")
            for skill in w.skills { try Text.requireName(skill, "skill") }
        case .defineExamLevel(let l):
            try Text.require(l.vehicleClass, "vehicle class")
            try Text.requireName(l.level, "exam level")
            try Limits.require(l.intervalKm, in: 1...Limits.intervalKm, "exam interval km")
            try Limits.require(l.intervalDays, in: 1...Limits.intervalDays, "exam interval days")
            try Limits.require(l.tolerancePercent, in: 0...50, "tolerance %")
            for level in l.includes { try Text.requireName(level, "included exam level") }
        case .promoteModel(let p):
            guard ModelPromoted.models.contains(p.model) else {
                throw .invalid(
                    "model must be one of \(ModelPromoted.models.joined(separator: ", ")), got '\(Text.escaped(p.model))'"
                )
            }
            guard p.digest.count == 64, p.digest.allSatisfy(\.isHexDigit), p.digest == p.digest.lowercased(),
                p.version == String(p.digest.prefix(12))
            else { throw .invalid("a model's digest must be 64 lowercase hex digits and its version their first 12") }
            try Text.requireName(p.algorithm, "algorithm")
            guard p.parameters.count <= 64, p.metrics.count <= 256 else {
                throw .invalid("a model record holds at most 64 parameters and 256 metrics")
            }
            for (name, value) in p.parameters {
                try Text.requireName(name, "parameter name")
                try Text.requirePrintable(value, "parameter value")
            }
            for (name, value) in p.metrics {
                try Text.requireName(name, "metric name")
                guard value.isFinite else { throw .invalid("metric \(name) is not a finite number") }
            }
            try Limits.require(p.seed, in: 0...Int(Limits.counter), "seed")
            try Text.allow(p.note, "note", limit: Text.maximumNoteLength)
        case .registerVehicle(let r):
            try Text.requireIdentifier(r.fleetNumber, "fleet number")
            try Text.require(r.vehicleClass, "vehicle class")
            try Text.requirePrintable(r.evn, "EVN")
            try Text.allow(r.keeper, "keeper")
            try Text.allow(r.depot, "depot")
            try Limits.require(r.odometerKm, in: 0...Limits.odometerKm, "odometer km")
        case .changeVehicleDetails(_, let depot, let keeper):
            guard depot != nil || keeper != nil else { throw .invalid("nothing to change: give a depot or a keeper") }
            try Text.allow(depot, "depot")
            try Text.allow(keeper, "keeper")
        case .recordOdometer(_, let km, let source, let forcedBecause):
            try Limits.require(km, in: 0...Limits.odometerKm, "odometer km")
            try Text.require(source, "odometer source")
            if let forcedBecause {
                try Text.require(forcedBecause, "reason for the jump", limit: Text.maximumNoteLength)
            }
        case .correctOdometer(_, let km, let reason):
            try Limits.require(km, in: 0...Limits.odometerKm, "odometer km")
            try Text.require(reason, "reason for the correction", limit: Text.maximumNoteLength)
        case .changeVehicleStatus(_, let status, let reason):
            if status.needsReason, reason?.isEmpty ?? true {
                throw .invalid("a reason is required to set \(status.rawValue)")
            }
            try Text.allow(reason, "reason", limit: Text.maximumNoteLength)
        case .tagVehicle(_, let tag, _): try Text.requireName(tag, "tag")
        case .reportDefect(_, let description, _, let system):
            try Text.require(description, "defect description", limit: Text.maximumNoteLength)
            try Text.allow(system, "system")
        case .closeDefect(_, let resolution): try Text.require(resolution, "resolution", limit: Text.maximumNoteLength)
        case .openWorkOrder(_, let title, let type, _, let examLevel, let defectID):
            try Text.require(title, "title")
            try Text.allow(examLevel, "exam level")
            try Text.allow(defectID, "defect")
            if type == .preventive, examLevel == nil { throw .invalid("a preventive work order needs an exam level") }
            if type != .preventive, let examLevel {
                throw .invalid("exam level \(examLevel) belongs on preventive work, not on a \(type.rawValue) order")
            }
        case .advanceWorkOrder: break
        case .holdWorkOrder(_, let hold, let reason):
            if hold {
                try Text.require(
                    reason ?? "", "the reason for a hold (what the work waits for)", limit: Text.maximumNoteLength)
            }
            try Text.allow(reason, "reason", limit: Text.maximumNoteLength)
        case .cancelWorkOrder(_, let reason):
            try Text.require(reason ?? "", "the reason for cancelling", limit: Text.maximumNoteLength)
        case .assignWorkOrder(_, let workshopID, let technician):
            try Text.allow(workshopID, "workshop")
            try Text.allow(technician, "technician")
        case .unassignTechnician(_, let technician): try Text.requirePrintable(technician, "technician")
        case .bookHours(_, let minutes, let technician):
            try BookedTime.check(minutes: minutes)
            try Text.require(technician, "technician")
        case .bookPart(_, _, let quantity, let location), .reserveStock(_, let location, let quantity, _):
            try requireQuantity(quantity)
            try Text.require(location, "location")
        case .recordFailureCode(_, let code): try code.validate()
        case .addTask(_, let text): try Text.require(text, "task", limit: Text.maximumNoteLength)
        case .registerPart(let p):
            try Text.requireIdentifier(p.partNumber, "part number")
            try Text.require(p.name, "part name")
            try Text.requireName(p.unit, "unit")
            try Limits.require(p.minimum, in: 0...Limits.stockLevel, "minimum")
            try Limits.require(p.reorderPoint, in: 0...Limits.stockLevel, "reorder point")
            try Limits.require(p.leadTimeDays, in: 0...Limits.leadTimeDays, "lead time days")
            try Limits.require(p.unitCost.minorUnits, in: 0...Limits.unitCostMinor, "unit cost (minor units)")
            try p.unitCost.validateCurrency()
            if let max = p.maximum {
                try Limits.require(max, in: 0...Limits.stockLevel, "maximum")
                if max < p.minimum { throw .invalid("maximum \(max) is below minimum \(p.minimum)") }
            }
        case .receiveStock(_, let location, let quantity, let note):
            try requireQuantity(quantity)
            try Text.require(location, "location")
            try Text.allow(note, "note", limit: Text.maximumNoteLength)
        case .issueStock(_, let location, let quantity, let workOrderID, let note):
            try requireQuantity(quantity)
            try Text.require(location, "location")
            try Text.allow(workOrderID, "work order")
            try Text.allow(note, "note", limit: Text.maximumNoteLength)
        case .transferStock(_, let from, let to, let quantity):
            try requireQuantity(quantity)
            try Text.require(from, "source location")
            try Text.require(to, "destination")
            guard from != to else { throw .invalid("a transfer needs two different locations") }
        case .adjustStock(_, let location, let delta, let reason):
            guard delta != 0 else { throw .invalid("an adjustment of 0 changes nothing") }
            try Limits.require(delta, in: -Limits.quantity...Limits.quantity, "adjustment")
            try Text.require(location, "location")
            try Text.require(reason, "adjustment reason", limit: Text.maximumNoteLength)
        case .resolveConflict(_, let notice, let resolution, let note):
            try Text.require(notice, "notice")
            try Text.require(resolution, "resolution")
            try Text.allow(note, "note", limit: Text.maximumNoteLength)
        }
    }

    private func requireQuantity(_ quantity: Int) throws(DomainError) {
        guard quantity > 0 else { throw .invalid("quantity must be positive, got \(quantity)") }
        try Limits.require(quantity, in: 1...Limits.quantity, "quantity")
    }
}

extension VehicleStatus {
    /// Statuses that restrict the vehicle need a reason a dispatcher can read later.
    public var needsReason: Bool { self == .withdrawn || self == .outOfService || self == .restricted }
}

extension Money {
    /// Refuses a currency that is not an ISO 4217 code: three capital letters.
    public func validateCurrency() throws(DomainError) {
        guard currency.count == 3, currency.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
            throw .invalid("currency '\(currency)' must be an ISO 4217 code such as EUR")
        }
    }
}
