public import Domain

/// A group's figure over a period set against the same period a year earlier, against the
/// group's own months before, and against its peers (the other groups of the grouping).
public struct KPIComparison: Sendable, Equatable {
    public var kpi: KPI
    public var group: String
    public var value: Double?
    /// The same period one year earlier.
    public var yearEarlier: Double?
    /// The group's monthly values in the twelve complete months before the period: their
    /// mean and standard deviation, and how many standard deviations this value lies off.
    public var ownMean: Double?
    public var ownSpread: Double?
    public var ownZ: Double?
    /// 1 is the best of `peers` groups (by the figure's good direction; highest first when
    /// it has none); nil when the value is undefined.
    public var rank: Int?
    public var peers: Int
    public var peerMedian: Double?
    public var peerMin: Double?
    public var peerMax: Double?

    /// Change against the year before, as a fraction of it.
    public var yearOnYear: Double? {
        guard let value, let yearEarlier, yearEarlier != 0 else { return nil }
        return (value - yearEarlier) / abs(yearEarlier)
    }
}

extension KPIReport {
    /// Every group's comparison for each figure over `period`.
    public func compare(_ kpis: [KPI], by grouping: Grouping, period: ReportPeriod) -> [KPIComparison] {
        let now = rows(by: grouping, periods: [period])
        let earlier = rows(by: grouping, periods: [period.shifted(years: -1)])
        // The twelve complete months before the period's first.
        let monthsFrom = Granularity.month.start(of: period.from)
        let start = Granularity.month.start(12, before: period.from)
        let history = Dictionary(
            grouping: rows(by: grouping, periods: Granularity.month.periods(from: start, to: monthsFrom)), by: \.group)
        let before = Dictionary(earlier.map { ($0.group, $0) }, uniquingKeysWith: { a, _ in a })
        var comparisons: [KPIComparison] = []
        for kpi in kpis where kpi.applies(to: grouping) {
            let values = now.compactMap { $0.value(kpi) }.sorted()
            let ordered = kpi.higherIsBetter == false ? values : values.reversed()
            for row in now {
                let value = row.value(kpi)
                let own = (history[row.group] ?? []).compactMap { $0.value(kpi) }
                let mean = own.isEmpty ? nil : own.reduce(0, +) / Double(own.count)
                let spread = mean.flatMap { m in
                    own.count < 2
                        ? nil : (own.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(own.count - 1)).squareRoot()
                }
                let z: Double? =
                    if let value, let mean, let spread, spread > 0 { (value - mean) / spread } else { nil }
                comparisons.append(
                    KPIComparison(
                        kpi: kpi, group: row.group, value: value, yearEarlier: before[row.group]?.value(kpi),
                        ownMean: mean, ownSpread: spread, ownZ: z,
                        rank: value.flatMap { v in ordered.firstIndex(of: v).map { $0 + 1 } }, peers: values.count,
                        peerMedian: values.isEmpty
                            ? nil
                            : values.count % 2 == 1
                                ? values[values.count / 2]
                                : (values[values.count / 2 - 1] + values[values.count / 2]) / 2,
                        peerMin: values.first, peerMax: values.last))
            }
        }
        return comparisons
    }
}

extension ReportPeriod {
    /// The same calendar days `years` later (29 February becomes the 28th).
    public func shifted(years: Int) -> ReportPeriod {
        func shift(_ ms: Int64) -> Int64 {
            let day = UTC.day(ofMs: ms)
            let c = UTC.civil(fromDays: day)
            let year = c.year + years
            let d = min(c.day, UTC.daysInMonth(year: year, month: c.month))
            return Int64(UTC.days(fromCivil: year, c.month, d)) * 86_400_000 + (ms - Int64(day) * 86_400_000)
        }
        return ReportPeriod(from: shift(from), to: shift(to))
    }
}
