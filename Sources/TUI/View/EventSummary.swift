import Domain

/// What an event says, in a few words, for the lists that show history: the audit timeline,
/// a vehicle's, a work order's and a part's latest events.
enum EventSummary {
    static func of(_ event: DomainEvent) -> String {
        switch event {
        case .userAdded(let e): "\(e.name) as \(e.role.rawValue)"
        case .userRoleChanged(let e): "now \(e.role.rawValue)"
        case .workshopRegistered(let e): "\(e.name), \(e.depot)"
        case .examLevelDefined(let e): "\(e.vehicleClass) \(e.level): \(e.intervalKm) km / \(e.intervalDays) days"
        case .vehicleRegistered(let e): "\(e.fleetNumber) \(e.vehicleClass)"
        case .vehicleDetailsChanged(let e):
            [e.depot.map { "depot \($0)" }, e.keeper.map { "keeper \($0)" }].compactMap { $0 }.joined(separator: ", ")
        case .odometerRecorded(let e): "\(e.km) km"
        case .vehicleStatusChanged(let e): "→ \(e.status.rawValue)\(e.reason.map { " (\($0))" } ?? "")"
        case .vehicleTagged(let e): "+ \(e.tag)"
        case .vehicleUntagged(let e): "− \(e.tag)"
        case .examRecorded(let e): "\(e.level) exam at \(e.km) km"
        case .defectReported(let e): "[\(e.severity.rawValue)] \(e.description)"
        case .defectClosed(let e): e.resolution
        case .workOrderOpened(let e): "\(e.number) \(e.title)"
        case .workOrderAdvanced(let e): "→ \(e.stage.rawValue)\(e.plannedDay.map { " for \(UTC.formatDay($0))" } ?? "")"
        case .workOrderHoldChanged(let e): (e.onHold ? "on hold" : "resumed") + (e.reason.map { ": \($0)" } ?? "")
        case .workOrderCancelled(let e): "cancelled" + (e.reason.map { ": \($0)" } ?? "")
        case .workOrderAssigned(let e):
            [e.workshopID.map { "workshop \($0)" }, e.technician].compactMap { $0 }.joined(separator: ", ")
        case .technicianUnassigned(let e): "− \(e.technician)"
        case .hoursBooked(let e): "\(Double(e.minutes) / 60) h by \(e.technician)"
        case .partBooked(let e): "\(e.quantity) from \(e.location)"
        case .failureCodeRecorded(let e): "\(e.code.system)/\(e.code.mode)/\(e.code.cause)/\(e.code.remedy)"
        case .taskAdded(let e): e.text
        case .stockMoved(let m):
            "\(m.reason.rawValue) "
                + m.legs.map { "\($0.delta > 0 ? "+" : "")\($0.delta) \($0.location)" }.joined(separator: ", ")
                + (m.note.map { " · \($0)" } ?? "")
        case .stockReserved(let r): "\(r.quantity) reserved at \(r.location)"
        case .reservationReleased(let r): "\(r.reservations.count) reservation(s) released"
        case .partRegistered(let e): "\(e.partNumber) \(e.name)"
        case .deviceEnrolled(let e): e.name
        case .conflictResolved, .defectLinked: ""
        }
    }
}
