import Foundation

/// Decides which events a command becomes, or why it is refused. Pure: no I/O, no clock.
public enum CommandHandler {
    /// - Returns: the events to append, in order; never empty.
    /// - Throws: `DomainError` naming the first reason for refusal.
    public static func decide(_ command: Command, by actor: Actor, in context: some DecisionContext) throws(DomainError)
        -> [PendingEvent]
    {
        guard RoleMatrix.allows(actor.role, command.kind) else { throw .forbidden(actor.role, command.kind) }
        try command.validateInput()
        switch command {
        case .enrolDevice(let device, let name, let key):
            if let held = context.device(device.rawValue)?.body.enrolment.value {
                throw DomainError(
                    .duplicate,
                    held.publicKey == key
                        ? "device \(device) (\(held.name)) is already enrolled"
                        : "device \(device) is enrolled already with another key; a terminal with a new key joins with a new id"
                )
            }
            return [
                PendingEvent(
                    AggregateRef(.device, device.rawValue), .deviceEnrolled(DeviceEnrolled(name: name, publicKey: key)))
            ]

        case .retireDevice(let device, let lastCounter, let reason):
            guard let held = context.device(device.rawValue), held.body.isEnrolled else {
                throw .notFound("enrolled device", device.rawValue)
            }
            if device == actor.device {
                throw .illegal("a terminal cannot retire itself; retire it from another member terminal")
            }
            if let retired = held.body.retirement {
                throw .illegal("device \(device) is already retired after its event \(retired.lastCounter)")
            }
            var hash: String?
            if lastCounter > 0 {
                hash = context.eventHash(EventID(device: device, counter: UInt64(lastCounter)))
                guard hash != nil else {
                    throw .invalid(
                        "this replica does not hold event \(lastCounter) of device \(device): the cut must be an event it holds (sync first, or give a lower --last)"
                    )
                }
            }
            return [
                PendingEvent(
                    held.ref, .deviceRetired(DeviceRetired(lastCounter: lastCounter, lastHash: hash, reason: reason)))
            ]

        case .addUser(let name, let role):
            if context.user(name) != nil { throw DomainError(.duplicate, "user '\(name)' already exists") }
            return [PendingEvent(AggregateRef(.user, name), .userAdded(UserAdded(name: name, role: role)))]

        case .changeUserRole(let name, let role):
            guard let user = context.user(name) else { throw .notFound("user", name) }
            let otherAdmins = context.userNames(withRole: .admin).filter { $0 != name }
            if user.body.role.value == .admin, role != .admin, otherAdmins.isEmpty {
                throw .illegal(
                    "\(name) is the fleet's last admin; make another user admin first (without one, nobody can add users or change roles)"
                )
            }
            return [
                PendingEvent(
                    user.ref, .userRoleChanged(UserRoleChanged(role: role, supersedes: user.body.role.currentTags)))
            ]

        case .restoreAdmin(let name):
            let admins = context.userNames(withRole: .admin)
            guard admins.isEmpty else {
                throw .illegal("the fleet has an admin (\(admins.sorted().joined(separator: ", "))): ask them instead")
            }
            guard let founder = context.foundingDevice, actor.device == founder else {
                throw DomainError(
                    .forbidden, "only the fleet's founding device may restore an admin; run this on that terminal")
            }
            guard let user = context.user(name) else { throw .notFound("user", name) }
            return [
                PendingEvent(
                    user.ref, .userRoleChanged(UserRoleChanged(role: .admin, supersedes: user.body.role.currentTags)))
            ]

        case .registerWorkshop(let w):
            if let other = context.workshopID(forName: w.name) {
                throw DomainError(.duplicate, "workshop '\(w.name)' is already registered (\(other))")
            }
            return [PendingEvent(AggregateRef(.workshop, context.makeID(for: .workshop)), .workshopRegistered(w))]

        case .defineExamLevel(let l):
            return [PendingEvent(AggregateRef(.examPlan, l.vehicleClass), .examLevelDefined(l))]

        case .promoteModel(let p):
            return [PendingEvent(AggregateRef(.model, p.model), .modelPromoted(p))]

        case .registerVehicle(var r):
            r.evn = try EVN(r.evn).digits
            if context.vehicleID(forFleetNumber: r.fleetNumber) != nil {
                throw DomainError(.duplicate, "fleet number '\(r.fleetNumber)' is already registered")
            }
            if context.vehicle(r.fleetNumber) != nil {
                throw DomainError(.duplicate, "fleet number '\(r.fleetNumber)' is another vehicle's id")
            }
            if let other = context.vehicleID(forEVN: r.evn) {
                throw DomainError(.duplicate, "EVN \(try EVN(r.evn)) is already registered (\(other))")
            }
            if let day = r.commissionedOn {
                let today = UTC.day(ofMs: context.nowMs)
                guard let earliest = UTC.parseDay("1900-01-01"), (earliest...today).contains(day) else {
                    throw .invalid("commissioning date \(Day(day)) must be from 1900-01-01 to today")
                }
            }
            return [PendingEvent(AggregateRef(.vehicle, context.makeID(for: .vehicle)), .vehicleRegistered(r))]

        case .changeVehicleDetails(let id, let depot, let keeper):
            let v = try vehicle(id, context)
            return [PendingEvent(v.ref, .vehicleDetailsChanged(VehicleDetailsChanged(depot: depot, keeper: keeper)))]

        case .recordOdometer(let id, let km, let source, let forcedBecause):
            let v = try vehicle(id, context)
            let name = v.body.fleetNumber.value ?? id
            guard v.body.currentStatus != .withdrawn else {
                throw .illegal("vehicle \(name) is withdrawn; it runs no more km")
            }
            guard km >= v.body.odometerKm else {
                throw .invalid(
                    "odometer reading \(km) km is below the recorded \(v.body.odometerKm) km; if that one was wrong, correct it"
                )
            }
            // The last reading's time, or the registration's, bounds how far the vehicle ran.
            let sinceMs =
                v.body.lastReading.value?.atMs ?? v.body.baseline.value.map { Int64($0.day) * 86_400_000 }
                ?? context.nowMs
            let days = max(1, Double(context.nowMs - sinceMs) / 86_400_000)
            let plausible = Int(days * Double(Limits.plausibleKmPerDay))
            if km - v.body.odometerKm > plausible, forcedBecause == nil {
                throw .invalid(
                    "odometer reading \(km) km is \(km - v.body.odometerKm) km above the last (\(v.body.odometerKm) km) within \(Int(days.rounded(.up))) day(s), more than \(Limits.plausibleKmPerDay) km a day; check it, or record it with a reason for the jump (--force --reason)"
                )
            }
            let note = forcedBecause.map { "\(source) (forced: \($0))" } ?? source
            return [PendingEvent(v.ref, .odometerRecorded(OdometerRecorded(km: km, source: note)))]

        case .correctOdometer(let id, let km, let reason):
            let v = try vehicle(id, context)
            let wrong = v.body.readings(above: km)
            guard !wrong.isEmpty else {
                throw .invalid(
                    "no reading of \(v.body.fleetNumber.value ?? id) is above \(km) km; nothing to correct (record it as a reading)"
                )
            }
            return [
                PendingEvent(v.ref, .odometerCorrected(OdometerCorrected(km: km, withdrawn: wrong, reason: reason)))
            ]

        case .changeVehicleStatus(let id, let status, let reason):
            let v = try vehicle(id, context)
            let current = v.body.currentStatus
            guard current.legalNext.contains(status) else {
                let legal = current.legalNext.map(\.rawValue).joined(separator: ", ")
                throw .illegal(
                    "vehicle \(v.body.fleetNumber.value ?? id) is \(current.rawValue); it can go to: \(legal.isEmpty ? "nothing (withdrawn)" : legal)"
                )
            }
            return [
                PendingEvent(
                    v.ref,
                    .vehicleStatusChanged(
                        VehicleStatusChanged(status: status, reason: reason, supersedes: v.body.status.currentTags)))
            ]

        case .tagVehicle(let id, let tag, let remove):
            let v = try vehicle(id, context)
            if remove {
                let tags = v.body.tags.tags(of: tag)
                guard !tags.isEmpty else { throw .invalid("vehicle has no tag '\(tag)'") }
                return [PendingEvent(v.ref, .vehicleUntagged(VehicleUntagged(tag: tag, observed: tags)))]
            }
            return [PendingEvent(v.ref, .vehicleTagged(VehicleTagged(tag: tag)))]

        case .reportDefect(let vehicleID, let description, let severity, let system):
            let v = try vehicle(vehicleID, context)
            let reported = DefectReported(vehicleID: v.id, description: description, severity: severity, system: system)
            return [PendingEvent(AggregateRef(.defect, context.makeID(for: .defect)), .defectReported(reported))]

        case .closeDefect(let defectID, let resolution):
            let d = try openDefect(defectID, context)
            return [PendingEvent(d.ref, .defectClosed(DefectClosed(resolution: resolution, workOrderID: nil)))]

        case .openWorkOrder(let vehicleID, let title, let type, let priority, let examLevel, let defectID):
            let v = try vehicle(vehicleID, context)
            guard v.body.currentStatus != .withdrawn else { throw .illegal("vehicle is withdrawn; no new work orders") }
            if let examLevel, let plan = v.body.vehicleClass.value.flatMap(context.examPlan) {
                let levels = plan.definedLevels.map(\.level)
                guard levels.contains(examLevel) else {
                    throw .invalid(
                        "\(v.body.vehicleClass.value ?? "the class") has no exam level \(examLevel); its plan has \(levels.joined(separator: ", "))"
                    )
                }
            }
            var defect: Aggregate<DefectState>?
            if let defectID { defect = try openDefect(defectID, context) }
            if let defect, defect.body.report.value?.vehicleID != v.id {
                throw .invalid("defect \(defect.id) is on another vehicle")
            }
            let opened = WorkOrderOpened(
                number: context.makeWorkOrderNumber(), vehicleID: v.id, title: title, type: type, priority: priority,
                examLevel: examLevel, defect: defect?.body.report.value?.description, defectID: defect?.id)
            let ref = AggregateRef(.workOrder, context.makeID(for: .workOrder))
            var events = [PendingEvent(ref, .workOrderOpened(opened))]
            if let defect { events.append(PendingEvent(defect.ref, .defectLinked(DefectLinked(workOrderID: ref.id)))) }
            return events

        case .advanceWorkOrder(let id, let stage, let plannedDay):
            let wo = try openWorkOrder(id, context)
            if let plannedDay {
                // Planning is for the coming weeks; a year back or ten ahead is a typo.
                let today = UTC.day(ofMs: context.nowMs)
                guard (today - 366...today + 3650).contains(plannedDay) else {
                    throw .invalid(
                        "planned date \(Day(plannedDay)) must be from \(Day(today - 366)) to \(Day(today + 3650))")
                }
            }
            let current = wo.body.currentStage
            guard stage.allowedPredecessors.contains(current) else {
                throw .illegal(
                    "work order \(number(wo)) is \(wo.body.status.rawValue); it cannot go to \(stage.rawValue)")
            }
            if wo.body.status == .onHold { throw .illegal("work order \(number(wo)) is on hold; resume it first") }
            var events = [
                PendingEvent(wo.ref, .workOrderAdvanced(WorkOrderAdvanced(stage: stage, plannedDay: plannedDay)))
            ]
            if stage == .releasedToService, let opened = wo.body.opened.value, let level = opened.examLevel,
                let v = context.vehicle(opened.vehicleID)
            {
                let exam = ExamRecorded(
                    level: level, km: v.body.odometerKm, day: UTC.day(ofMs: context.nowMs), workOrderID: wo.id)
                events.append(PendingEvent(v.ref, .examRecorded(exam)))
            }
            // A closed order holds no stock any more.
            if stage == .closed { events += releaseReservations(of: wo.id, context) }
            // Releasing repaired work closes the defect it was opened for.
            if stage == .releasedToService, let defectID = wo.body.opened.value?.defectID,
                let d = context.defect(defectID), !d.body.isClosed
            {
                events.append(
                    PendingEvent(
                        d.ref,
                        .defectClosed(DefectClosed(resolution: "repaired under \(number(wo))", workOrderID: wo.id))))
            }
            return events

        case .holdWorkOrder(let id, let hold, let reason):
            let wo = try openWorkOrder(id, context)
            guard wo.body.currentStage < .technicallyComplete else {
                throw .illegal("work order \(number(wo)) is already complete")
            }
            let held = wo.body.onHold.value == true
            if hold == held {
                throw .illegal("work order \(number(wo)) is \(held ? "already on hold" : "not on hold")")
            }
            return [PendingEvent(wo.ref, .workOrderHoldChanged(WorkOrderHoldChanged(onHold: hold, reason: reason)))]

        case .cancelWorkOrder(let id, let reason):
            let wo = try openWorkOrder(id, context)
            guard !wo.body.hasBookedWork else {
                throw .illegal("work order \(number(wo)) has hours or parts booked; it cannot be cancelled")
            }
            guard wo.body.currentStage < .technicallyComplete else {
                throw .illegal("work order \(number(wo)) is complete; it cannot be cancelled")
            }
            var events = [PendingEvent(wo.ref, .workOrderCancelled(WorkOrderCancelled(reason: reason)))]
            events += releaseReservations(of: wo.id, context)
            return events

        case .assignWorkOrder(let id, let workshopID, let technician):
            let wo = try openWorkOrder(id, context)
            guard workshopID != nil || technician != nil else {
                throw .invalid("nothing to assign: give a workshop or a technician")
            }
            if let workshopID, context.workshop(workshopID) == nil { throw .notFound("workshop", workshopID) }
            if let technician {
                guard let user = context.user(technician) else { throw .notFound("user", technician) }
                guard user.body.role.value == .technician else {
                    throw .invalid("user '\(technician)' is not a technician")
                }
                if wo.body.technicians.contains(technician) {
                    throw DomainError(.duplicate, "\(technician) is already assigned")
                }
            }
            return [
                PendingEvent(
                    wo.ref, .workOrderAssigned(WorkOrderAssigned(workshopID: workshopID, technician: technician)))
            ]

        case .unassignTechnician(let id, let technician):
            let wo = try openWorkOrder(id, context)
            let tags = wo.body.technicians.tags(of: technician)
            guard !tags.isEmpty else { throw .invalid("\(technician) is not assigned to \(number(wo))") }
            return [
                PendingEvent(
                    wo.ref, .technicianUnassigned(TechnicianUnassigned(technician: technician, observed: tags)))
            ]

        case .bookHours(let id, let minutes, let technician):
            let wo = try inProgress(id, context)
            guard let user = context.user(technician) else { throw .notFound("user", technician) }
            guard user.body.role.value == .technician else {
                throw .invalid("user '\(technician)' is not a technician; hours are booked for technicians")
            }
            if actor.role == .technician, technician != actor.user {
                throw DomainError(
                    .forbidden, "technicians book their own hours; a planner books for \(technician)")
            }
            return [
                PendingEvent(
                    wo.ref,
                    .hoursBooked(HoursBooked(minutes: minutes, technician: technician, rate: context.labourRate)))
            ]

        case .bookPart(let id, let partID, let quantity, let location):
            let wo = try inProgress(id, context)
            let part = try registeredPart(partID, context)
            // This work order's own reservations count as available to it.
            let ownReserved = part.body.reserved(for: wo.id, at: location)
            try requireAvailable(quantity, of: part, at: location, plus: ownReserved)
            let cost = part.body.master.value?.unitCost ?? Money(minorUnits: 0)
            var events = [
                PendingEvent(
                    wo.ref,
                    .partBooked(PartBooked(partID: part.id, quantity: quantity, location: location, unitCost: cost))),
                PendingEvent(
                    part.ref,
                    .stockMoved(
                        StockMoved(
                            reason: .issue, legs: [.init(location: location, delta: -quantity)], workOrderID: wo.id,
                            note: nil))),
            ]
            // What is booked comes out of the reservation; the rest stays reserved for the
            // order (released when it is cancelled or closed).
            let tags = part.body.reservationTags(for: wo.id, at: location)
            if !tags.isEmpty {
                events.append(PendingEvent(part.ref, .reservationReleased(ReservationReleased(reservations: tags))))
                if ownReserved > quantity {
                    events.append(
                        PendingEvent(
                            part.ref,
                            .stockReserved(
                                StockReserved(workOrderID: wo.id, location: location, quantity: ownReserved - quantity)
                            )))
                }
            }
            return events

        case .recordFailureCode(let id, let code):
            let wo = try openWorkOrder(id, context)
            return [PendingEvent(wo.ref, .failureCodeRecorded(FailureCodeRecorded(code: code)))]

        case .addTask(let id, let text):
            let wo = try openWorkOrder(id, context)
            return [PendingEvent(wo.ref, .taskAdded(TaskAdded(text: text)))]

        case .registerPart(let p):
            if let other = context.partID(forPartNumber: p.partNumber) {
                throw DomainError(
                    .duplicate, "part number '\(p.partNumber)' already exists (\(other); case does not count)")
            }
            if context.part(p.partNumber) != nil {
                throw DomainError(.duplicate, "part number '\(p.partNumber)' is another part's id")
            }
            return [PendingEvent(AggregateRef(.part, context.makeID(for: .part)), .partRegistered(p))]

        case .receiveStock(let partID, let location, let quantity, let note):
            let part = try registeredPart(partID, context)
            try requireRoom(quantity, of: part, at: location)
            return [
                PendingEvent(
                    part.ref,
                    .stockMoved(
                        StockMoved(
                            reason: .receipt, legs: [.init(location: location, delta: quantity)], workOrderID: nil,
                            note: note)))
            ]

        case .issueStock(let partID, let location, let quantity, let workOrderID, let note):
            let part = try registeredPart(partID, context)
            if let workOrderID { _ = try openWorkOrder(workOrderID, context) }
            try requireAvailable(quantity, of: part, at: location)
            return [
                PendingEvent(
                    part.ref,
                    .stockMoved(
                        StockMoved(
                            reason: .issue, legs: [.init(location: location, delta: -quantity)],
                            workOrderID: workOrderID, note: note)))
            ]

        case .transferStock(let partID, let from, let to, let quantity):
            let part = try registeredPart(partID, context)
            try requireAvailable(quantity, of: part, at: from)
            try requireRoom(quantity, of: part, at: to)
            let legs: [StockMoved.Leg] = [
                .init(location: from, delta: -quantity), .init(location: to, delta: quantity),
            ]
            return [
                PendingEvent(
                    part.ref, .stockMoved(StockMoved(reason: .transfer, legs: legs, workOrderID: nil, note: nil)))
            ]

        case .adjustStock(let partID, let location, let delta, let reason):
            let part = try registeredPart(partID, context)
            guard part.body.onHand(at: location) + delta >= 0 else {
                throw .invalid("adjustment would leave \(part.body.onHand(at: location) + delta) at \(location)")
            }
            if delta > 0 { try requireRoom(delta, of: part, at: location) }
            return [
                PendingEvent(
                    part.ref,
                    .stockMoved(
                        StockMoved(
                            reason: .adjustment, legs: [.init(location: location, delta: delta)], workOrderID: nil,
                            note: reason)))
            ]

        case .reserveStock(let partID, let location, let quantity, let workOrderID):
            let part = try registeredPart(partID, context)
            let wo = try openWorkOrder(workOrderID, context)
            try requireAvailable(quantity, of: part, at: location)
            return [
                PendingEvent(
                    part.ref, .stockReserved(StockReserved(workOrderID: wo.id, location: location, quantity: quantity)))
            ]

        case .resolveConflict(let ref, let notice, let resolution, let note):
            let notices: [ConflictNotice]
            switch ref.kind {
            case .vehicle: notices = try vehicle(ref.id, context).body.notices(ref)
            case .workOrder:
                guard let wo = context.workOrder(ref.id) else { throw .notFound("work order", ref.id) }
                notices = wo.body.notices(ref)
            case .part: notices = try registeredPart(ref.id, context).body.notices(ref)
            default: notices = []
            }
            guard let match = notices.first(where: { $0.key == notice }) else {
                throw .notFound("open conflict notice", notice)
            }
            guard match.resolutions.contains(resolution) else {
                throw .invalid("resolution must be one of: \(match.resolutions.joined(separator: ", "))")
            }
            return [
                PendingEvent(
                    ref, .conflictResolved(ConflictResolved(notice: notice, resolution: resolution, note: note)))
            ]
        }
    }

    // MARK: Look-ups that refuse

    static func vehicle(_ id: String, _ c: some DecisionContext) throws(DomainError) -> Aggregate<VehicleState> {
        guard let v = c.vehicle(id), v.body.isRegistered else { throw .notFound("vehicle", id) }
        return v
    }

    static func openWorkOrder(_ id: String, _ c: some DecisionContext) throws(DomainError) -> Aggregate<WorkOrderState>
    {
        guard let wo = c.workOrder(id), wo.body.isOpened else { throw .notFound("work order", id) }
        guard wo.body.status.isOpen else { throw .illegal("work order \(number(wo)) is \(wo.body.status.rawValue)") }
        return wo
    }

    static func openDefect(_ id: String, _ c: some DecisionContext) throws(DomainError) -> Aggregate<DefectState> {
        guard let d = c.defect(id), d.body.isReported else { throw .notFound("defect", id) }
        guard !d.body.isClosed else { throw .illegal("defect \(id) is already closed") }
        return d
    }

    static func inProgress(_ id: String, _ c: some DecisionContext) throws(DomainError) -> Aggregate<WorkOrderState> {
        let wo = try openWorkOrder(id, c)
        guard wo.body.status == .inProgress else {
            throw .illegal("work order \(number(wo)) is \(wo.body.status.rawValue); book only while in progress")
        }
        return wo
    }

    static func registeredPart(_ id: String, _ c: some DecisionContext) throws(DomainError) -> Aggregate<PartState> {
        guard let p = c.part(id), p.body.isRegistered else { throw .notFound("part", id) }
        return p
    }

    /// Releases what a work order still holds reserved, part by part, when it ends.
    static func releaseReservations(of workOrderID: String, _ c: some DecisionContext) -> [PendingEvent] {
        Set(c.partIDs(reservedFor: workOrderID)).sorted().compactMap { partID in
            guard let part = c.part(partID) else { return nil }
            let tags = part.body.reservationTags(for: workOrderID)
            return tags.isEmpty
                ? nil : PendingEvent(part.ref, .reservationReleased(ReservationReleased(reservations: tags)))
        }
    }

    static func number(_ wo: Aggregate<WorkOrderState>) -> String { wo.body.opened.value?.number ?? wo.id }

    /// Refuses to put more of a part at a location than `Limits.stockPerLocation`.
    static func requireRoom(_ quantity: Int, of part: Aggregate<PartState>, at location: String) throws(DomainError) {
        let after = part.body.onHand(at: location).saturatingAdd(quantity)
        guard after <= Limits.stockPerLocation else {
            throw .invalid(
                "\(location) would hold \(after) of \(part.body.master.value?.partNumber ?? part.id); at most \(Limits.stockPerLocation) fit one location"
            )
        }
    }

    /// Refuses to take more of a part from a location than is available there (`plus` what
    /// is already set aside for the taker).
    static func requireAvailable(
        _ quantity: Int, of part: Aggregate<PartState>, at location: String, plus own: Int = 0
    ) throws(DomainError) {
        let available = part.body.available(at: location) + own
        guard quantity <= available else {
            throw DomainError(
                .insufficientStock,
                "only \(available) of \(part.body.master.value?.partNumber ?? part.id) available at \(location), asked for \(quantity)"
            )
        }
    }
}
