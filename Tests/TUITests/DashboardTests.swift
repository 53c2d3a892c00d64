import Analytics
import Domain
import Testing

@testable import TUI

/// The KPI pane's keys and loads, on the shared demo's facts.
@Suite struct DashboardTests {
    static var data: DemoFixture { DemoFixture.shared }

    func press(_ state: inout AppState, _ keys: Key...) -> [Effect] {
        keys.flatMap { Update.apply(.keyPressed($0), to: &state, page: 20) }
    }

    func loaded(_ request: DashboardRequest) -> DashboardData {
        let facts = Self.data.facts.filter { $0.ms <= request.asOfMs }
        return DashboardData.compute(KPIReport(facts: FleetFacts(facts), asOf: request.asOfMs), request)
    }

    @Test func aLoadForAnotherGroupingThanShownIsIgnored() throws {
        var state = AppState()
        state.role = .planner
        guard case .loadDashboard(let byClass)? = press(&state, .character("6")).first else {
            Issue.record("no load")
            return
        }
        #expect(byClass.grouping == .vehicleClass && byClass.asOfMs == .max, "live: everything known")
        guard case .loadDashboard(let byDepot)? = press(&state, .character("b")).first else {
            Issue.record("no load after b")
            return
        }
        #expect(byDepot.grouping == .depot)
        // The class load finishes late: it is not shown over the depots.
        _ = Update.apply(.dashboardLoaded(loaded(byClass)), to: &state, page: 20)
        #expect(state.dashboard.data == nil)
        _ = Update.apply(.dashboardLoaded(loaded(byDepot)), to: &state, page: 20)
        #expect(state.dashboard.rows.rows.map(\.group) == ["Hamburg", "Koeln", "Mannheim", "Muenchen"])
        // The span cycles 1, 3, 12, 36 months.
        guard case .loadDashboard(let span)? = press(&state, .character("p")).first else {
            Issue.record("p")
            return
        }
        #expect(span.months == 36)
    }

    @Test func theFiguresFollowTheAuditCursor() throws {
        var state = AppState()
        state.role = .auditor
        let then = Int64(DemoFixture.demoEnd - 60) * 86_400_000
        state.cursor = TimeCursor(index: 0, ms: then)
        guard case .loadDashboard(let request)? = press(&state, .character("6")).first else {
            Issue.record("no load")
            return
        }
        #expect(request.asOfMs == then)
        let data = loaded(request)
        #expect(data.span.to <= then + 1)
        _ = Update.apply(.dashboardLoaded(data), to: &state, page: 20)
        // Going back to now asks again.
        state.cursor = nil
        _ = press(&state, .character("1"))
        guard case .loadDashboard(let live)? = press(&state, .character("6")).first else {
            Issue.record("no load for now")
            return
        }
        #expect(live.asOfMs == .max)
    }

    @Test func enterExplainsTheSelectedFigureAndXAsksWhereToExport() throws {
        var state = AppState()
        state.role = .planner
        guard case .loadDashboard(let request)? = press(&state, .character("6")).first else {
            Issue.record("no load")
            return
        }
        _ = Update.apply(.dashboardLoaded(loaded(request)), to: &state, page: 20)
        let effects = press(&state, .down, .right, .right, .enter)
        guard case .explainFigure(let kpi, let group, let grouping, _)? = effects.first else {
            Issue.record("no drill-down: \(effects)")
            return
        }
        #expect(kpi == .failures && group == state.dashboard.rows.rows[1].group && grouping == .vehicleClass)
        #expect(press(&state, .character("x")).isEmpty && state.form?.title == "Export the KPI table")
        // Choosing CSV turns the proposed file name's extension.
        let exported = press(&state, .down, .enter)
        guard case .exportDashboard(let format, let path)? = exported.first else {
            Issue.record("no export: \(exported)")
            return
        }
        #expect(format == "csv" && path.hasPrefix("railfleet-kpi-by-class-") && path.hasSuffix(".csv"))
    }

    @Test func theDrillDownScrollsAndClosesOnAnyOtherKey() throws {
        var state = AppState()
        state.pane = .kpis
        let report = KPIReport(facts: FleetFacts(Self.data.facts), asOf: .max)
        let span = ReportPeriod(from: 0, to: report.end)
        let explanation = try #require(report.explain(.failures, group: "fleet", by: .fleet, period: span))
        #expect(explanation.evidence.count > 10)
        _ = Update.apply(.explanationLoaded(explanation), to: &state, page: 20)
        let screen = Render.screen(state, width: 120, height: 30).text
        #expect(screen.contains("failures = \(explanation.evidence.count)"))
        _ = press(&state, .character("j"), .character("j"))
        #expect(state.dashboard.explanationScroll == 2)
        #expect(!Render.screen(state, width: 120, height: 30).text.contains("failures = "), "scrolled past the value")
        _ = press(&state, .character("q"))
        #expect(state.dashboard.explanation == nil && state.isRunning, "q closes the drill-down, not the program")
    }
}
