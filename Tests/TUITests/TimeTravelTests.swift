import Domain
import Foundation
import Storage
import Testing

@testable import TUI

/// Scrubbing the audit timeline: every step lands where it says, the panes show the state
/// as of the cursor, nothing can be written there, and `.` brings the present back.
@Suite struct TimeTravelTests {
    let demo = DemoFixture.shared
    let page = Render.page(height: 30)

    /// An auditor (or a planner, to see writes refused) on the audit pane with the history loaded.
    func makeState(role: Role = .auditor) -> AppState {
        var state = AppState()
        state.user = "dana"
        state.role = role
        _ = Update.apply(.dataLoaded(demo.screen), to: &state, page: page)
        let effects = Update.apply(.keyPressed(.character("4")), to: &state, page: page)
        #expect(effects == [.loadTimeline], "opening the audit pane loads the history")
        _ = Update.apply(.timelineLoaded(demo.timeline, demo.verification), to: &state, page: page)
        return state
    }

    @discardableResult
    func press(_ state: inout AppState, _ keys: Key...) -> [Effect] {
        keys.flatMap { Update.apply(.keyPressed($0), to: &state, page: page) }
    }

    @Test func theCursorStartsAtNowAndTheStepsMoveItByWhatTheySay() throws {
        var state = makeState()
        let t = demo.timeline
        #expect(state.cursor == nil && state.events.selectedRow == t.events.last)
        press(&state, .left)
        #expect(
            state.cursor
                == TimeCursor(index: t.events.count - 2, ms: t.events[t.events.count - 2].event.timestamp.physicalMs))
        let start = state.cursor!.ms
        for (key, ms) in [
            ("[", -3_600_000), ("{", -86_400_000), ("<", -7 * 86_400_000), (">", 7 * 86_400_000), ("}", 86_400_000),
            ("]", 3_600_000),
        ] as [(Character, Int64)] {
            let before = state.cursor!.ms
            press(&state, .character(key))
            #expect(state.cursor!.ms == before + ms, "\(key)")
            #expect(
                state.cursor!.index == t.index(atOrBefore: before + ms),
                "\(key): the last event at or before the new time")
        }
        #expect(state.cursor!.ms == start)
        // Forward past the last event is the present again.
        press(&state, .character(">"))
        #expect(state.cursor == nil)
        press(&state, .character("{"), .character("."))
        #expect(state.cursor == nil)
    }

    @Test func inThePastEveryPaneShowsTheStateAsOfTheCursorAndWritesAreRefused() throws {
        var state = makeState(role: .planner)
        let t = demo.timeline
        press(&state, .character("<"), .character("<"), .character("<"))
        let cursor = try #require(state.cursor)
        // The open work orders, as the list shows by default; closed ones are built when a view asks.
        let expected = t.rows(through: cursor.index, asOf: cursor.ms, closedWorkOrders: false)
        #expect(state.fleet.rows == expected.fleet)
        #expect(state.workOrders.rows == expected.workOrders)
        #expect(state.parts.rows == expected.parts)
        #expect(expected.workOrders != demo.screen.workOrders, "three weeks ago the open work orders were others")
        // Work orders opened after the cursor are not in the pane.
        let later = demo.screen.workOrders.filter { $0.openedAt.ms > cursor.ms }
        #expect(!later.isEmpty)
        #expect(later.allSatisfy { w in !state.workOrders.rows.contains { $0.workOrderID == w.workOrderID } })

        press(&state, .character("2"))
        let screen = Render.screen(state, width: 120, height: 30).text
        #expect(screen.contains("AS OF \(cursor.label) UTC · read-only"))
        #expect(!screen.contains("n open a work order"), "write actions are not offered")
        #expect(press(&state, .character("n")).isEmpty && state.form == nil)
        #expect(state.message?.contains("read-only") == true)

        // A new fact written meanwhile does not pull the panes back to the present.
        _ = Update.apply(.dataLoaded(demo.screen), to: &state, page: page)
        #expect(state.workOrders.rows == expected.workOrders)
        press(&state, .character("4"), .character("."))
        #expect(state.cursor == nil && state.workOrders.rows == demo.screen.workOrders)
        press(&state, .character("2"), .character("n"))
        #expect(state.form != nil, "writes are offered again now")
    }

    @Test func jumpsBetweenOneEntitysEventsAndATypedTime() throws {
        var state = makeState()
        let t = demo.timeline
        press(&state, .character("<"))
        let ref = try #require(state.events.selectedRow?.event.aggregate)
        let here = state.cursor!.index
        press(&state, .character("p"))
        #expect(state.cursor!.index == t.neighbour(of: ref, from: here, direction: -1))
        #expect(state.events.selectedRow?.event.aggregate == ref)
        press(&state, .character("n"))
        #expect(state.cursor!.index == here)

        press(&state, .character("@"))
        #expect(state.form?.title == "Go to a time")
        for _ in 0..<20 { press(&state, .backspace) }
        for c in "2026-02-30" { press(&state, .character(c)) }
        press(&state, .enter)
        #expect(state.form?.error?.contains("YYYY-MM-DD") == true, "an impossible date is refused in place")
        for _ in 0..<2 { press(&state, .backspace) }
        for c in "28 13:30" { press(&state, .character(c)) }
        press(&state, .enter)
        let ms = UTC.parse("2026-02-28T13:30")!
        #expect(state.form == nil && state.cursor == TimeCursor(index: t.index(atOrBefore: ms), ms: ms))
    }

    @Test func filtersAndTheChangesBetweenTwoMarks() throws {
        var state = makeState()
        let t = demo.timeline
        press(&state, .character("{"))
        let event = try #require(state.events.selectedRow?.event)
        press(&state, .character("u"))
        #expect(state.events.visible.allSatisfy { t.events[$0].event.user == event.user })
        #expect(state.events.visible.count == t.events.filter { $0.event.user == event.user }.count)
        press(&state, .character("t"))
        #expect(
            state.events.visible.allSatisfy {
                t.events[$0].event.user == event.user && t.events[$0].event.event.eventType == event.event.eventType
            })
        // One step moves to the previous event that the filters show.
        let before = state.cursor!.index
        press(&state, .left)
        #expect(state.cursor!.index == state.events.visible.last { $0 < before })
        press(&state, .character("u"), .character("t"))
        #expect(state.events.visible.count == t.events.count)

        press(&state, .character("d"))
        #expect(state.changes == nil && state.message?.contains("Mark") == true)
        let marked = state.cursor!
        press(&state, .character("m"), .character("<"), .character("d"))
        let changes = try #require(state.changes)
        let expected = t.changes(between: marked.index, and: state.cursor!.index)
        #expect(changes.lines.count == expected.count + expected.reduce(0) { $0 + $1.changes.count })
        #expect(changes.title.hasPrefix("\(expected.count) changed"))
        press(&state, .down, .down)
        #expect(state.changes?.scroll == 2)
        press(&state, .escape)
        #expect(state.changes == nil)
    }

    @Test func aVehiclesDetailInThePastComesFromTheTimeline() throws {
        var state = makeState()
        press(&state, .character("<"), .character("<"), .character("1"))
        let vehicle = try #require(state.fleet.selectedRow)
        #expect(press(&state, .enter).isEmpty, "nothing to load: the timeline holds the past")
        guard case .vehicle(let detail)? = state.detail else {
            Issue.record("no vehicle detail")
            return
        }
        #expect(detail.vehicle == vehicle)
        #expect(
            detail.events.allSatisfy {
                $0.event.timestamp.physicalMs <= state.cursor!.ms && $0.event.aggregate.id == vehicle.vehicleID
            })
        #expect(!detail.workOrders.isEmpty)
        let all = demo.timeline.rows(through: state.cursor!.index, asOf: state.cursor!.ms).workOrders
        #expect(
            detail.workOrders.map(\.workOrderID)
                == all.filter { $0.vehicleID == vehicle.vehicleID }.reversed().map(\.workOrderID))
        // Asking for closed work orders in the past builds them.
        press(&state, .escape, .character("2"), .character("v"))
        #expect(state.workOrders.rows == all)
    }

    @Test func aFailedVerificationIsShownAsAnAlert() {
        var state = makeState()
        _ = Update.apply(
            .timelineLoaded(
                demo.timeline, Verification(devices: 2, problems: ["altered d1:4: hash differs"])),
            to: &state, page: page)
        let buffer = Render.screen(state, width: 100, height: 30)
        #expect(buffer.text.contains("✗ VERIFICATION FAILED: 1 problems, first altered d1:4"))
        #expect(buffer[1, 1].style == .alert)
    }

    @Test func aHistoryThatCannotBeLoadedSaysWhyAndIsTriedAgainOnReturn() {
        var state = AppState()
        _ = Update.apply(.keyPressed(.character("4")), to: &state, page: page)
        _ = Update.apply(
            .timelineFailed("Could not load the history: event d1:4 does not decode"), to: &state, page: page)
        let buffer = Render.screen(state, width: 100, height: 30)
        #expect(buffer.text.contains("Could not load the history: event d1:4 does not decode"))
        #expect(buffer[1, 1].style == .alert)
        #expect(Update.apply(.keyPressed(.left), to: &state, page: page).isEmpty, "no reload on every key")
        _ = Update.apply(.keyPressed(.character("1")), to: &state, page: page)
        #expect(Update.apply(.keyPressed(.character("4")), to: &state, page: page) == [.loadTimeline])
    }

    /// The workshop terminal works in the morning and syncs at 18:00: at noon the work had
    /// happened (valid time) but the office did not know it yet (recorded time).
    @Test func onRecordedTimeThePanesShowWhatThisTerminalKnewThen() throws {
        var state = makeState()
        let late = try #require(
            demo.timeline.events.first { e in
                guard case .workOrderAdvanced(let a) = e.event.event, a.stage == .inProgress else { return false }
                return e.event.recordedAtMs - e.event.timestamp.physicalMs > 3_600_000
            }, "the demo's workshop events are stored in the evening")
        // A whole minute after it happened: typed times are minutes.
        let noon = (late.event.timestamp.physicalMs / 60_000 + 1) * 60_000
        func typeTime(_ ms: Int64) {
            press(&state, .character("@"))
            for _ in 0..<20 { press(&state, .backspace) }
            for c in Instant(ms: ms).minute { press(&state, .character(c)) }
            press(&state, .enter)
        }
        typeTime(noon)
        let woID = late.event.aggregate.id
        #expect(
            state.workOrders.rows.first { $0.workOrderID == woID }?.status == .inProgress, "valid time: it happened")

        #expect(press(&state, .character("R")) == [.loadTimeline])
        #expect(state.timeAxis == .recorded)
        // A load of the other axis that finishes late changes nothing.
        _ = Update.apply(.timelineLoaded(demo.timeline, nil), to: &state, page: page)
        #expect(state.timeline?.axis == .valid)
        _ = Update.apply(.timelineLoaded(demo.recordedTimeline, nil), to: &state, page: page)
        let cursor = try #require(state.cursor)
        #expect(cursor.ms == noon, "the cursor keeps its time")
        #expect(cursor.index == demo.recordedTimeline.index(atOrBefore: noon))
        #expect(
            state.workOrders.rows.first { $0.workOrderID == woID }?.status != .inProgress,
            "recorded time: not known yet")
        let screen = Render.screen(state, width: 160, height: 30).text
        #expect(
            screen.contains("AS KNOWN HERE AT \(Instant(ms: noon).minute) UTC") && screen.contains("(recorded time)"))
        // After the evening's sync it is known.
        typeTime(late.event.recordedAtMs)
        #expect(state.workOrders.rows.first { $0.workOrderID == woID }.map { $0.status != .requested } == true)
        #expect(state.timeline?.state(through: state.cursor!.index)[late.event.aggregate] != nil)
    }

    @Test func theChartsEndAtTheCursorsMonth() {
        var state = makeState()
        _ = Update.apply(.forecastLoaded(demo.forecast), to: &state, page: page)
        press(&state, .character("<"), .character("<"), .character("<"), .character("<"), .character("<"))
        let month = String(UTC.format(ms: state.cursor!.ms).prefix(7))
        let cut = demo.forecast.upTo(month: month)
        #expect(cut.costs?.points.last?.month == month)
        #expect(cut.costs!.points.count < demo.forecast.costs!.points.count)
        press(&state, .character("5"), .character("c"))
        let past = Render.screen(state, width: 160, height: 40).text
        press(&state, .character("4"), .character("."), .character("5"))
        let now = Render.screen(state, width: 160, height: 40).text
        // One dot per month on the cost line.
        #expect(past.filter { $0 == "●" }.count == cut.costs!.points.count)
        #expect(now.filter { $0 == "●" }.count == demo.forecast.costs!.points.count)
    }
}
