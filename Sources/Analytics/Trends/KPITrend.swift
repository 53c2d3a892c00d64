/// Which way a figure has been going, as a manager reads it.
public enum TrendDirection: String, Sendable, Codable {
    case improving, declining, stable
    /// For figures that are neither good nor bad when higher (km run, hours booked).
    case rising, falling
}

/// A group's figure month by month, and its trend.
public struct KPITrend: Sendable, Equatable {
    public var kpi: KPI
    public var group: String
    /// The complete months' values, oldest first; nil where the figure is undefined.
    public var months: [(period: ReportPeriod, value: Double?)]
    /// Nil when the series is too short to test.
    public var test: MannKendall?
    public var direction: TrendDirection

    /// The significance below which a trend is called one.
    public static let alpha = 0.05
    /// Months of data from which seasonal figures are tested season by season.
    public static let seasonalMonths = 24

    public init(kpi: KPI, group: String, months: [(period: ReportPeriod, value: Double?)]) {
        self.kpi = kpi
        self.group = group
        self.months = months
        let values = months.map(\.value)
        test =
            kpi.isSeasonal && values.count >= Self.seasonalMonths
            ? MannKendall(values, season: 12) ?? MannKendall(values) : MannKendall(values)
        guard let test, test.p < Self.alpha, test.slope != 0 else {
            direction = .stable
            return
        }
        let up = test.slope > 0
        switch kpi.higherIsBetter {
        case true?: direction = up ? .improving : .declining
        case false?: direction = up ? .declining : .improving
        case nil: direction = up ? .rising : .falling
        }
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.kpi == b.kpi && a.group == b.group && a.months.map(\.period) == b.months.map(\.period)
            && a.months.map(\.value) == b.months.map(\.value) && a.test == b.test && a.direction == b.direction
    }
}

extension KPI {
    /// Figures that follow the seasons on a railway (leaf fall, frost, summer heat, holiday
    /// traffic): their trend is tested month against the same month of other years.
    public var isSeasonal: Bool {
        switch self {
        case .availability, .kmRun, .failures, .mdbfKm, .mtbfDays, .repairs, .cost, .labourCost, .partsCost,
            .costPer1000Km, .repeatDefects, .vehicleHours:
            true
        default: false
        }
    }
}

extension KPIReport {
    /// Each group's monthly series of each figure over the complete months of [from, to) that
    /// the fleet was there for, and their trends.
    public func trends(_ kpis: [KPI], by grouping: Grouping, from: Int64, to: Int64) -> [KPITrend] {
        // Only complete months: a month still running would read as a fall.
        let end = min(to, Granularity.month.start(of: end))
        let start = max(Granularity.month.start(of: from), facts.firstCompleteMonth ?? from)
        let months = Granularity.month.periods(from: start, to: end)
        let rows = self.rows(by: grouping, periods: months)
        let byGroup = Dictionary(grouping: rows, by: \.group)
        return byGroup.keys.sorted().flatMap { group in
            kpis.filter { $0.applies(to: grouping) }.map { kpi in
                KPITrend(kpi: kpi, group: group, months: (byGroup[group] ?? []).map { ($0.period, $0.value(kpi)) })
            }
        }
    }
}
