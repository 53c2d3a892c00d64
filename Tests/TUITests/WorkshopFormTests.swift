import Domain
import Foundation
import Storage
import Testing

@testable import TUI

/// The forms and keys a workshop and a store use every day, on the demo fleet's data: what
/// each submits, what each refuses in place, and the navigation around them.
@Suite struct WorkshopFormTests {
    let demo = DemoFixture.shared
    let page = Render.page(height: 30)

    func makeState(_ role: Role, pane: Character? = nil) -> AppState {
        var state = AppState()
        state.user = "dana"
        state.role = role
        _ = Update.apply(.dataLoaded(demo.screen), to: &state, page: page)
        if let pane { press(&state, .character(pane)) }
        return state
    }

    @discardableResult
    func press(_ state: inout AppState, _ keys: Key...) -> [Effect] {
        keys.flatMap { Update.apply(.keyPressed($0), to: &state, page: page) }
    }

    func type(_ state: inout AppState, _ text: String) { for c in text { press(&state, .character(c)) } }

    @Test func vShowsWorkOrdersStateByStateThenAllThenOpenAgain() {
        var state = makeState(.planner, pane: "2")
        let rows = demo.screen.workOrders
        #expect(state.workOrders.visible.count == rows.filter(\.status.isOpen).count)
        for status in WorkOrderStatus.lifecycleOrder {
            press(&state, .character("v"))
            #expect(state.workOrderView == .status(status))
            #expect(
                state.workOrders.visible.map { state.workOrders.rows[$0].status }
                    == rows.filter { $0.status == status }.map(\.status))
        }
        press(&state, .character("v"))
        #expect(state.workOrders.visible.count == rows.count)
        press(&state, .character("v"))
        #expect(state.workOrderView == .open)
        #expect(rows.count > state.workOrders.visible.count, "the demo has closed work orders")
    }

    @Test func assigningAWorkshopAndATechnician() throws {
        var state = makeState(.planner, pane: "2")
        let wo = try #require(state.workOrders.selectedRow)
        press(&state, .character("w"))
        #expect(press(&state, .enter).isEmpty)
        #expect(state.form?.error == "Pick a workshop, a technician, or both")
        type(&state, "Koeln")
        press(&state, .tab)
        let technician = try #require(state.form?.fields[1].matches.dropFirst().first)
        type(&state, technician.label)
        let workshop = try #require(demo.screen.workshops.first { $0.name.contains("Koeln") })
        #expect(
            press(&state, .enter) == [
                .execute(
                    .assignWorkOrder(
                        workOrderID: wo.workOrderID, workshopID: workshop.workshopID, technician: technician.label),
                    success: "Assigned: \(workshop.name), \(workshop.depot), \(technician.label)")
            ])
        // A technician may not assign: the key is not offered and says why.
        var tech = makeState(.technician, pane: "2")
        press(&tech, .character("w"))
        #expect(tech.form == nil && tech.message?.contains("may not") == true)
    }

    @Test func holdingResumingAndCancellingNeedAReasonWhereItMatters() throws {
        var state = makeState(.planner, pane: "2")
        let wo = try #require(state.workOrders.selectedRow)
        press(&state, .character("H"))
        press(&state, .enter)
        #expect(state.form?.error == "the reason for a hold (what the work waits for) must not be empty")
        type(&state, "parts")
        #expect(
            press(&state, .enter) == [
                .execute(
                    .holdWorkOrder(workOrderID: wo.workOrderID, hold: true, reason: "parts"),
                    success: "\(wo.number) on hold")
            ])
        state.form = nil
        // On hold, H resumes at once.
        var data = demo.screen
        data.workOrders[data.workOrders.firstIndex { $0.workOrderID == wo.workOrderID }!].status = .onHold
        _ = Update.apply(.dataLoaded(data), to: &state, page: page)
        #expect(
            press(&state, .character("H")) == [
                .execute(
                    .holdWorkOrder(workOrderID: wo.workOrderID, hold: false, reason: nil),
                    success: "\(wo.number) resumed")
            ])
        press(&state, .character("X"), .enter)
        #expect(state.form?.error == "the reason for cancelling must not be empty")
        type(&state, "duplicate")
        #expect(
            press(&state, .enter) == [
                .execute(
                    .cancelWorkOrder(workOrderID: wo.workOrderID, reason: "duplicate"),
                    success: "\(wo.number) cancelled")
            ])
    }

    @Test func recordingAFailureCodeIsCheckedInPlace() throws {
        var state = makeState(.technician, pane: "2")
        let wo = try #require(state.workOrders.selectedRow)
        press(&state, .character("f"))
        type(&state, "doors")
        press(&state, .enter)
        #expect(state.form?.error == "failure mode must not be empty")
        press(&state, .tab)
        type(&state, "does not close")
        press(&state, .tab)
        type(&state, "sensor/dirty")
        press(&state, .tab)
        type(&state, "cleaned")
        press(&state, .enter)
        #expect(state.form?.error == "failure cause 'sensor/dirty' must not contain '/'")
        press(&state, .backTab)
        for _ in 0..<6 { press(&state, .backspace) }
        let effects = press(&state, .enter)
        let code = FailureCode(system: "doors", mode: "does not close", cause: "sensor", remedy: "cleaned")
        #expect(
            effects == [
                .execute(
                    .recordFailureCode(workOrderID: wo.workOrderID, code: code),
                    success: "Failure code doors/does not close/sensor/cleaned recorded")
            ])
    }

    @Test func receiveIssueTransferAndAdjustStock() throws {
        var state = makeState(.storekeeper, pane: "3")
        let part = try #require(state.parts.selectedRow)
        let location = try #require(part.locations.first)
        press(&state, .character("r"))
        press(&state, .tab)
        type(&state, "x")
        press(&state, .enter)
        #expect(state.form?.error == "Quantity must be a whole number, such as 4")
        press(&state, .backspace)
        type(&state, "0")
        press(&state, .enter)
        #expect(state.form?.error == "quantity must be positive, got 0")
        press(&state, .backspace)
        type(&state, "12")
        #expect(
            press(&state, .enter) == [
                .execute(
                    .receiveStock(partID: part.partID, location: location.location, quantity: 12, note: nil),
                    success: "Received 12 at \(location.location)")
            ])

        state.form = nil
        press(&state, .character("i"), .tab)
        type(&state, "2")
        press(&state, .tab, .down)
        let chosen = try #require(state.form?.fields[2].chosen)
        let wo = try #require(state.workOrders.rows.first { chosen.label.hasPrefix($0.number + " ") })
        #expect(
            press(&state, .enter) == [
                .execute(
                    .issueStock(
                        partID: part.partID, location: location.location, quantity: 2, workOrderID: wo.workOrderID,
                        note: nil),
                    success: "Issued 2 from \(location.location)")
            ])

        state.form = nil
        press(&state, .character("t"), .tab)
        type(&state, location.location)
        press(&state, .tab)
        type(&state, "1")
        press(&state, .enter)
        #expect(state.form?.error == "a transfer needs two different locations")
        press(&state, .backTab)
        type(&state, "-B")
        #expect(
            press(&state, .enter) == [
                .execute(
                    .transferStock(
                        partID: part.partID, from: location.location, to: location.location + "-B", quantity: 1),
                    success: "Moved 1 from \(location.location) to \(location.location)-B")
            ])

        state.form = nil
        press(&state, .character("a"), .tab)
        type(&state, "+0")
        press(&state, .enter)
        #expect(state.form?.error == "an adjustment of 0 changes nothing")
        press(&state, .backspace)
        type(&state, "3")
        press(&state, .enter)
        #expect(state.form?.error == "adjustment reason must not be empty")
        press(&state, .tab)
        type(&state, "stocktake")
        #expect(
            press(&state, .enter) == [
                .execute(
                    .adjustStock(partID: part.partID, location: location.location, delta: 3, reason: "stocktake"),
                    success: "Adjusted \(location.location) by 3")
            ])
    }

    @Test func aPartsMovementsOpenWithEnterAndCloseWithEsc() throws {
        var state = makeState(.storekeeper, pane: "3")
        let part = try #require(state.parts.selectedRow)
        let ref = AggregateRef(.part, part.partID)
        #expect(press(&state, .enter) == [.loadDetail(ref)])
        let detail = try #require(try Detail.load(ref, shown: state, from: demo.store))
        guard case .part(let partDetail) = detail else {
            Issue.record("not a part's detail")
            return
        }
        let trail = try demo.store.trail(of: ref)
        #expect(partDetail.events.count == min(30, trail.count))
        #expect(partDetail.events.allSatisfy { $0.event.aggregate == ref })
        #expect(partDetail.events.map(\.seq) == partDetail.events.map(\.seq).sorted(by: >), "newest first")
        _ = Update.apply(.detailLoaded(detail), to: &state, page: page)
        let screen = Render.screen(state, width: 100, height: 40).text
        #expect(screen.contains("Latest movements, newest first"))
        let newest = try #require(partDetail.events.first)
        #expect(screen.contains(EventSummary.of(newest.event.event, naming: { partDetail.names[$0] })))
        press(&state, .escape)
        #expect(state.detail == nil && state.pane == .stock)
    }

    @Test func escGoesBackThroughThePanesVisited() {
        var state = makeState(.dispatcher)
        press(&state, .character("2"), .character("3"), .tab)
        #expect(state.pane == .audit)
        press(&state, .escape)
        #expect(state.pane == .stock)
        press(&state, .escape, .escape)
        #expect(state.pane == .fleet)
        press(&state, .escape)
        #expect(state.pane == .fleet && state.message == "Nothing to go back to")
    }

    @Test func thePaletteFindsAnActionByNameAndRunsItInItsPane() {
        var state = makeState(.storekeeper)
        press(&state, .character(":"))
        type(&state, "receive")
        #expect(state.form?.fields[0].matches.map(\.label) == ["Stock: receive  [r]"])
        press(&state, .enter)
        #expect(
            state.pane == .stock
                && state.form?.title.hasPrefix("Receive \(state.parts.selectedRow?.partNumber ?? "?")") == true)
        // What a role may not do is not in its palette.
        var dispatcher = makeState(.dispatcher)
        press(&dispatcher, .character(":"))
        type(&dispatcher, "receive")
        #expect(dispatcher.form?.fields[0].matches.isEmpty == true)
        press(&dispatcher, .enter)
        #expect(dispatcher.form?.error == "No command matches; Esc closes")
    }

    @Test func theStatusBarCountsEventsNotYetSynced() {
        var state = makeState(.dispatcher)
        state.database = "demo.sqlite"
        #expect(Render.screen(state, width: 120, height: 30).text.contains("demo.sqlite · synced"))
        var data = demo.screen
        data.unsynced = 7
        _ = Update.apply(.dataLoaded(data), to: &state, page: page)
        #expect(Render.screen(state, width: 120, height: 30).text.contains("demo.sqlite · 7 unsynced"))
    }

    @Test func aSmallerTerminalKeepsEveryListsSelectionInView() {
        var state = makeState(.planner, pane: "2")
        press(&state, .character("v"), .character("v"), .character("v"), .character("v"), .character("v"))
        press(
            &state, .character("v"), .character("v"), .character("v"), .character("v"), .character("v"), .character("v")
        )
        #expect(state.workOrderView == .all && state.workOrders.visible.count > 20)
        for _ in 0..<20 { press(&state, .down) }
        #expect(state.workOrders.selected == 20 && state.workOrders.scroll == 0, "page 26: row 20 is in view")
        _ = Update.apply(.resized, to: &state, page: 8)
        #expect(state.workOrders.scroll == 13, "at 8 rows a page, row 20 is the last one shown")
    }
}
