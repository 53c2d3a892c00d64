import Domain
import Foundation
import Storage

/// The one update function: state and action in, new state and effects out. Pure.
public enum Update {
    /// - Parameter page: rows a table shows at the current size, for paging.
    public static func apply(_ action: Action, to state: inout AppState, page: Int) -> [Effect] {
        switch action {
        case .dataLoaded(let data):
            state.live = data
            // While the cursor is in the past the panes keep showing the past.
            if state.cursor == nil { loadLists(data, &state) }
            return []
        case .timelineLoaded(let timeline, let verification):
            // Loads finish in the background; one that started earlier may finish later.
            if let current = state.timeline, current.lastSeq > timeline.lastSeq { return [] }
            state.timeline = timeline
            if let verification { state.verification = verification }
            state.events.load(timeline.events, matching: eventText, where: state.auditFilter.includes)
            if state.message?.hasPrefix("Loading") == true { state.message = nil }
            // A cursor in the past stays at its time; the history may have grown before it.
            travel(to: state.cursor.map { TimeCursor(index: timeline.index(atOrBefore: $0.ms), ms: $0.ms) }, &state, page)
            return []
        case .commandFinished(.success(let message)):
            state.form = nil
            state.message = message
            return []
        case .commandFinished(.failure(let failure)):
            if state.form != nil { state.form?.error = failure.message } else { state.message = failure.message }
            return []
        case .detailLoaded(let detail):
            state.detail = detail
            return []
        case .forecastLoaded(let forecast):
            state.forecast = forecast
            return []
        case .keyPressed(let key):
            let pane = state.pane
            var effects = press(key, &state, page: page)
            if state.pane == .forecast, pane != .forecast { effects.append(.loadForecast) }
            if state.pane == .audit, state.timeline == nil, !effects.contains(.loadTimeline) {
                state.message = "Loading the history and verifying its chains…"
                effects.append(.loadTimeline)
            }
            return effects
        }
    }

    static func press(_ key: Key, _ state: inout AppState, page: Int) -> [Effect] {
        if state.form != nil { return formKey(key, &state, page: page) }
        if state.changes != nil {
            changesKey(key, &state, page: page)
            return []
        }
        if state.isShowingHelp {
            state.isShowingHelp = false
            return []
        }
        if state.detail != nil, key == .escape || key == .enter {
            state.detail = nil
            return []
        }
        if state.isFiltering {
            filterKey(key, &state)
            return []
        }
        state.message = nil
        if state.pane == .audit, key != .character("q"), let effects = auditKey(key, &state, page: page) { return effects }
        switch key {
        case .character("q"): state.isRunning = false
        case .enter where state.pane == .fleet:
            guard let vehicle = state.fleet.selectedRow else { break }
            if let timeline = state.timeline, let cursor = state.cursor {
                state.detail = pastDetail(of: vehicle, timeline, cursor)
            } else {
                return [.loadDetail(vehicleID: vehicle.vehicleID)]
            }
        case .character("?"): state.isShowingHelp = true
        case .character("/"): state.isFiltering = true
        case .character(let c) where ("1"..."5").contains(c): state.pane = Pane(rawValue: Int(String(c))! - 1)!
        case .tab: state.pane = Pane(rawValue: (state.pane.rawValue + 1) % Pane.allCases.count)!
        case .backTab: state.pane = Pane(rawValue: (state.pane.rawValue + Pane.allCases.count - 1) % Pane.allCases.count)!
        case .down, .character("j"): move(&state, 1, page)
        case .up, .character("k"): move(&state, -1, page)
        case .pageDown: move(&state, page, page)
        case .pageUp: move(&state, -page, page)
        case .home, .character("g"): move(&state, -1_000_000, page)
        case .end, .character("G"): move(&state, 1_000_000, page)
        case .character(let c) where state.pane == .forecast: forecastKey(c, &state)
        case .character("o") where state.pane == .fleet:
            let orders = FleetOrder.allCases
            state.fleetOrder = orders[(orders.firstIndex(of: state.fleetOrder)! + 1) % orders.count]
            state.fleet.load(state.fleetOrder.sorted(state.fleet.rows), matching: fleetText)
            state.fleet.move(by: -1_000_000, page: page)
        case .character("m") where state.pane == .workOrders:
            state.isShowingMineOnly.toggle()
            state.workOrders.applyFilter(workOrderText, where: mineOnly(state))
            state.message = state.isShowingMineOnly ? "Showing only work orders assigned to \(state.user); m shows all" : "Showing all open work orders"
        case .character(let c): return paneAction(c, &state)
        default: break
        }
        return []
    }

    static func move(_ state: inout AppState, _ delta: Int, _ page: Int) {
        switch state.pane {
        case .fleet: state.fleet.move(by: delta, page: page)
        case .workOrders: state.workOrders.move(by: delta, page: page)
        case .stock: state.parts.move(by: delta, page: page)
        case .audit: state.events.move(by: delta, page: page)
        case .forecast:
            // Up and down pick the part whose consumption is charted.
            state.chartPart = max(0, min(state.parts.rows.count - 1, state.chartPart + delta.signum()))
        }
    }

    /// Chart keys: f failures, p parts consumption (j/k pick the part), c costs.
    static func forecastKey(_ c: Character, _ state: inout AppState) {
        switch c {
        case "f": state.chart = .failures
        case "p": state.chart = .consumption
        case "c": state.chart = .costs
        default: break
        }
    }

    static func filterKey(_ key: Key, _ state: inout AppState) {
        var text = currentFilter(state)
        switch key {
        case .enter: state.isFiltering = false
        case .escape:
            state.isFiltering = false
            text = ""
        case .backspace: if !text.isEmpty { text.removeLast() }
        case .character(let c): text.append(c)
        default: break
        }
        switch state.pane {
        case .fleet: state.fleet.filter = text; state.fleet.applyFilter(fleetText)
        case .workOrders: state.workOrders.filter = text; state.workOrders.applyFilter(workOrderText, where: mineOnly(state))
        case .stock: state.parts.filter = text; state.parts.applyFilter(partText)
        case .audit: state.events.filter = text; state.events.applyFilter(eventText, where: state.auditFilter.includes)
        case .forecast: break
        }
    }

    static func currentFilter(_ state: AppState) -> String {
        switch state.pane {
        case .fleet: state.fleet.filter
        case .workOrders: state.workOrders.filter
        case .stock: state.parts.filter
        case .audit: state.events.filter
        case .forecast: ""
        }
    }

    // MARK: Actions of a pane

    static func paneAction(_ c: Character, _ state: inout AppState) -> [Effect] {
        guard let binding = KeyBindings.action(for: c, in: state.pane) else { return [] }
        if let cursor = state.cursor {
            state.message = "\(binding.description): read-only while viewing \(label(cursor)); press . in the audit pane to return to now"
            return []
        }
        guard RoleMatrix.allows(state.role, binding.kind) else {
            state.message = "\(binding.description): role '\(state.role.rawValue)' may not \(binding.kind.phrase)"
            return []
        }
        let hasSelection = binding.pane == .fleet ? state.fleet.selectedRow != nil : state.workOrders.selectedRow != nil
        if binding.needsSelection, !hasSelection {
            state.message = "\(binding.description): select a \(binding.pane == .fleet ? "vehicle" : "work order") first"
            return []
        }
        let wo = state.workOrders.selectedRow
        switch binding.name {
        case "new":
            state.form = FormState(
                title: "Open a work order", purpose: .openWorkOrder,
                fields: [
                    .init("Vehicle", .choice(state.vehicles)), .init("Title", .text),
                    .init("Type", .choice(WorkOrderType.allCases.map { .init(id: $0.rawValue, label: $0.rawValue) })),
                    .init("Priority", .choice(WorkOrderPriority.allCases.map { .init(id: $0.rawValue, label: $0.rawValue) })),
                    .init("Exam level", .text),
                ])
            state.form?.fields[3].choice = 2  // normal
        case "book-part":
            let options = state.parts.rows.flatMap { part in
                part.locations.filter { $0.available > 0 }.map { loc in
                    FormState.Option(id: "\(part.partID)|\(loc.location)", label: "\(part.partNumber) @ \(loc.location) — \(part.name), \(loc.available) available")
                }
            }
            state.form = FormState(
                title: "Book a part on \(wo!.number)", purpose: .bookPart(workOrderID: wo!.workOrderID),
                fields: [.init("Part", .choice(options)), .init("Quantity", .number)])
        case "status":
            let vehicle = state.fleet.selectedRow!
            let legal = VehicleStatus(rawValue: vehicle.status)?.legalNext ?? []
            guard !legal.isEmpty else {
                state.message = "\(vehicle.fleetNumber) is \(vehicle.status); its status cannot change"
                return []
            }
            state.form = FormState(
                title: "Status of \(vehicle.fleetNumber), now \(vehicle.status)", purpose: .changeStatus(vehicleID: vehicle.vehicleID, fleetNumber: vehicle.fleetNumber),
                fields: [.init("Status", .choice(legal.map { .init(id: $0.rawValue, label: $0.rawValue) })), .init("Reason", .text)])
        case "book-hours":
            state.form = FormState(
                title: "Book hours on \(wo!.number)", purpose: .bookHours(workOrderID: wo!.workOrderID), fields: [.init("Hours", .number)])
        default:
            guard let stage = binding.stage, let wo else { return [] }
            return [.execute(.advanceWorkOrder(workOrderID: wo.workOrderID, to: stage, plannedDay: nil), success: "\(wo.number) → \(stage.rawValue)")]
        }
        return []
    }

    // MARK: Forms

    static func formKey(_ key: Key, _ state: inout AppState, page: Int) -> [Effect] {
        guard var form = state.form else { return [] }
        let index = form.focus, count = form.fields.count
        let isChoice = if case .choice = form.fields[index].kind { true } else { false }
        switch key {
        case .escape:
            state.form = nil
            state.message = "Cancelled; nothing was written."
            return []
        case .enter where form.purpose == .travel:
            travel(toTyped: form.fields[0].text, &state, page: page)
            return []
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
            if isChoice { form.fields[index].choice = min(form.fields[index].choice + 1, max(0, form.fields[index].matches.count - 1)) }
            else { form.focus = (index + 1) % count }
        case .up:
            if isChoice { form.fields[index].choice = max(0, form.fields[index].choice - 1) } else { form.focus = (index + count - 1) % count }
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

    /// Checks a form; a refusal keeps the input and says why, in place.
    static func submit(_ form: FormState, user: String) -> Result<Effect, CommandFailure> {
        switch form.purpose {
        case .openWorkOrder:
            guard let vehicle = form["Vehicle"].chosen else { return .failure(.init("Vehicle: pick one from the list")) }
            let title = form["Title"].text.trimmingCharacters(in: .whitespaces)
            guard !title.isEmpty else { return .failure(.init("Title must not be empty")) }
            guard let type = form["Type"].chosen.flatMap({ WorkOrderType(rawValue: $0.id) }) else { return .failure(.init("Type: pick one")) }
            let priority = form["Priority"].chosen.flatMap { WorkOrderPriority(rawValue: $0.id) } ?? .normal
            let exam = form["Exam level"].text.trimmingCharacters(in: .whitespaces)
            if type == .preventive, exam.isEmpty { return .failure(.init("Exam level is needed for preventive work")) }
            return .success(
                .execute(
                    .openWorkOrder(vehicleID: vehicle.id, title: title, type: type, priority: priority, examLevel: exam.isEmpty ? nil : exam, defectID: nil),
                    success: "Opened a work order on \(vehicle.label.split(separator: " ").first ?? "")"))
        case .bookPart(let wo):
            guard let part = form["Part"].chosen else { return .failure(.init("Part: pick one from the list")) }
            guard let qty = Int(form["Quantity"].text), qty > 0 else { return .failure(.init("Quantity must be a positive whole number")) }
            let ids = part.id.split(separator: "|", maxSplits: 1).map(String.init)
            return .success(.execute(.bookPart(workOrderID: wo, partID: ids[0], quantity: qty, location: ids[1]), success: "Booked \(qty) × \(part.label.split(separator: " ").first ?? "")"))
        case .changeStatus(let vehicle, let fleetNumber):
            guard let status = form["Status"].chosen.flatMap({ VehicleStatus(rawValue: $0.id) }) else { return .failure(.init("Status: pick one")) }
            let reason = form["Reason"].text.trimmingCharacters(in: .whitespaces)
            return .success(.execute(.changeVehicleStatus(vehicleID: vehicle, status: status, reason: reason.isEmpty ? nil : reason), success: "\(fleetNumber) → \(status.rawValue)"))
        case .travel:
            return .failure(.init("a time is applied by the update, not submitted"))
        case .bookHours(let wo):
            guard let hours = Double(form["Hours"].text), hours > 0, hours <= 24 else { return .failure(.init("Hours must be more than 0 and at most 24")) }
            return .success(.execute(.bookHours(workOrderID: wo, minutes: Int((hours * 60).rounded()), technician: user), success: "Booked \(form["Hours"].text) h"))
        }
    }

    // MARK: What filters match

    static func fleetText(_ r: FleetRow) -> String { "\(r.fleetNumber) \(r.vehicleClass) \(r.depot ?? "") \(r.status)" }
    /// Keeps only the user's own work orders while "mine only" is on.
    static func mineOnly(_ state: AppState) -> (WorkOrderRow) -> Bool {
        let user = state.user, mine = state.isShowingMineOnly
        return { !mine || $0.technicians.contains(user) }
    }

    static func workOrderText(_ r: WorkOrderRow) -> String { "\(r.number) \(r.fleetNumber ?? "") \(r.title) \(r.status) \(r.type)" }
    static func partText(_ r: PartRow) -> String { "\(r.partNumber) \(r.name) \(r.kind)" }
    static func eventText(_ e: StoredEvent) -> String { "\(e.event.user) \(e.event.event.eventType) \(e.event.aggregate) \(e.event.id.device)" }
}
