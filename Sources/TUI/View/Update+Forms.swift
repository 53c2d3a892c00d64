import Domain
import Foundation
import Storage

/// The actions of a pane's keys and the forms they open: each form is checked in place
/// before anything is written, and a refusal keeps the input.
extension Update {
    static func paneAction(_ c: Character, _ state: inout AppState) -> [Effect] {
        guard let binding = KeyBindings.action(for: c, in: state.pane) else { return [] }
        if let cursor = state.cursor {
            state.message =
                "\(binding.description): read-only while viewing \(label(cursor)); press . in the audit pane to return to now"
            return []
        }
        guard RoleMatrix.allows(state.role, binding.kind) else {
            state.message = "\(binding.description): role '\(state.role.rawValue)' may not \(binding.kind.phrase)"
            return []
        }
        if binding.needsSelection, !hasSelection(state, in: binding.pane) {
            state.message = "\(binding.description): select a \(binding.pane?.item ?? "row") first"
            return []
        }
        if let form = form(for: binding.name, state) {
            state.form = form
            return []
        }
        switch binding.name {
        case "hold":
            // Only resuming is left: it needs no reason.
            guard let wo = state.workOrders.selectedRow else { return [] }
            return [
                .execute(
                    .holdWorkOrder(workOrderID: wo.workOrderID, hold: false, reason: nil),
                    success: "\(wo.number) resumed")
            ]
        case "status":
            guard let vehicle = state.fleet.selectedRow else { return [] }
            state.message = "\(vehicle.fleetNumber) is \(vehicle.status); its status cannot change"
        default:
            guard let stage = binding.stage, let wo = state.workOrders.selectedRow else { return [] }
            return [
                .execute(
                    .advanceWorkOrder(workOrderID: wo.workOrderID, to: stage, plannedDay: nil),
                    success: "\(wo.number) → \(stage.rawValue)")
            ]
        }
        return []
    }

    static func hasSelection(_ state: AppState, in pane: Pane?) -> Bool {
        switch pane {
        case .fleet: state.fleet.selectedRow != nil
        case .workOrders: state.workOrders.selectedRow != nil
        case .stock: state.parts.selectedRow != nil
        default: true
        }
    }

    /// The form a binding opens, if it opens one.
    static func form(for name: String, _ state: AppState) -> FormState? {
        let wo = state.workOrders.selectedRow
        let part = state.parts.selectedRow
        func choices(_ values: [String]) -> FormState.Field.Kind { .choice(values.map { .init(id: $0, label: $0) }) }
        let stockedAt =
            part?.locations.filter { $0.onHand > 0 }.map {
                FormState.Option(
                    id: $0.location, label: "\($0.location) (\($0.onHand) on hand, \($0.available) available)")
            } ?? []
        switch name {
        case "new":
            var form = FormState(
                title: "Open a work order", purpose: .openWorkOrder,
                fields: [
                    .init("Vehicle", .choice(state.vehicles)), .init("Title", .text),
                    .init("Type", choices(WorkOrderType.allCases.map(\.rawValue))),
                    .init("Priority", choices(WorkOrderPriority.allCases.map(\.rawValue))), .init("Exam level", .text),
                ])
            form.fields[3].choice = 2  // normal
            return form
        case "book-part":
            guard let wo else { return nil }
            let options = state.parts.rows.flatMap { part in
                part.locations.filter { $0.available > 0 }.map { loc in
                    FormState.Option(
                        id: "\(part.partID)|\(loc.location)",
                        label: "\(part.partNumber) @ \(loc.location) — \(part.name), \(loc.available) available")
                }
            }
            return FormState(
                title: "Book a part on \(wo.number)", purpose: .bookPart(workOrderID: wo.workOrderID),
                fields: [.init("Part", .choice(options)), .init("Quantity", .number)])
        case "status":
            guard let vehicle = state.fleet.selectedRow else { return nil }
            let legal = VehicleStatus(rawValue: vehicle.status)?.legalNext ?? []
            guard !legal.isEmpty else { return nil }
            return FormState(
                title: "Status of \(vehicle.fleetNumber), now \(vehicle.status)",
                purpose: .changeStatus(vehicleID: vehicle.vehicleID, fleetNumber: vehicle.fleetNumber),
                fields: [.init("Status", choices(legal.map(\.rawValue))), .init("Reason", .text)])
        case "book-hours":
            guard let wo else { return nil }
            return FormState(
                title: "Book hours on \(wo.number)", purpose: .bookHours(workOrderID: wo.workOrderID),
                fields: [.init("Hours", .number)])
        case "assign":
            guard let wo else { return nil }
            let workshops =
                [FormState.Option(id: "", label: "(unchanged)")]
                + state.workshops.map { .init(id: $0.workshopID, label: "\($0.name), \($0.depot)") }
            let technicians =
                [FormState.Option(id: "", label: "(nobody more)")]
                + state.users.filter { $0.role == Role.technician.rawValue && !wo.technicians.contains($0.name) }.map {
                    .init(id: $0.name, label: $0.name)
                }
            let workshopName = wo.workshopID.map { id in state.workshops.first { $0.workshopID == id }?.name ?? id }
            let now = [
                workshopName.map { "at \($0)" },
                wo.technicians.isEmpty ? nil : "technicians \(wo.technicians.joined(separator: ", "))",
            ]
            return FormState(
                title:
                    "Assign \(wo.number)\(now.compactMap { $0 }.isEmpty ? "" : " (now \(now.compactMap { $0 }.joined(separator: "; ")))")",
                purpose: .assign(workOrderID: wo.workOrderID),
                fields: [.init("Workshop", .choice(workshops)), .init("Technician", .choice(technicians))])
        case "hold" where wo?.status != WorkOrderStatus.onHold.rawValue:
            guard let wo else { return nil }
            return FormState(
                title: "Hold \(wo.number)", purpose: .hold(workOrderID: wo.workOrderID, number: wo.number),
                fields: [.init("Reason", .text)])
        case "cancel":
            guard let wo else { return nil }
            return FormState(
                title: "Cancel \(wo.number) \(wo.title)",
                purpose: .cancel(workOrderID: wo.workOrderID, number: wo.number), fields: [.init("Reason", .text)])
        case "failure-code":
            guard let wo else { return nil }
            let current =
                wo.failureCode?.split(separator: "/", omittingEmptySubsequences: false).map(String.init) ?? []
            let labels = ["System", "Mode", "Cause", "Remedy"]
            return FormState(
                title: "Failure code of \(wo.number)", purpose: .failureCode(workOrderID: wo.workOrderID),
                fields: labels.indices.map { .init(labels[$0], .text, text: current.count == 4 ? current[$0] : "") })
        case "receive":
            guard let part else { return nil }
            return FormState(
                title: "Receive \(part.partNumber) \(part.name)", purpose: .receive(partID: part.partID),
                fields: [
                    .init("Location", .text, text: part.locations.first?.location ?? "main"),
                    .init("Quantity", .number), .init("Note", .text),
                ])
        case "issue":
            guard let part else { return nil }
            let orders =
                [FormState.Option(id: "", label: "(no work order)")]
                + state.workOrders.rows.filter { WorkOrderStatus(rawValue: $0.status)?.isOpen == true }
                .map { .init(id: $0.workOrderID, label: "\($0.number) \($0.fleetNumber ?? "") \($0.title)") }
            return FormState(
                title: "Issue \(part.partNumber) \(part.name)", purpose: .issue(partID: part.partID),
                fields: [
                    .init("Location", .choice(stockedAt)), .init("Quantity", .number),
                    .init("Work order", .choice(orders)), .init("Note", .text),
                ])
        case "transfer":
            guard let part else { return nil }
            return FormState(
                title: "Transfer \(part.partNumber) \(part.name)", purpose: .transfer(partID: part.partID),
                fields: [.init("From", .choice(stockedAt)), .init("To", .text), .init("Quantity", .number)])
        case "adjust":
            guard let part else { return nil }
            let all = part.locations.map {
                FormState.Option(id: $0.location, label: "\($0.location) (\($0.onHand) on hand)")
            }
            return FormState(
                title: "Adjust \(part.partNumber) \(part.name) after a count", purpose: .adjust(partID: part.partID),
                fields: [.init("Location", .choice(all)), .init("Change (+/-)", .text), .init("Reason", .text)])
        default:
            return nil
        }
    }

    // MARK: Forms

    static func formKey(_ key: Key, _ state: inout AppState, page: Int) -> [Effect] {
        guard var form = state.form else { return [] }
        if key != .escape, form.isConfirmingDiscard {
            form.isConfirmingDiscard = false
            form.error = nil
        }
        let index = form.focus
        let count = form.fields.count
        let isChoice = if case .choice = form.fields[index].kind { true } else { false }
        switch key {
        case .escape where form.hasTypedInput && !form.isConfirmingDiscard && form.purpose != .palette:
            // Typed input is not thrown away by one stray key.
            form.isConfirmingDiscard = true
            form.error = "Esc again discards what you typed; Enter submits it"
            state.form = form
            return []
        case .escape:
            state.form = nil
            state.message = form.purpose == .palette ? nil : "Cancelled; nothing was written."
            return []
        case .enter where form.purpose == .travel:
            travel(toTyped: form.fields[0].text, &state, page: page)
            return []
        case .enter where form.purpose == .palette:
            return runPaletteChoice(form.fields[0].chosen, &state, page: page)
        case .enter:
            switch submit(form, user: state.user) {
            case .success(let effect):
                form.error = nil
                state.form = form
                return [effect]
            case .failure(let failure): form.error = failure.message
            }
        case .tab: form.focus = (index + 1) % count
        case .backTab: form.focus = (index + count - 1) % count
        case .down:
            if isChoice {
                form.fields[index].choice = min(
                    form.fields[index].choice + 1, max(0, form.fields[index].matches.count - 1))
            } else {
                form.focus = (index + 1) % count
            }
        case .up:
            if isChoice {
                form.fields[index].choice = max(0, form.fields[index].choice - 1)
            } else {
                form.focus = (index + count - 1) % count
            }
        case .backspace:
            if !form.fields[index].text.isEmpty { form.fields[index].text.removeLast() }
            form.fields[index].choice = 0
        case .character(let c):
            form.fields[index].text.append(c)
            form.fields[index].choice = 0
        default: break
        }
        state.form = form
        return []
    }

    /// Checks a form that writes; a refusal keeps the input and says why, in place.
    static func submit(_ form: FormState, user: String) -> Result<Effect, CommandFailure> {
        func text(_ label: String) -> String { form[label].text.trimmingCharacters(in: .whitespaces) }
        func quantity(_ label: String = "Quantity") -> Int? { Int(text(label)).flatMap { $0 > 0 ? $0 : nil } }
        let badQuantity = CommandFailure("Quantity must be a positive whole number")
        switch form.purpose {
        case .openWorkOrder:
            guard let vehicle = form["Vehicle"].chosen else {
                return .failure(.init("Vehicle: pick one from the list"))
            }
            let title = text("Title")
            guard !title.isEmpty else { return .failure(.init("Title must not be empty")) }
            guard let type = form["Type"].chosen.flatMap({ WorkOrderType(rawValue: $0.id) }) else {
                return .failure(.init("Type: pick one"))
            }
            let priority = form["Priority"].chosen.flatMap { WorkOrderPriority(rawValue: $0.id) } ?? .normal
            let exam = text("Exam level")
            if type == .preventive, exam.isEmpty { return .failure(.init("Exam level is needed for preventive work")) }
            return .success(
                .execute(
                    .openWorkOrder(
                        vehicleID: vehicle.id, title: title, type: type, priority: priority,
                        examLevel: exam.isEmpty ? nil : exam, defectID: nil),
                    success: "Opened a work order on \(vehicle.label.split(separator: " ").first ?? "")"))
        case .bookPart(let wo):
            guard let part = form["Part"].chosen else { return .failure(.init("Part: pick one from the list")) }
            guard let qty = quantity() else { return .failure(badQuantity) }
            let ids = part.id.split(separator: "|", maxSplits: 1).map(String.init)
            return .success(
                .execute(
                    .bookPart(workOrderID: wo, partID: ids[0], quantity: qty, location: ids[1]),
                    success: "Booked \(qty) × \(part.label.split(separator: " ").first ?? "")"))
        case .changeStatus(let vehicle, let fleetNumber):
            guard let status = form["Status"].chosen.flatMap({ VehicleStatus(rawValue: $0.id) }) else {
                return .failure(.init("Status: pick one"))
            }
            let reason = text("Reason")
            return .success(
                .execute(
                    .changeVehicleStatus(vehicleID: vehicle, status: status, reason: reason.isEmpty ? nil : reason),
                    success: "\(fleetNumber) → \(status.rawValue)"))
        case .bookHours(let wo):
            guard let hours = Double(text("Hours")), hours > 0, hours <= 24 else {
                return .failure(.init("Hours must be more than 0 and at most 24"))
            }
            return .success(
                .execute(
                    .bookHours(workOrderID: wo, minutes: Int((hours * 60).rounded()), technician: user),
                    success: "Booked \(text("Hours")) h"))
        case .assign(let wo):
            let workshop = form["Workshop"].chosen?.id ?? ""
            let technician = form["Technician"].chosen?.id ?? ""
            guard !workshop.isEmpty || !technician.isEmpty else {
                return .failure(.init("Pick a workshop, a technician, or both"))
            }
            let what = [workshop.isEmpty ? nil : form["Workshop"].chosen!.label, technician.isEmpty ? nil : technician]
                .compactMap { $0 }
            return .success(
                .execute(
                    .assignWorkOrder(
                        workOrderID: wo, workshopID: workshop.isEmpty ? nil : workshop,
                        technician: technician.isEmpty ? nil : technician),
                    success: "Assigned: \(what.joined(separator: ", "))"))
        case .hold(let wo, let number):
            let reason = text("Reason")
            guard !reason.isEmpty else { return .failure(.init("Reason: say what the work waits for")) }
            return .success(
                .execute(.holdWorkOrder(workOrderID: wo, hold: true, reason: reason), success: "\(number) on hold"))
        case .cancel(let wo, let number):
            let reason = text("Reason")
            guard !reason.isEmpty else { return .failure(.init("Reason: say why the work is cancelled")) }
            return .success(.execute(.cancelWorkOrder(workOrderID: wo, reason: reason), success: "\(number) cancelled"))
        case .failureCode(let wo):
            let parts = ["System", "Mode", "Cause", "Remedy"].map(text)
            if let missing = ["System", "Mode", "Cause", "Remedy"].first(where: { text($0).isEmpty }) {
                return .failure(.init("\(missing) must not be empty"))
            }
            if parts.contains(where: { $0.contains("/") }) {
                return .failure(.init("A failure code part may not contain '/'"))
            }
            let code = FailureCode(system: parts[0], mode: parts[1], cause: parts[2], remedy: parts[3])
            return .success(
                .execute(
                    .recordFailureCode(workOrderID: wo, code: code),
                    success: "Failure code \(parts.joined(separator: "/")) recorded"))
        case .receive(let part):
            let location = text("Location")
            guard !location.isEmpty else { return .failure(.init("Location must not be empty")) }
            guard let qty = quantity() else { return .failure(badQuantity) }
            let note = text("Note")
            return .success(
                .execute(
                    .receiveStock(partID: part, location: location, quantity: qty, note: note.isEmpty ? nil : note),
                    success: "Received \(qty) at \(location)"))
        case .issue(let part):
            guard let location = form["Location"].chosen?.id else {
                return .failure(.init("Location: pick one with stock"))
            }
            guard let qty = quantity() else { return .failure(badQuantity) }
            let wo = form["Work order"].chosen?.id ?? ""
            let note = text("Note")
            return .success(
                .execute(
                    .issueStock(
                        partID: part, location: location, quantity: qty, workOrderID: wo.isEmpty ? nil : wo,
                        note: note.isEmpty ? nil : note),
                    success: "Issued \(qty) from \(location)"))
        case .transfer(let part):
            guard let from = form["From"].chosen?.id else { return .failure(.init("From: pick a location with stock")) }
            let to = text("To")
            guard !to.isEmpty, to != from else { return .failure(.init("To must name another location")) }
            guard let qty = quantity() else { return .failure(badQuantity) }
            return .success(
                .execute(
                    .transferStock(partID: part, from: from, to: to, quantity: qty),
                    success: "Moved \(qty) from \(from) to \(to)"))
        case .adjust(let part):
            guard let location = form["Location"].chosen?.id else { return .failure(.init("Location: pick one")) }
            guard let delta = Int(text("Change (+/-)").replacingOccurrences(of: "+", with: "")), delta != 0 else {
                return .failure(.init("Change must be a whole number other than 0, such as -2 or +3"))
            }
            let reason = text("Reason")
            guard !reason.isEmpty else { return .failure(.init("Reason must say why the count differs")) }
            return .success(
                .execute(
                    .adjustStock(partID: part, location: location, delta: delta, reason: reason),
                    success: "Adjusted \(location) by \(delta)"))
        case .travel, .palette:
            // Applied by the update itself: they write nothing.
            return .failure(.init("nothing to submit"))
        }
    }
}
