/// The parts model as the registry keeps it: for each part, the forecasting method its own
/// monthly use favoured in a rolling-origin backtest over the training window. A forecast
/// then runs that method on the use up to the month before the time asked about.
public struct PartsModel: Sendable, Codable, Equatable {
    public struct Choice: Sendable, Codable, Equatable {
        public var partID: String
        public var partNumber: String
        public var method: Forecaster
        /// Each method's mean squared error over the origins tried.
        public var errors: [String: Double]
    }
    public var choices: [Choice]
    /// The method chosen for the fleet's monthly maintenance cost.
    public var costMethod: Forecaster
    public var season: Int
    public var horizon: Int

    public static let algorithm = "rolling-origin-selection"

    /// - Parameters:
    ///   - history: what is known; only events before `t` are read.
    ///   - t: the end of the training window: series end with the month before its month
    ///     (or with the latest entry's month: `FleetHistory.months(at:)`).
    ///   - horizon: the months ahead each method is judged on.
    ///   - season: months in a season.
    /// - Returns: a method per part booked in the window.
    /// - Throws: `PredictError.invalid` when the window holds no whole month of the fleet.
    public static func train(_ history: FleetHistory, at t: Int64, horizon: Int = 12, season: Int = 12)
        throws(PredictError) -> PartsModel
    {
        let known = history.before(t)
        guard let months = known.months(at: t) else { throw .invalid("the history before then holds no whole month") }
        let choices = known.partUse.keys.sorted().compactMap { id -> Choice? in
            let series = FleetHistory.monthly(known.partUse[id] ?? [], from: months.lowerBound, to: months.upperBound)
            guard series.contains(where: { $0 > 0 }) else { return nil }
            let selection = ForecastSelection(series, horizon: horizon, season: season)
            return Choice(
                partID: id, partNumber: known.partNumbers[id] ?? id, method: selection.chosen, errors: selection.errors)
        }
        let costs = FleetHistory.monthly(known.costs, from: months.lowerBound, to: months.upperBound)
        return PartsModel(
            choices: choices, costMethod: ForecastSelection(costs, horizon: horizon, season: season).chosen,
            season: season, horizon: horizon)
    }

    /// One series and its forecast.
    public struct Outlook: Sendable, Codable, Equatable {
        public var id: String
        public var name: String
        public var method: Forecaster
        /// Months since year 0 of the first value of `history`.
        public var firstMonth: Int
        public var history: [Double]
        public var forecast: Forecast

        /// `YYYY-MM` of the i-th forecast month.
        public func period(ofForecast i: Int) -> String { MonthlyValues.period(firstMonth + history.count + i) }
    }

    /// Each part's use (or those whose id or number is in `parts`), forecast `months` ahead
    /// from the month of `t` (or after the latest entry's), with the method chosen at training.
    public func forecastParts(_ history: FleetHistory, at t: Int64, months: Int, parts: Set<String>? = nil)
        -> [Outlook]
    {
        let known = history.before(t)
        return choices.filter {
            parts == nil || parts?.contains($0.partID) == true || parts?.contains($0.partNumber) == true
        }
        .compactMap { c in
            outlook(c.partID, c.partNumber, c.method, known.partUse[c.partID] ?? [], known, t, months)
        }
    }

    /// The fleet's monthly maintenance cost (labour and parts), forecast `months` ahead.
    public func forecastCost(_ history: FleetHistory, at t: Int64, months: Int) -> Outlook? {
        let known = history.before(t)
        return outlook("cost", "maintenance cost", costMethod, known.costs, known, t, months)
    }

    func outlook(
        _ id: String, _ name: String, _ method: Forecaster, _ values: [FleetHistory.Dated<Double>],
        _ known: FleetHistory, _ t: Int64, _ months: Int
    ) -> Outlook? {
        guard let range = known.months(at: t) else { return nil }
        let series = FleetHistory.monthly(values, from: range.lowerBound, to: range.upperBound)
        return Outlook(
            id: id, name: name, method: method, firstMonth: range.lowerBound, history: series,
            forecast: method.forecast(series, horizon: months, season: season))
    }
}
