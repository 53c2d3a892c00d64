import Analytics
import Domain
import Export
import Foundation
import Storage
import TUI

/// The fleet's KPIs on a demo: loading the facts, every figure by class by month, the same as
/// of a past time, and a drill-down.
func analyticsBenchmarks(path: String) throws {
    let store = try RailFleetStore(path: path, access: .readOnly)
    var facts: [AnalyticsFact] = []
    let loads = try (0..<5).map { _ in try Measure.seconds { facts = try store.analyticsFacts() } }
    guard let end = facts.map(\.ms).max() else { return }
    let span = (from: Granularity.month.start(of: end) - 0, to: end + 1)
    let from = Granularity.month.start(of: end - 3 * 365 * 86_400_000)
    let months = Granularity.month.periods(from: from, to: span.to)
    Measure.report(
        "analytics: load the facts", "\(facts.count) facts of the default demo from analytics_facts; median of 5",
        Measure.ms(Measure.median(loads)))
    var rows: [KPIRow] = []
    let builds = (0..<5).map { _ in Measure.seconds { _ = FleetFacts(facts) } }
    Measure.report(
        "analytics: arrange the facts", "the same facts by vehicle, order and part, sorted by HLC; median of 5",
        Measure.ms(Measure.median(builds)))
    let whole = try (0..<5).map { _ in
        try Measure.seconds {
            let report = KPIReport(facts: FleetFacts(try store.analyticsFacts()), asOf: end)
            rows = report.rows(by: .vehicleClass, periods: months)
        }
    }
    Measure.report(
        "analytics: every KPI by class by month",
        "\(KPI.allCases.count) figures, \(rows.count) rows (4 classes × \(months.count) months), facts loaded, arranged and computed; median of 5",
        Measure.ms(Measure.median(whole)))
    let past = end - 365 * 86_400_000
    let asOf = try (0..<5).map { _ in
        try Measure.seconds {
            let report = KPIReport(facts: FleetFacts(try store.analyticsFacts(asOf: past)), asOf: past)
            rows = report.rows(by: .vehicleClass, periods: months)
        }
    }
    Measure.report(
        "analytics: the same as of a year earlier",
        "only the facts known then; periods after it dropped: \(rows.count) rows; median of 5",
        Measure.ms(Measure.median(asOf)))
    let report = KPIReport(facts: FleetFacts(facts), asOf: end)
    let vehicles = (0..<5).map { _ in
        Measure.seconds { rows = report.rows(by: .vehicle, periods: [ReportPeriod(from: from, to: span.to)]) }
    }
    Measure.report(
        "analytics: every KPI by vehicle", "\(rows.count) vehicles over the whole history, facts arranged; median of 5",
        Measure.ms(Measure.median(vehicles)))
    let days = (0..<3).map { _ in
        Measure.seconds {
            rows = report.rows(by: .fleet, periods: Granularity.day.periods(from: from, to: span.to))
        }
    }
    Measure.report(
        "analytics: every KPI of the fleet by day", "\(rows.count) days; median of 3", Measure.ms(Measure.median(days)))
    let scratch = Scratch()
    for (label, periods) in [
        ("one row per vehicle", [ReportPeriod(from: from, to: span.to)]), ("per vehicle and month", months),
    ] {
        let table = report.rows(by: .vehicle, periods: periods)
        let sheets = [
            KPISheets.table(table, grouping: .vehicle, granularity: periods.count > 1 ? .month : nil),
            KPISheets.definitions(grouping: .vehicle, span: ReportPeriod(from: from, to: span.to), asOf: end),
        ]
        let path = scratch.path("vehicles.xlsx")
        let writes = try (0..<3).map { _ in try Measure.seconds { try Workbook.write(sheets, to: path) } }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        Measure.report(
            "analytics: XLSX export of the vehicle table",
            "\(label): \(table.count) rows × \(sheets[0].columns.count) columns and the definitions, \(size / 1024) KB; median of 3",
            Measure.ms(Measure.median(writes)))
    }
    for grouping in [Grouping.vehicleClass, .vehicle] {
        let request = DashboardRequest(
            grouping: grouping, months: 12, asOfMs: .max, figures: Dashboard.figures(grouping))
        let panes = try (0..<3).map { _ in try Measure.seconds { _ = try DashboardData.load(from: store, request) } }
        Measure.report(
            "analytics: the KPI pane's figures by \(grouping.rawValue)",
            "facts loaded and arranged, 12 months' table, 24 months' trends of \(request.figures.count) figures per group, 26 weeks by vehicle, the scatter, the repair times; median of 3 (off the interface's thread)",
            Measure.ms(Measure.median(panes)))
    }
    let drill = (0..<5).map { _ in
        Measure.seconds {
            _ = report.explain(.availability, group: "Class 425", by: .vehicleClass, period: months[months.count - 2])
        }
    }
    Measure.report(
        "analytics: drill down one figure",
        "availability of one class over one month, with its status changes; median of 5",
        Measure.ms(Measure.median(drill)))
}
