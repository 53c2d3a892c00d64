import Domain
public import Storage

/// The list panes: moving the selection, filtering, and loading rows while keeping each
/// list's filters and position.
extension Update {
    static func move(_ state: inout AppState, _ delta: Int, _ page: Int) {
        switch state.pane {
        case .fleet: state.fleet.move(by: delta, page: page)
        case .workOrders: state.workOrders.move(by: delta, page: page)
        case .stock: state.parts.move(by: delta, page: page)
        case .audit: state.events.move(by: delta, page: page)
        case .forecast where state.chart == .risk: state.risk.move(by: delta, page: page)
        case .forecast:
            // Up and down pick the part whose consumption is charted.
            state.chartPart = max(0, min(state.parts.rows.count - 1, state.chartPart + delta.signum()))
        case .kpis where state.dashboard.explanation != nil:
            state.dashboard.explanationScroll = max(0, state.dashboard.explanationScroll + delta)
        case .kpis: state.dashboard.rows.move(by: delta, page: page)
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
        case .fleet: state.fleet.filter = text
        case .workOrders: state.workOrders.filter = text
        case .stock: state.parts.filter = text
        case .audit: state.events.filter = text
        case .kpis: state.dashboard.rows.filter = text
        case .forecast: break
        }
        refilter(state.pane, &state, typing: true)
    }

    /// Shows a pane's rows again under its filter text and its other filters (mine only, the
    /// work-order view, the audit filters); `typing`: only the filter text changed.
    static func refilter(_ pane: Pane, _ state: inout AppState, typing: Bool = false) {
        switch pane {
        case .fleet: state.fleet.applyFilter(fleetText, typing: typing)
        case .workOrders:
            state.workOrders.applyFilter(workOrderText, where: workOrderShown(state), typing: typing)
        case .stock: state.parts.applyFilter(partText, typing: typing)
        case .audit:
            state.events.applyFilter(eventText(state.timeline), where: state.auditFilter.includes, typing: typing)
        case .kpis: state.dashboard.rows.applyFilter(\.group, typing: typing)
        case .forecast: break
        }
    }

    static func currentFilter(_ state: AppState) -> String {
        switch state.pane {
        case .fleet: state.fleet.filter
        case .workOrders: state.workOrders.filter
        case .stock: state.parts.filter
        case .audit: state.events.filter
        case .kpis: state.dashboard.rows.filter
        case .forecast: ""
        }
    }

    // MARK: What filters match

    static func fleetText(_ r: FleetRow) -> String { "\(r.fleetNumber) \(r.vehicleClass) \(r.depot ?? "") \(r.status)" }
    /// The work orders of the chosen states, and only the user's own while "mine only" is on.
    static func workOrderShown(_ state: AppState) -> (WorkOrderRow) -> Bool {
        let user = state.user
        let mine = state.isShowingMineOnly
        let view = state.workOrderView
        return { view.includes($0) && (!mine || $0.technicians.contains(user)) }
    }

    static func workOrderText(_ r: WorkOrderRow) -> String {
        "\(r.number) \(r.fleetNumber ?? "") \(r.title) \(r.status) \(r.type)"
    }
    static func partText(_ r: PartRow) -> String { "\(r.partNumber) \(r.name) \(r.kind)" }
    /// Each event's filter text as the events list searches it, made where the timeline is
    /// loaded so that the first key typed into the filter does not make 180,000 of them.
    public static func searchTexts(of timeline: Timeline) -> [[UInt8]] {
        let text = eventText(timeline)
        return timeline.events.map { ListState<StoredEvent>.searchText(text($0)) }
    }

    /// What the timeline's text filter matches: user, event type, the entity's kind, id and
    /// everyday name (a fleet or work-order number), and the device.
    static func eventText(_ timeline: Timeline?) -> (StoredEvent) -> String {
        { e in
            let ref = e.event.aggregate
            return
                "\(e.event.user) \(e.event.event.eventType) \(ref.kind.rawValue) \(ref.id) \(timeline?.names[ref] ?? "") \(e.event.id.device.rawValue)"
        }
    }

    /// Shows rows in the list panes, keeping their filters and positions.
    static func loadLists(_ data: ScreenData, _ state: inout AppState) {
        state.fleet.load(state.fleetOrder.sorted(data.fleet), matching: fleetText)
        state.workOrders.load(data.workOrders, matching: workOrderText, where: workOrderShown(state))
        state.parts.load(data.parts, matching: partText)
    }
}
