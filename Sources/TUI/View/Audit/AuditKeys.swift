public import Domain
import Foundation
public import Storage

/// Scrubbing the audit timeline: the cursor, its steps and jumps, and what the other panes
/// show while it stands in the past. Pure, like the rest of the update.
extension Update {
    static let hourMs: Int64 = 3_600_000

    /// The audit pane's keys; nil when the key is not one of them.
    static func auditKey(_ key: Key, _ state: inout AppState, page: Int) -> [Effect]? {
        guard let timeline = state.timeline else { return nil }
        let here =
            state.cursor
            ?? TimeCursor(index: timeline.events.count - 1, ms: timeline.events.last.map(timeline.axis.time) ?? 0)
        switch key {
        case .left, .up, .character("k"), .character("h"): stepVisible(-1, &state, page)
        case .right, .down, .character("j"), .character("l"): stepVisible(1, &state, page)
        case .pageUp: stepVisible(-page, &state, page)
        case .pageDown: stepVisible(page, &state, page)
        case .home, .character("g"):
            // The first event of a long history is in the first window.
            if timeline.offset > 0 {
                travel(to: TimeCursor(index: -1, ms: 0), &state, page)
            } else {
                stepVisible(-timeline.events.count, &state, page)
            }
        case .end, .character("G"):
            if timeline.reachesEnd {
                stepVisible(timeline.events.count, &state, page)
            } else {
                travel(to: nil, &state, page)
            }
        case .character(let c) where "[]{}<>".contains(c):
            let step: Int64 = "[]".contains(c) ? hourMs : ("{}".contains(c) ? 24 * hourMs : 7 * 24 * hourMs)
            let ms = here.ms + ("[{<".contains(c) ? -step : step)
            travel(to: TimeCursor(index: timeline.index(atOrBefore: ms), ms: ms), &state, page)
        case .character("p"), .character("n"):
            guard let ref = state.events.selectedRow?.event.aggregate else { return [] }
            guard let i = timeline.neighbour(of: ref, from: here.index, direction: key == .character("p") ? -1 : 1)
            else {
                state.message = "No \(key == .character("p") ? "earlier" : "later") event of \(timeline.name(of: ref))"
                return []
            }
            travel(to: TimeCursor(index: i, ms: timeline.axis.time(of: timeline.events[i])), &state, page)
        case .character("."): travel(to: nil, &state, page)
        case .character("R"):
            // The other axis needs its own order and checkpoints; the cursor keeps its time.
            state.timeAxis = state.timeAxis == .valid ? .recorded : .valid
            state.message = "Loading the history by \(state.timeAxis.rawValue) time…"
            return [.loadTimeline]
        case .character("@"): state.form = goToTimeForm(axis: timeline.axis, from: here)
        case .character("m"):
            state.mark = here
            state.message = "Marked \(here.label); move the cursor and press d for the changes between"
        case .character("d"): showChanges(timeline, from: state.mark, to: here, &state)
        case .character("u"), .character("e"), .character("t"):
            guard let event = state.events.selectedRow?.event else { return [] }
            switch key {
            case .character("u"): state.auditFilter.user = state.auditFilter.user == nil ? event.user : nil
            case .character("e"): state.auditFilter.entity = state.auditFilter.entity == nil ? event.aggregate : nil
            default: state.auditFilter.eventType = state.auditFilter.eventType == nil ? event.event.eventType : nil
            }
            refilter(.audit, &state)
            select(here, &state, page)
        default: return nil
        }
        return state.timelineRequest == nil ? [] : [.loadTimeline]
    }

    /// Moves the cursor by whole events among those the filters show; past a window's edge,
    /// to the time just beyond it, which loads the next window.
    static func stepVisible(_ delta: Int, _ state: inout AppState, _ page: Int) {
        guard let timeline = state.timeline, !state.events.visible.isEmpty else { return }
        let wanted = state.events.selected + delta
        if timeline.isWindow, let first = timeline.events.first, let last = timeline.events.last {
            if wanted < 0, timeline.offset > 0 {
                return travel(to: TimeCursor(index: -1, ms: timeline.axis.time(of: first) - 1), &state, page)
            }
            if wanted >= state.events.visible.count, !timeline.reachesEnd {
                return travel(
                    to: TimeCursor(index: timeline.events.count, ms: timeline.axis.time(of: last) + 1), &state, page)
            }
        }
        let at = max(0, min(state.events.visible.count - 1, wanted))
        let index = state.events.visible[at]
        travel(to: TimeCursor(index: index, ms: timeline.axis.time(of: timeline.events[index])), &state, page)
    }

    /// Puts the cursor at a point (nil: now) and shows every pane as it was then. A point
    /// outside a window of a long history asks for the window around it
    /// (`AppState.timelineRequest`).
    static func travel(to target: TimeCursor?, _ state: inout AppState, _ page: Int) {
        guard let timeline = state.timeline else { return }
        if timeline.lacks(target?.ms) {
            state.timelineRequest = target?.ms ?? .max
            state.message = "Loading the history around \(target?.label ?? "now")…"
            return
        }
        var cursor = target
        // At or after the last event, the past is the present.
        if let c = cursor, c.index >= timeline.events.count - 1,
            c.ms >= (timeline.events.last.map(timeline.axis.time) ?? 0)
        {
            cursor = nil
        }
        let wasLive = state.cursor == nil
        state.cursor = cursor
        select(cursor ?? TimeCursor(index: timeline.events.count - 1, ms: 0), &state, page)
        if let cursor {
            // Closed work orders only when the list shows them: scrubbing stays quick.
            let rows = timeline.rows(
                through: cursor.index, asOf: cursor.ms, closedWorkOrders: state.workOrderView != .open)
            loadLists(ScreenData(rows), &state)
            state.form = nil
            state.detail = nil
        } else if !wasLive {
            loadLists(state.live, &state)
            state.message = "Back to now: the panes show the live fleet again"
        }
    }

    /// Selects the last shown event at or before the cursor.
    static func select(_ cursor: TimeCursor, _ state: inout AppState, _ page: Int) {
        let visible = state.events.visible
        var low = 0
        var high = visible.count
        while low < high {
            let mid = (low + high) / 2
            if visible[mid] <= cursor.index { low = mid + 1 } else { high = mid }
        }
        state.events.selected = max(0, low - 1)
        // The cursor sits mid-screen, with what came before and after it in view.
        state.events.scroll = state.events.selected - page / 2
        state.events.keepInView(page: page)
    }

    static func showChanges(_ timeline: Timeline, from mark: TimeCursor?, to here: TimeCursor, _ state: inout AppState)
    {
        guard let mark else {
            state.message = "Mark a point first with m, then move the cursor"
            return
        }
        if timeline.lacks(mark.ms) {
            state.message = "The mark lies outside the loaded part of this long history: mark a point within it"
            return
        }
        let changes = timeline.changes(between: mark.index, and: here.index)
        let (from, to) = mark.index <= here.index ? (mark, here) : (here, mark)
        var lines: [String] = []
        for (ref, fields) in changes {
            lines.append("\(ref.kind.rawValue) \(timeline.name(of: ref))")
            lines += fields.map { "  \($0.field): \($0.before ?? "—") → \($0.after ?? "—")" }
        }
        if lines.isEmpty { lines = ["Nothing changed between these two points."] }
        state.changes = ChangesView(title: "\(changes.count) changed, \(from.label) → \(to.label)", lines: lines)
    }

    /// Keys while the changes overlay is shown: scroll, or close.
    static func changesKey(_ key: Key, _ state: inout AppState, page: Int) {
        guard var view = state.changes else { return }
        switch key {
        case .down, .character("j"): view.scroll += 1
        case .up, .character("k"): view.scroll -= 1
        case .pageDown: view.scroll += page
        case .pageUp: view.scroll -= page
        default:
            state.changes = nil
            return
        }
        view.scroll = max(0, min(view.scroll, view.lines.count - 1))
        state.changes = view
    }

    /// Asks for a time on the axis the cursor moves on; the cursor goes to the last event
    /// at or before it. Nothing is written.
    static func goToTimeForm(axis: TimeAxis, from here: TimeCursor) -> FormState {
        var form = FormBuilder()
        let time = form.text(axis == .valid ? "Valid time" : "Recorded time", prefill: here.label)
        return FormState(
            title: "Go to a time", fields: form.fields,
            submit: .apply { fields, state, page in
                guard let timeline = state.timeline else { return [] }
                guard let ms = UTC.parse(time.text(in: fields).replacingOccurrences(of: " ", with: "T")) else {
                    state.form?.error = "Time: write YYYY-MM-DD or YYYY-MM-DD HH:MM (UTC)"
                    return []
                }
                state.form = nil
                travel(to: TimeCursor(index: timeline.index(atOrBefore: ms), ms: ms), &state, page)
                return state.timelineRequest == nil ? [] : [.loadTimeline]
            })
    }
}
