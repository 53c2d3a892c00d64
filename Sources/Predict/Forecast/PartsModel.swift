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
    ///   - t: the end of the training window: series end with the month before its month.
    ///   - horizon: the months ahead each method is judged on.
    ///   - season: months in a season.
    /// - Returns: a method per part booked in the window.
    /// - Throws: `PredictError.invalid` when the window holds no whole month of the fleet.
    public static func train(_ history: FleetHistory, at t: Int64, horizon: Int = 12, season: Int = 12)
        throws(PredictError) -> PartsModel
    {
        let known = history.before(t)
        guard let first = known.firstMonth, first < FleetHistory.month(ofMs: t) else {
            throw .invalid("the history before then holds no whole month")
        }
        let end = FleetHistory.month(ofMs: t)
        let choices = known.partUse.keys.sorted().compactMap { id -> Choice? in
            let series = FleetHistory.monthly(known.partUse[id] ?? [], from: first, to: end)
            guard series.contains(where: { $0 > 0 }) else { return nil }
            let selection = ForecastSelection(series, horizon: horizon, season: season)
            return Choice(
                partID: id, partNumber: known.partNumbers[id] ?? id, method: selection.chosen, errors: selection.errors)
        }
        let costs = FleetHistory.monthly(known.costs, from: first, to: end)
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
    /// from the month of `t`, with the method chosen at training.
    public func forecastParts(_ history: FleetHistory, at t: Int64, months: Int, parts: Set<String>? = nil)
        -> [Outlook]
    {
        let known = history.before(t)
        guard let first = known.firstMonth else { return [] }
        let end = FleetHistory.month(ofMs: t)
        return choices.filter {
            parts == nil || parts?.contains($0.partID) == true || parts?.contains($0.partNumber) == true
        }
        .compactMap { c in
            let series = FleetHistory.monthly(known.partUse[c.partID] ?? [], from: first, to: end)
            guard !series.isEmpty else { return nil }
            return Outlook(
                id: c.partID, name: c.partNumber, method: c.method, firstMonth: first, history: series,
                forecast: c.method.forecast(series, horizon: months, season: season))
        }
    }

    /// The fleet's monthly maintenance cost (labour and parts), forecast `months` ahead.
    public func forecastCost(_ history: FleetHistory, at t: Int64, months: Int) -> Outlook? {
        let known = history.before(t)
        guard let first = known.firstMonth else { return nil }
        let series = FleetHistory.monthly(known.costs, from: first, to: FleetHistory.month(ofMs: t))
        guard !series.isEmpty else { return nil }
        return Outlook(
            id: "cost", name: "maintenance cost", method: costMethod, firstMonth: first, history: series,
            forecast: costMethod.forecast(series, horizon: months, season: season))
    }
}
