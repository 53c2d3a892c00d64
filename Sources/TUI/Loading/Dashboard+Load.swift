public import Analytics
import Domain
public import Storage

extension DashboardData {
    /// Weeks the availability heat map covers.
    public static let heatWeeks = 26

    /// The KPI pane's data: the facts as of the request's time read from the store, the
    /// table over the span, 24 months of trends, 26 weeks of availability by vehicle, the
    /// scatter and the repair times.
    ///
    /// - Returns: the data, and the report it came from (for drill-downs without reading again).
    public static func load(from store: RailFleetStore, _ request: DashboardRequest, axis: TimeAxis = .valid) throws
        -> (data: DashboardData, report: KPIReport)
    {
        let report = KPIReport(
            facts: FleetFacts(try store.analyticsFacts(asOf: request.asOfMs, axis: axis)), asOf: request.asOfMs)
        return (compute(report, request), report)
    }

    /// The same from a report already made.
    public static func compute(_ report: KPIReport, _ request: DashboardRequest) -> DashboardData {
        let end = report.end == .max ? 1 : report.end
        let span = ReportPeriod(from: Granularity.month.start(request.months - 1, before: end - 1), to: end)
        let rows = report.rows(by: request.grouping, periods: [span])
        var trends: [String: [KPI: KPITrend]] = [:]
        for t in report.trends(
            request.figures, by: request.grouping, from: Granularity.month.start(24, before: end - 1), to: end)
        {
            trends[t.group, default: [:]][t.kpi] = t
        }
        // Weekly availability per vehicle, the least available first: where to look.
        let weeks = Granularity.week.periods(from: Granularity.week.start(heatWeeks - 1, before: end - 1), to: end)
        let weekly = Dictionary(grouping: report.rows(by: .vehicle, periods: weeks), by: \.group)
        let heat = weekly.map { name, rows in (name: name, values: rows.map { $0.value(.availability) }) }
            .sorted { a, b in
                let (ma, mb) = (mean(a.values), mean(b.values))
                return ma != mb ? ma < mb : a.name < b.name
            }
        let vehicles = report.rows(by: .vehicle, periods: [span])
        let scatter = vehicles.compactMap { row -> (name: String, costPer1000Km: Double, availability: Double)? in
            guard let cost = row.value(.costPer1000Km), let availability = row.value(.availability) else { return nil }
            return (row.group, cost, availability)
        }
        let repairs =
            report.explain(.mttrHours, group: "fleet", by: .fleet, period: span)?.evidence
            .compactMap { $0.measures[.repairTime].map { $0 / 3_600_000 } } ?? []
        return DashboardData(
            request: request, span: span, rows: rows, trends: trends, weeks: weeks, heat: heat, scatter: scatter,
            repairHours: repairs)
    }

    static func mean(_ values: [Double?]) -> Double {
        let known = values.compactMap { $0 }
        return known.isEmpty ? 1 : known.reduce(0, +) / Double(known.count)
    }
}
