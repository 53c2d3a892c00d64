public import Analytics

/// The KPI pane: the figures by a grouping over a span ending at the cursor (or now), with
/// their trends, and the charts the plan names.
public struct Dashboard: Sendable {
    /// What the pane shows: t the table, l the selected figure's trend, w availability by
    /// vehicle and week, s cost per 1,000 km against availability, r repair times.
    public enum View: Sendable, Equatable {
        case table, trend, heatMap, scatter, repairTimes

        init?(key: Character) {
            switch key {
            case "t": self = .table
            case "l": self = .trend
            case "w": self = .heatMap
            case "s": self = .scatter
            case "r": self = .repairTimes
            default: return nil
            }
        }
    }

    public var view = View.table
    public var grouping = Grouping.vehicleClass
    /// Months the table covers, ending at the cursor (or now); `p` cycles.
    public var months = 12
    public static let spans = [1, 3, 12, 36]
    /// The figure chosen with ←/→: what the trend chart, the sparkline and Enter read.
    public var figure = 0
    public var rows = ListState<KPIRow>()
    public var data: DashboardData?
    public var error: String?
    /// A drill-down open over the pane, and how far it is scrolled.
    public var explanation: KPIExplanation?
    public var explanationScroll = 0

    public init() {}

    /// The figures shown for the grouping: the table's columns, in order.
    public var figures: [KPI] { Self.figures(grouping) }

    public static func figures(_ grouping: Grouping) -> [KPI] { KPI.main(grouping) }

    public var selectedFigure: KPI {
        let all = figures
        return all[max(0, min(figure, all.count - 1))]
    }

    /// What the pane asks the loader for: the grouping and span as of a time.
    public func request(asOf ms: Int64) -> DashboardRequest {
        DashboardRequest(grouping: grouping, months: months, asOfMs: ms, figures: figures)
    }
}

/// One load of the KPI pane's data.
public struct DashboardRequest: Sendable, Equatable {
    public var grouping: Grouping
    public var months: Int
    public var asOfMs: Int64
    public var figures: [KPI]

    public init(grouping: Grouping, months: Int, asOfMs: Int64, figures: [KPI]) {
        self.grouping = grouping
        self.months = months
        self.asOfMs = asOfMs
        self.figures = figures
    }
}

/// The KPI pane's figures as of a time, computed off the interface's thread.
public struct DashboardData: Sendable, Equatable {
    public var request: DashboardRequest
    public var span: ReportPeriod
    public var rows: [KPIRow]
    /// Each group's figures over its last 24 complete months, and their trends.
    public var trends: [String: [KPI: KPITrend]]
    /// Availability by vehicle (fleet number) and ISO week, worst vehicles first.
    public var weeks: [ReportPeriod]
    public var heat: [(name: String, values: [Double?])]
    /// Each vehicle's cost per 1,000 km and availability over the span.
    public var scatter: [(name: String, costPer1000Km: Double, availability: Double)]
    /// Each corrective order's time to restore, in hours, released within the span.
    public var repairHours: [Double]

    public init(
        request: DashboardRequest, span: ReportPeriod, rows: [KPIRow], trends: [String: [KPI: KPITrend]],
        weeks: [ReportPeriod], heat: [(name: String, values: [Double?])],
        scatter: [(name: String, costPer1000Km: Double, availability: Double)], repairHours: [Double]
    ) {
        self.request = request
        self.span = span
        self.rows = rows
        self.trends = trends
        self.weeks = weeks
        self.heat = heat
        self.scatter = scatter
        self.repairHours = repairHours
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.request == b.request && a.span == b.span && a.rows == b.rows && a.trends == b.trends && a.weeks == b.weeks
            && a.heat.map(\.name) == b.heat.map(\.name) && a.heat.map(\.values) == b.heat.map(\.values)
            && a.scatter.map(\.name) == b.scatter.map(\.name)
            && a.scatter.map(\.costPer1000Km) == b.scatter.map(\.costPer1000Km)
            && a.scatter.map(\.availability) == b.scatter.map(\.availability) && a.repairHours == b.repairHours
    }
}
