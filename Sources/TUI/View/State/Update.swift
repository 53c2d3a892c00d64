import Domain
import Foundation
import Storage

/// The one update function: state and action in, new state and effects out. Pure.
public enum Update {
    /// Applies one action to the state.
    ///
    /// - Parameters:
    ///   - action: what happened.
    ///   - state: the whole screen's state, changed in place.
    ///   - page: rows a table shows at the current size, for paging.
    /// - Returns: what the outside world is asked to do next.
    public static func apply(_ action: Action, to state: inout AppState, page: Int) -> [Effect] {
        switch action {
        case .dataLoaded(let data):
            if state.message?.hasPrefix("Loading work orders") == true, data.hasClosedWorkOrders {
                state.message = nil
            }
            state.live = data
            state.workshops = data.workshops
            state.users = data.users
            // While the cursor is in the past the panes keep showing the past.
            if state.cursor == nil { loadLists(data, &state) }
            return []
        case .rowsChanged(let changes, let unsynced):
            state.live.merge(changes)
            state.live.unsynced = unsynced
            if state.cursor == nil { loadLists(state.live, &state) }
            return []
        case .timelineFailed(let message):
            state.timelineError = message
            if state.message?.hasPrefix("Loading") == true { state.message = nil }
            return []
        case .timelineLoaded(let timeline, let verification, let searchTexts):
            // Loads finish in the background; one that started earlier may finish later.
            if timeline.axis != state.timeAxis { return [] }
            if let current = state.timeline, current.axis == timeline.axis, current.lastSeq > timeline.lastSeq {
                return []
            }
            state.timeline = timeline
            state.timelineError = nil
            if let verification { state.verification = verification }
            state.events.load(
                timeline.events, matching: eventText(timeline), where: state.auditFilter.includes, texts: searchTexts)
            if state.message?.hasPrefix("Loading") == true { state.message = nil }
            // A cursor in the past stays at its time (or goes where it was sent beyond the last
            // window); the history may have grown before it.
            let target = state.timelineRequest.map { $0 == .max ? nil : $0 } ?? state.cursor?.ms
            state.timelineRequest = nil
            // Positions are the loaded timeline's: the mark keeps its time.
            state.mark = state.mark.map { TimeCursor(index: timeline.index(atOrBefore: $0.ms), ms: $0.ms) }
            // The window loaded is the one around the target: never ask again for what it lacks.
            guard !timeline.lacks(target) else {
                state.cursor = state.cursor.map { TimeCursor(index: timeline.index(atOrBefore: $0.ms), ms: $0.ms) }
                state.message = "The history around \(Instant(ms: target ?? 0).minute) could not be loaded"
                return []
            }
            travel(to: target.map { TimeCursor(index: timeline.index(atOrBefore: $0), ms: $0) }, &state, page)
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
        case .resized:
            state.fleet.keepInView(page: page)
            state.workOrders.keepInView(page: page)
            state.parts.keepInView(page: page)
            state.events.keepInView(page: page)
            return []
        case .forecastLoaded(let forecast):
            state.forecast = forecast
            return []
        case .predictionsLoaded(let predictions):
            // A load for another time than the cursor's finished late: the next one follows.
            guard predictions.asOfMs == state.cursor?.ms ?? predictions.asOfMs else { return [] }
            state.predictions = predictions
            state.predictionsError = nil
            let numbers = Dictionary(
                state.live.fleet.map { ($0.vehicleID, $0.fleetNumber) }, uniquingKeysWith: { a, _ in a })
            state.risk.load(predictions.risks, matching: { numbers[$0.vehicleID] ?? $0.vehicleID })
            return []
        case .predictionsFailed(let message):
            state.predictionsError = message
            return []
        case .dashboardLoaded(let data):
            dashboardLoaded(data, &state)
            return []
        case .dashboardFailed(let message):
            state.dashboard.error = message
            return []
        case .explanationLoaded(let explanation):
            state.dashboard.explanation = explanation
            state.dashboard.explanationScroll = 0
            return []
        case .syncStatusLoaded(let status):
            state.sync.load(status)
            return []
        case .conflictsLoaded(let notices):
            state.conflictsView = ConflictsView(notices)
            return []
        case .syncProgress(let progress):
            state.sync.progress = progress
            return []
        case .syncFinished(let result):
            state.sync.isSyncing = false
            state.sync.progress = nil
            switch result {
            case .success(let message): state.message = message
            case .failure(let failure): state.message = "Sync failed: \(failure.message)"
            }
            return []
        case .clockTicked(let ms):
            state.clockMs = ms
            return state.sync.isDue(at: ms) ? startSync(&state) : []
        case .keyPressed(let key):
            let pane = state.pane
            var effects = press(key, &state, page: page)
            if state.pane == .forecast, pane != .forecast {
                // Predictions for another time than the cursor's are not shown while new ones load.
                if let cursor = state.cursor, state.predictions?.asOfMs != cursor.ms { state.predictions = nil }
                effects.append(.loadForecast)
            }
            if state.pane == .kpis, pane != .kpis { effects += dashboardLoad(&state) }
            if state.pane == .audit, pane != .audit { state.timelineError = nil }
            if state.pane == .audit, state.timeline == nil, state.timelineError == nil, !effects.contains(.loadTimeline)
            {
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
        if state.conflictsView != nil {
            conflictsKey(key, &state)
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
        if state.pane == .audit, key != .character("q"), let effects = auditKey(key, &state, page: page) {
            return effects
        }
        if state.pane == .kpis, let effects = dashboardKey(key, &state, page: page) { return effects }
        switch key {
        case .character("q"): state.isRunning = false
        case .enter:
            guard let ref = Detail.selected(in: state) else { break }
            guard let timeline = state.timeline, let cursor = state.cursor else {
                return [.loadDetail(ref)]
            }
            state.detail = Detail.past(ref, shown: state, timeline, cursor)
        case .escape:
            guard let previous = state.paneHistory.popLast() else {
                state.message = "Nothing to go back to"
                break
            }
            state.pane = previous
        case .character(":"): state.form = palette(state)
        case .character("S"): return startSync(&state)
        case .character("C"): return [.loadConflicts]
        case .character("?"): state.isShowingHelp = true
        case .character("/"): state.isFiltering = true
        case .character(let c) where c.wholeNumberValue.flatMap { Pane(rawValue: $0 - 1) } != nil:
            show(Pane(rawValue: (c.wholeNumberValue ?? 1) - 1) ?? state.pane, &state)
        case .tab: show(state.pane.neighbour(1), &state)
        case .backTab: show(state.pane.neighbour(-1), &state)
        case .down, .character("j"): move(&state, 1, page)
        case .up, .character("k"): move(&state, -1, page)
        case .pageDown: move(&state, page, page)
        case .pageUp: move(&state, -page, page)
        case .home, .character("g"): move(&state, -1_000_000, page)
        case .end, .character("G"): move(&state, 1_000_000, page)
        case .character(let c) where state.pane == .forecast && Chart(key: c) != nil:
            state.chart = Chart(key: c) ?? state.chart
        case .character("o") where state.pane == .fleet:
            state.fleetOrder = state.fleetOrder.next
            state.fleet.load(state.fleetOrder.sorted(state.fleet.rows), matching: fleetText)
            state.fleet.move(by: -1_000_000, page: page)
        case .character("m") where state.pane == .workOrders:
            state.isShowingMineOnly.toggle()
            refilter(.workOrders, &state)
            state.message =
                state.isShowingMineOnly
                ? "Showing only work orders assigned to \(state.user); m shows all"
                : "Showing all \(state.workOrderView.phrase)"
        case .character("v") where state.pane == .workOrders:
            let before = state.workOrderView
            state.workOrderView = before.next
            // In the past, closed work orders are built only while a view shows them.
            if let cursor = state.cursor, (before == .open) != (state.workOrderView == .open) {
                travel(to: cursor, &state, page)
            }
            refilter(.workOrders, &state)
            state.workOrders.move(by: -1_000_000, page: page)
            // Only open orders are loaded at start; the others when a view first shows them.
            if state.workOrderView != .open, !state.live.hasClosedWorkOrders {
                state.message = "Loading \(state.workOrderView.phrase)…"
                return [.loadAllWorkOrders]
            }
        case .character(let c): return paneAction(c, &state)
        default: break
        }
        return []
    }

    /// Starts a sync with the hub, unless there is none or one is running.
    static func startSync(_ state: inout AppState) -> [Effect] {
        guard state.sync.hub != nil else {
            state.message = "No hub yet: run `railfleet sync --hub http://HOST:PORT` once; S syncs from then on"
            return []
        }
        guard !state.sync.isSyncing else {
            state.message = "Already syncing"
            return []
        }
        state.sync.isSyncing = true
        state.sync.progress = nil
        state.sync.lastAttemptMs = state.clockMs
        return [.syncNow]
    }

    /// Switches pane, remembering where the user came from for Esc.
    static func show(_ pane: Pane, _ state: inout AppState) {
        guard pane != state.pane else { return }
        state.paneHistory.append(state.pane)
        if state.paneHistory.count > 50 { state.paneHistory.removeFirst() }
        state.pane = pane
    }
}
