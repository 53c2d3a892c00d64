import Analytics
import DemoFleet
import Domain
import Foundation
import Storage
import Testing

@testable import TUI

/// Every pane and the main dialogs, rendered from a fixed demo database, compared with
/// the screens checked in under `Snapshots/`. Set RAILFLEET_RECORD_SNAPSHOTS=1 to write
/// them anew; a recording run fails, so that a recorded screen is always looked at.
@Suite(.serialized) struct GoldenScreenTests {
    static var data: DemoFixture { DemoFixture.shared }

    static let screens: [(name: String, keys: [Key], role: Role)] = [
        ("fleet", [], .dispatcher),
        ("work-orders", [.character("2")], .technician),
        ("stock", [.character("3")], .storekeeper),
        ("audit", [.character("4")], .auditor),
        // Two weeks, two days and two events back: later events dimmed, the status bar says so.
        (
            "audit-scrubbed",
            [.character("4"), .character("<"), .character("<"), .character("{"), .character("{"), .left, .left],
            .auditor
        ),
        (
            "fleet-as-of",
            [.character("4"), .character("<"), .character("<"), .character("<"), .character("<"), .character("1")],
            .dispatcher
        ),
        (
            "audit-changes", [.character("4"), .character("m"), .character("{"), .character("{"), .character("d")],
            .auditor
        ),
        ("audit-go-to-time", [.character("4"), .character("@")], .auditor),
        ("conflicts", [.character("C")], .planner),
        // On recorded time, a day back: what the office knew then.
        ("audit-recorded-time", [.character("4"), .character("R"), .character("{")], .auditor),
        ("work-orders-planned", [.character("2"), .character("v"), .character("v"), .character("v")], .planner),
        ("assign-form", [.character("2"), .character("w")], .planner),
        ("failure-code-form", [.character("2"), .character("f")], .technician),
        ("part-detail", [.character("3"), .enter], .storekeeper),
        (
            "work-order-detail",
            [
                .character("2"), .character("v"), .character("v"), .character("v"), .character("v"), .character("v"),
                .character("v"), .character("v"), .character("v"), .enter,
            ], .planner
        ),
        ("stock-issue-form", [.character("3"), .character("i")], .storekeeper),
        ("palette", [.character(":"), .character("s"), .character("t"), .character("o")], .storekeeper),
        ("help", [.character("2"), .character("?")], .planner),
        (
            "open-work-order-form",
            [.character("2"), .character("n"), .character("4"), .character("2"), .character("5")], .planner
        ),
        ("filtered-fleet", [.character("/"), .character("S"), .character("G"), .character("G"), .enter], .dispatcher),
        ("vehicle-detail", [.character("j"), .character("j"), .enter], .dispatcher),
        ("forecast-failures", [.character("5")], .planner),
        ("forecast-parts", [.character("5"), .character("p"), .character("j"), .character("j")], .storekeeper),
        ("forecast-costs", [.character("5"), .character("c")], .planner),
        ("forecast-risk", [.character("5"), .character("r")], .planner),
        ("forecast-risk-vehicle", [.character("5"), .character("r"), .enter], .planner),
        ("forecast-exam-form", [.character("5"), .character("r"), .character("e")], .planner),
        ("forecast-anomalies", [.character("5"), .character("a")], .dispatcher),
        ("kpis", [.character("6")], .planner),
        ("kpis-trend", [.character("6"), .character("j"), .character("l")], .planner),
        ("kpis-heat-map", [.character("6"), .character("w")], .planner),
        ("kpis-scatter", [.character("6"), .character("s")], .planner),
        ("kpis-repair-times", [.character("6"), .character("r")], .planner),
        ("kpis-explain", [.character("6"), .character("j"), .right, .right, .enter], .planner),
        (
            "kpis-by-workshop", [.character("6"), .character("b"), .character("b"), .character("b"), .character("b")],
            .planner
        ),
        ("kpis-export-form", [.character("6"), .character("x")], .planner),
        // Four weeks back on the timeline: the figures as of then.
        (
            "kpis-as-of",
            [.character("4"), .character("<"), .character("<"), .character("<"), .character("<"), .character("6")],
            .planner
        ),
    ]

    static let sizes = [(80, 24), (160, 48)]

    func render(_ keys: [Key], role: Role, width: Int, height: Int) -> CellBuffer {
        var state = AppState()
        state.user = "dana"
        state.role = role
        state.device = "office-desk"
        state.database = "demo.sqlite"
        _ = Update.apply(.dataLoaded(Self.data.screen), to: &state, page: Render.page(height: height))
        for key in keys {
            // Play the effect the app would: loading the charts when their pane opens.
            for effect in Update.apply(.keyPressed(key), to: &state, page: Render.page(height: height)) {
                switch effect {
                case .loadForecast:
                    _ = Update.apply(.forecastLoaded(Self.data.forecast), to: &state, page: Render.page(height: height))
                    _ = Update.apply(
                        .predictionsLoaded(Self.data.predictions), to: &state, page: Render.page(height: height))
                case .loadDetail(let ref):
                    let detail = try! Detail.load(ref, shown: state, from: Self.data.store)!
                    _ = Update.apply(.detailLoaded(detail), to: &state, page: Render.page(height: height))
                case .loadTimeline:
                    let timeline = state.timeAxis == .recorded ? Self.data.recordedTimeline : Self.data.timeline
                    _ = Update.apply(
                        .timelineLoaded(timeline, Self.data.verification), to: &state,
                        page: Render.page(height: height))
                case .loadConflicts:
                    _ = Update.apply(
                        .conflictsLoaded(try! Self.data.store.conflicts()), to: &state,
                        page: Render.page(height: height))
                case .loadDashboard(let request):
                    let report = KPIReport(
                        facts: FleetFacts(Self.data.facts.filter { $0.ms <= request.asOfMs }), asOf: request.asOfMs)
                    _ = Update.apply(
                        .dashboardLoaded(DashboardData.compute(report, request)), to: &state,
                        page: Render.page(height: height))
                case .explainFigure(let kpi, let group, let grouping, let period):
                    let report = KPIReport(facts: FleetFacts(Self.data.facts), asOf: state.cursor?.ms ?? .max)
                    let explanation = report.explain(kpi, group: group, by: grouping, period: period)!
                    _ = Update.apply(.explanationLoaded(explanation), to: &state, page: Render.page(height: height))
                case .execute, .syncNow, .loadAllWorkOrders, .exportDashboard: break
                }
            }
        }
        return Render.screen(state, width: width, height: height)
    }

    @Test(arguments: screens.indices)
    func screensMatchTheCheckedInGoldens(index: Int) throws {
        let screen = Self.screens[index]
        for (width, height) in Self.sizes {
            let text = render(screen.keys, role: screen.role, width: width, height: height).text + "\n"
            let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                "Snapshots/\(screen.name)-\(width)x\(height).txt")
            if ProcessInfo.processInfo.environment["RAILFLEET_RECORD_SNAPSHOTS"] != nil {
                try FileManager.default.createDirectory(
                    at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: file, atomically: true, encoding: .utf8)
                Issue.record("recorded \(file.lastPathComponent); run again without RAILFLEET_RECORD_SNAPSHOTS")
                continue
            }
            let golden = try String(contentsOf: file, encoding: .utf8)
            if golden != text {
                Issue.record(
                    "\(screen.name) at \(width)×\(height) differs from its golden:\n\(Self.diff(golden, text))")
            }
        }
    }

    @Test func colourRolesOfAFewCells() {
        let buffer = render([], role: .dispatcher, width: 80, height: 24)
        #expect(buffer[0, 0].style == .title)
        #expect(buffer[12, 0].style == .selected, "the current pane's tab")
        #expect(buffer[0, 2].style == .header)
        #expect(buffer[0, 3].style == .selected, "the first row is selected")
        #expect(buffer[0, 23].style == .statusBar)
        // A part at its reorder point is drawn as a warning.
        var state = AppState()
        var data = Self.data.screen
        data.parts[1].available = data.parts[1].reorderPoint
        data.parts[1].belowReorderPoint = true
        _ = Update.apply(.dataLoaded(data), to: &state, page: Render.page(height: 24))
        _ = Update.apply(.keyPressed(.character("3")), to: &state, page: Render.page(height: 24))
        let stock = Render.screen(state, width: 80, height: 24)
        #expect(stock[0, 4].style == .warning && stock[0, 5].style == .normal)
    }

    /// The differing lines, golden first.
    static func diff(_ golden: String, _ actual: String) -> String {
        let a = golden.components(separatedBy: "\n")
        let b = actual.components(separatedBy: "\n")
        return (0..<max(a.count, b.count)).compactMap { i in
            let x = i < a.count ? a[i] : ""
            let y = i < b.count ? b[i] : ""
            return x == y ? nil : "line \(i + 1):\n  golden: \(x)\n  actual: \(y)"
        }.joined(separator: "\n")
    }
}
