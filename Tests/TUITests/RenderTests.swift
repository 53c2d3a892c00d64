import Foundation
@testable import Storage
import Testing
@testable import TUI

@Suite struct RenderTests {
    func makeRow(_ n: Int, depot: String = "Koeln", status: String = "in-service") -> FleetRow {
        FleetRow(
            vehicleID: "V-\(n)", fleetNumber: "186-\(n)", evn: "918061860014", vehicleClass: "Class 186", kind: "locomotive", keeper: nil,
            depot: depot, status: status, statusReason: nil, odometerKm: 1000 * n, tags: [],
            nextExam: .init(level: "A", dueKm: 2000, dueDate: "2026-12-01", expectedDate: "2026-12-01", urgency: "ok"), openWorkOrders: n % 2, openDefects: 0)
    }

    func makeState(rows: Int) -> AppState {
        var state = AppState()
        state.user = "dana"
        state.role = "dispatcher"
        state.device = "desk-1"
        state.database = "demo.sqlite"
        Update.apply(.fleetLoaded((1...rows).map { makeRow($0) }), to: &state, visibleRows: 21)
        return state
    }

    @Test func theFleetPaneShowsHeaderRowsAndStatusBar() {
        let lines = Render.screen(makeState(rows: 3), width: 80, height: 24).text.components(separatedBy: "\n")
        #expect(lines[0].hasPrefix(" RailFleet · Fleet  3 vehicles, 3 available"))
        #expect(lines[1].hasPrefix("FLEET NO   CLASS        DEPOT      STATUS"))
        #expect(lines[2].hasPrefix("186-1      Class 186    Koeln      in-service      1000"))
        #expect(lines[23].contains("dana (dispatcher) · device desk-1 · demo.sqlite"))
        #expect(lines.count == 24 && lines.allSatisfy { $0.count == 80 })
    }

    @Test func theSelectionMovesAndScrollsIntoView() {
        var state = makeState(rows: 50)
        for _ in 0..<30 { Update.apply(.keyPressed(.character("j")), to: &state, visibleRows: 21) }
        #expect(state.selected == 30 && state.scroll == 10)
        let buffer = Render.screen(state, width: 80, height: 24)
        #expect(buffer[0, 2 + 20].style == .selected)
        Update.apply(.keyPressed(.character("g")), to: &state, visibleRows: 21)
        #expect(state.selected == 0 && state.scroll == 0)
        Update.apply(.keyPressed(.character("q")), to: &state, visibleRows: 21)
        #expect(!state.isRunning)
    }

    @Test func wideCharactersKeepColumnsAligned() {
        var state = makeState(rows: 2)
        state.fleet[0].depot = "東京駅"
        let lines = Render.screen(state, width: 80, height: 24).text.components(separatedBy: "\n")
        let wide = lines[2], plain = lines[3]
        #expect(DisplayWidth.of(wide) == 80)
        func column(of text: String, in line: String) -> Int { DisplayWidth.of(String(line[..<line.range(of: text)!.lowerBound])) }
        #expect(column(of: "in-service", in: wide) == column(of: "in-service", in: plain))
    }

    @Test func aTooSmallTerminalSaysSo() {
        let text = Render.screen(makeState(rows: 3), width: 40, height: 8).text
        #expect(text.hasPrefix("Terminal too small: need 60×10"))
    }
}
