/// What an event says, in a few words a person reads: the audit timeline, a vehicle's, a
/// work order's and a part's history on screen, and `wo show` on the command line. Entities
/// are named as people call them (fleet, work-order and part numbers, workshop names); ids
/// stay in the JSON.
public enum EventSummary {
    /// - Parameters:
    ///   - event: the event.
    ///   - name: an entity's everyday name, if known; the id is shown otherwise.
    /// - Returns: a few words saying what happened.
    public static func of(_ event: DomainEvent, naming name: (AggregateRef) -> String? = { _ in nil }) -> String {
        func called(_ kind: AggregateKind, _ id: String) -> String { name(AggregateRef(kind, id)) ?? id }
        switch event {
        case .userAdded(let e): return "\(e.name) as \(e.role.rawValue)"
        case .userRoleChanged(let e): return "now \(e.role.rawValue)"
        case .workshopRegistered(let e): return "\(e.name), \(e.depot)"
        case .examLevelDefined(let e):
            return "\(e.vehicleClass) \(e.level): \(e.intervalKm) km / \(e.intervalDays) days"
        case .modelPromoted(let e): return "\(e.model) \(e.version) (\(e.algorithm)) into production"
        case .vehicleRegistered(let e): return "\(e.fleetNumber) \(e.vehicleClass)"
        case .vehicleDetailsChanged(let e):
            return [e.depot.map { "depot \($0)" }, e.keeper.map { "keeper \($0)" }].compactMap { $0 }
                .joined(separator: ", ")
        case .odometerRecorded(let e): return "\(e.km) km"
        case .odometerCorrected(let e):
            return "corrected to \(e.km) km (\(e.withdrawn.count) reading(s) withdrawn): \(e.reason)"
        case .vehicleStatusChanged(let e): return "→ \(e.status.rawValue)\(e.reason.map { " (\($0))" } ?? "")"
        case .vehicleTagged(let e): return "+ \(e.tag)"
        case .vehicleUntagged(let e): return "− \(e.tag)"
        case .examRecorded(let e): return "\(e.level) exam at \(e.km) km"
        case .defectReported(let e): return "[\(e.severity.rawValue)] \(e.description)"
        case .defectLinked(let e): return "taken up by \(called(.workOrder, e.workOrderID))"
        case .defectClosed(let e): return "closed: \(e.resolution)"
        case .workOrderOpened(let e): return "\(e.number) \(e.title)"
        case .workOrderAdvanced(let e):
            return "→ \(e.stage.rawValue)\(e.plannedDay.map { " for \(Day($0))" } ?? "")"
        case .workOrderHoldChanged(let e):
            return (e.onHold ? "on hold" : "resumed") + (e.reason.map { ": \($0)" } ?? "")
        case .workOrderCancelled(let e): return "cancelled" + (e.reason.map { ": \($0)" } ?? "")
        case .workOrderAssigned(let e):
            let whom = [e.workshopID.map { called(.workshop, $0) }, e.technician].compactMap { $0 }
            return "assigned to \(whom.joined(separator: " and "))"
        case .technicianUnassigned(let e): return "− \(e.technician)"
        case .hoursBooked(let e): return "\(BookedTime.text(minutes: e.minutes)) h by \(e.technician)"
        case .partBooked(let e): return "\(e.quantity) × \(called(.part, e.partID)) from \(e.location)"
        case .failureCodeRecorded(let e): return "failure code \(e.code)"
        case .taskAdded(let e): return e.text
        case .stockMoved(let m):
            return "\(m.reason.rawValue) "
                + m.legs.map { "\($0.delta > 0 ? "+" : "")\($0.delta) \($0.location)" }.joined(separator: ", ")
                + (m.workOrderID.map { " for \(called(.workOrder, $0))" } ?? "") + (m.note.map { " · \($0)" } ?? "")
        case .stockReserved(let r): return "\(r.quantity) reserved at \(r.location)"
        case .reservationReleased(let r): return "\(r.reservations.count) reservation(s) released"
        case .partRegistered(let e): return "\(e.partNumber) \(e.name)"
        case .deviceEnrolled(let e): return e.name
        case .deviceRetired(let e): return "retired after event \(e.lastCounter): \(e.reason)"
        case .conflictResolved(let e):
            return "\(e.notice) resolved: \(e.resolution)" + (e.note.map { " · \($0)" } ?? "")
        }
    }
}
