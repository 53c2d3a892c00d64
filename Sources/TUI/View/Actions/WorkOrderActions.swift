import Domain
import Storage

/// The work-order pane's actions: the lifecycle, booking, assignment, holds, cancellation.
extension ActionSpec {
    static let workOrderActions: [ActionSpec] = [
        .init(
            key: "n", pane: .workOrders, description: "open a work order", command: .openWorkOrder,
            needsSelection: false
        ) {
            .form(openWorkOrderForm($0.fleet.rows))
        },
        stage("a", "approve", .approveWorkOrder, .approved),
        stage("p", "plan", .planWorkOrder, .planned),
        stage("s", "start work", .advanceWorkOrder, .inProgress),
        onWorkOrder("b", "book a part", .bookPart) { wo, state in .form(bookPartForm(wo, parts: state.parts.rows)) },
        onWorkOrder("h", "book hours", .bookHours) { wo, state in .form(bookHoursForm(wo, user: state.user)) },
        onWorkOrder("w", "assign workshop / technician", .assignWorkOrder) { wo, state in
            .form(assignForm(wo, workshops: state.workshops, users: state.users))
        },
        onWorkOrder("f", "record the failure code", .recordFailureCode) { wo, _ in .form(failureCodeForm(wo)) },
        stage("c", "complete", .advanceWorkOrder, .technicallyComplete),
        stage("r", "release to service", .releaseWorkOrder, .releasedToService),
        stage("x", "close", .closeWorkOrder, .closed),
        onWorkOrder("H", "hold / resume", .holdWorkOrder) { wo, _ in
            // Resuming needs no reason; holding asks what the work waits for.
            wo.status == .onHold
                ? .run(
                    .init(
                        .holdWorkOrder(workOrderID: wo.workOrderID, hold: false, reason: nil),
                        success: "\(wo.number) resumed"))
                : .form(
                    reasonForm("Hold \(wo.number)", success: "\(wo.number) on hold") {
                        .holdWorkOrder(workOrderID: wo.workOrderID, hold: true, reason: $0)
                    })
        },
        onWorkOrder("X", "cancel", .cancelWorkOrder) { wo, _ in
            .form(
                reasonForm("Cancel \(wo.number) \(wo.title)", success: "\(wo.number) cancelled") {
                    .cancelWorkOrder(workOrderID: wo.workOrderID, reason: $0)
                })
        },
    ]

    /// An action on the selected work order.
    static func onWorkOrder(
        _ key: Character, _ description: String, _ command: CommandKind,
        _ start: @escaping @Sendable (WorkOrderRow, AppState) -> Start
    ) -> ActionSpec {
        .init(key: key, pane: .workOrders, description: description, command: command) { state in
            guard let wo = state.workOrders.selectedRow else {
                return .refuse("\(description): select a work order first")
            }
            return start(wo, state)
        }
    }

    /// One step of the lifecycle, run at once; the domain refuses a step out of order.
    static func stage(_ key: Character, _ description: String, _ command: CommandKind, _ stage: WorkOrderStage)
        -> ActionSpec
    {
        onWorkOrder(key, description, command) { wo, _ in
            .run(
                .init(
                    .advanceWorkOrder(workOrderID: wo.workOrderID, to: stage, plannedDay: nil),
                    success: "\(wo.number) → \(stage.rawValue)"))
        }
    }

    static func openWorkOrderForm(_ fleet: [FleetRow]) -> FormState {
        var form = FormBuilder()
        let vehicle = form.choice(
            "Vehicle", fleet.map { (label: "\($0.fleetNumber) \($0.vehicleClass) \($0.depot ?? "")", value: $0) })
        let title = form.text("Title")
        let type = form.choice("Type", WorkOrderType.allCases.map { ($0.rawValue, $0) })
        let priority = form.choice(
            "Priority", WorkOrderPriority.allCases.map { ($0.rawValue, $0) },
            selected: WorkOrderPriority.allCases.firstIndex(of: .normal) ?? 0)
        let exam = form.text("Exam level")
        return form.make(title: "Open a work order") { fields throws(CommandFailure) in
            let v = try vehicle.required(in: fields)
            return .init(
                .openWorkOrder(
                    vehicleID: v.vehicleID, title: title.text(in: fields),
                    type: try type.required(in: fields, "pick one"),
                    priority: priority.value(in: fields) ?? .normal, examLevel: exam.optional(in: fields),
                    defectID: nil),
                success: "Opened a work order on \(v.fleetNumber)")
        }
    }

    static func bookPartForm(_ wo: WorkOrderRow, parts: [PartRow]) -> FormState {
        var form = FormBuilder()
        let stock = form.choice(
            "Part",
            parts.flatMap { part in
                part.locations.filter { $0.available > 0 }.map { at in
                    (
                        label: "\(part.partNumber) @ \(at.location) — \(part.name), \(at.available) available",
                        value: (part: part, location: at.location)
                    )
                }
            })
        let quantity = form.number("Quantity")
        return form.make(title: "Book a part on \(wo.number)") { fields throws(CommandFailure) in
            let chosen = try stock.required(in: fields)
            let qty = try quantity.value(in: fields)
            return .init(
                .bookPart(
                    workOrderID: wo.workOrderID, partID: chosen.part.partID, quantity: qty, location: chosen.location),
                success: "Booked \(qty) × \(chosen.part.partNumber)")
        }
    }

    static func bookHoursForm(_ wo: WorkOrderRow, user: String) -> FormState {
        var form = FormBuilder()
        let hours = form.text("Hours")
        return form.make(title: "Book hours on \(wo.number)") { fields throws(CommandFailure) in
            let minutes = try CommandFailure.checking { () throws(DomainError) in
                try BookedTime.minutes(fromHours: hours.text(in: fields))
            }
            return .init(
                .bookHours(workOrderID: wo.workOrderID, minutes: minutes, technician: user),
                success: "Booked \(BookedTime.text(minutes: minutes)) h")
        }
    }

    static func assignForm(_ wo: WorkOrderRow, workshops: [WorkshopRow], users: [UserRow]) -> FormState {
        var form = FormBuilder()
        let workshop = form.choice(
            "Workshop",
            [(label: "(unchanged)", value: WorkshopRow?.none)] + workshops.map { ("\($0.name), \($0.depot)", $0) })
        let technician = form.choice(
            "Technician",
            [(label: "(nobody more)", value: String?.none)]
                + users.filter { $0.role == .technician && !wo.technicians.contains($0.name) }.map {
                    ($0.name, $0.name)
                })
        let current = [
            wo.workshopID.map { id in "at \(workshops.first { $0.workshopID == id }?.name ?? id)" },
            wo.technicians.isEmpty ? nil : "technicians \(wo.technicians.joined(separator: ", "))",
        ].compactMap { $0 }
        let now = current.isEmpty ? "" : " (now \(current.joined(separator: "; ")))"
        return form.make(title: "Assign \(wo.number)\(now)") { fields throws(CommandFailure) in
            let shop = workshop.value(in: fields) ?? nil
            let person = technician.value(in: fields) ?? nil
            guard shop != nil || person != nil else { throw CommandFailure("Pick a workshop, a technician, or both") }
            let what = [shop.map { "\($0.name), \($0.depot)" }, person].compactMap { $0 }
            return .init(
                .assignWorkOrder(workOrderID: wo.workOrderID, workshopID: shop?.workshopID, technician: person),
                success: "Assigned: \(what.joined(separator: ", "))")
        }
    }

    static func failureCodeForm(_ wo: WorkOrderRow) -> FormState {
        var form = FormBuilder()
        let current = wo.failureCode
        let system = form.text("System", prefill: current?.system ?? "")
        let mode = form.text("Mode", prefill: current?.mode ?? "")
        let cause = form.text("Cause", prefill: current?.cause ?? "")
        let remedy = form.text("Remedy", prefill: current?.remedy ?? "")
        return form.make(title: "Failure code of \(wo.number)") { fields throws(CommandFailure) in
            let code = FailureCode(
                system: system.text(in: fields), mode: mode.text(in: fields), cause: cause.text(in: fields),
                remedy: remedy.text(in: fields))
            return .init(
                .recordFailureCode(workOrderID: wo.workOrderID, code: code), success: "Failure code \(code) recorded")
        }
    }

    /// A form asking only for a reason (the domain says whether one is needed).
    static func reasonForm(_ title: String, success: String, _ command: @escaping @Sendable (String?) -> Command)
        -> FormState
    {
        var form = FormBuilder()
        let reason = form.text("Reason")
        return form.make(title: title) { fields in .init(command(reason.optional(in: fields)), success: success) }
    }
}
