public import Predict

/// A group's cost or failures for the months ahead, with 80 % and 95 % intervals: the
/// forecasters of the predictive models (docs/ML.md), each series' method chosen on its
/// own rolling origins.
public struct KPIForecast: Sendable, Equatable {
    public var kpi: KPI
    public var group: String
    /// The complete months the forecast starts from, and the months ahead.
    public var history: [(period: ReportPeriod, value: Double)]
    public var ahead: [ReportPeriod]
    public var forecast: Forecast

    /// The figures forecast: summed per month, so that a forecast of a group is of a total.
    public static let forecastable: [KPI] = [.cost, .failures, .labourCost, .partsCost, .repairs]

    public static func == (a: Self, b: Self) -> Bool {
        a.kpi == b.kpi && a.group == b.group && a.history.map(\.period) == b.history.map(\.period)
            && a.history.map(\.value) == b.history.map(\.value) && a.ahead == b.ahead && a.forecast == b.forecast
    }

    /// The sum of the first `months` months ahead (3, 6 or 12), with the band of that sum
    /// taken as the months' bands added (a conservative bound: errors are not independent).
    public func total(months: Int) -> (
        value: Double, lower80: Double, upper80: Double, lower95: Double, upper95: Double
    ) {
        let n = min(months, forecast.values.count)
        func sum(_ v: [Double]) -> Double { v.prefix(n).reduce(0, +) }
        return (
            sum(forecast.values), sum(forecast.lower80), sum(forecast.upper80), sum(forecast.lower95),
            sum(forecast.upper95)
        )
    }
}

extension KPIReport {
    /// Forecasts of each group's monthly figure from the complete months since `from`.
    ///
    /// - Returns: one per group with at least 13 complete months (a season and one more).
    public func forecasts(_ kpis: [KPI], by grouping: Grouping, from: Int64, horizon: Int = 12) -> [KPIForecast] {
        let end = Granularity.month.start(of: end)
        let first = max(Granularity.month.start(of: from), facts.firstCompleteMonth ?? from)
        let months = Granularity.month.periods(from: first, to: end)
        guard months.count >= 13 else { return [] }
        var ahead: [ReportPeriod] = []
        var start = end
        for _ in 0..<horizon {
            let next = Granularity.month.next(after: start)
            ahead.append(ReportPeriod(from: start, to: next))
            start = next
        }
        let rows = Dictionary(grouping: rows(by: grouping, periods: months), by: \.group)
        return rows.keys.sorted().flatMap { group in
            kpis.filter { KPIForecast.forecastable.contains($0) && $0.applies(to: grouping) }.map { kpi in
                let history = (rows[group] ?? []).map { ($0.period, $0.value(kpi) ?? 0) }
                let selection = ForecastSelection(history.map(\.1), horizon: horizon, season: 12)
                return KPIForecast(kpi: kpi, group: group, history: history, ahead: ahead, forecast: selection.forecast)
            }
        }
    }
}
