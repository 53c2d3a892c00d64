import Domain

/// The parts model tried as it would have been used: trained on the months before a cut,
/// each part's method chosen there, then scored on the months after it against what was
/// used, beside the seasonal naive forecast. MASE scales each part's error by the seasonal
/// naive forecast's in-sample error, so below 1 beats it; the mean is over parts where it is
/// defined (a part used the same every month has none).
public struct PartsBacktest: Sendable, Codable {
    public struct Score: Sendable, Codable {
        public var method: String
        /// nil where no series had it defined.
        public var meanMASE: Double?
        public var meanSMAPE: Double
        public var series: Int
    }
    public var holdoutMonths: Int
    public var parts: Int
    /// `chosen` (each part's own method), `seasonal-naive`, and the cost series' chosen method.
    public var scores: [Score]
    public var cost: Score?

    /// - Parameters:
    ///   - history: the fleet's history.
    ///   - end: outcomes are known up to it; the last whole month before it ends the test.
    ///   - holdoutMonths: the months after the cut.
    /// - Returns: the scores.
    /// - Throws: `PredictError.invalid` when the history is too short for the cut.
    public static func run(_ history: FleetHistory, end: Int64, holdoutMonths: Int = 6) throws(PredictError)
        -> PartsBacktest
    {
        let lastMonth = FleetHistory.month(ofMs: end)
        let cutMonth = lastMonth - holdoutMonths
        let cut = Int64(UTC.days(fromCivil: cutMonth / 12, cutMonth % 12 + 1, 1)) * 86_400_000
        guard let first = history.firstMonth, cutMonth - first > 12 else {
            throw .invalid("the history needs more than a year before the \(holdoutMonths) months held back")
        }
        let model = try PartsModel.train(history, at: cut, horizon: holdoutMonths)
        var sums: [String: (mase: Double, smape: Double, n: Int, all: Int)] = [:]
        func score(_ name: String, actual: [Double], forecast: [Double], training: [Double], season: Int) {
            let mase = ForecastError.mase(actual: actual, forecast: forecast, training: training, season: season)
            sums[name, default: (0, 0, 0, 0)].smape += ForecastError.smape(actual: actual, forecast: forecast)
            sums[name, default: (0, 0, 0, 0)].all += 1
            if let mase {
                sums[name, default: (0, 0, 0, 0)].mase += mase
                sums[name, default: (0, 0, 0, 0)].n += 1
            }
        }
        let outlooks = model.forecastParts(history, at: cut, months: holdoutMonths)
        for o in outlooks {
            let actual = FleetHistory.monthly(history.partUse[o.id] ?? [], from: first, to: lastMonth).suffix(
                holdoutMonths)
            let naive = Forecaster.seasonalNaive.forecast(o.history, horizon: holdoutMonths, season: model.season)
            score(
                "chosen", actual: Array(actual), forecast: o.forecast.values, training: o.history, season: model.season)
            score(
                "seasonal-naive", actual: Array(actual), forecast: naive.values, training: o.history,
                season: model.season)
        }
        var costScore: Score?
        if let o = model.forecastCost(history, at: cut, months: holdoutMonths) {
            let actual = Array(FleetHistory.monthly(history.costs, from: first, to: lastMonth).suffix(holdoutMonths))
            score("cost", actual: actual, forecast: o.forecast.values, training: o.history, season: model.season)
            let s = sums["cost"] ?? (0, 0, 0, 1)
            costScore = Score(
                method: o.method.rawValue, meanMASE: s.n > 0 ? s.mase / Double(s.n) : nil, meanSMAPE: s.smape,
                series: 1)
        }
        let scores = ["chosen", "seasonal-naive"].map { name in
            let s = sums[name] ?? (0, 0, 0, 0)
            return Score(
                method: name, meanMASE: s.n > 0 ? s.mase / Double(s.n) : nil,
                meanSMAPE: s.all > 0 ? s.smape / Double(s.all) : 0, series: s.n)
        }
        return PartsBacktest(holdoutMonths: holdoutMonths, parts: outlooks.count, scores: scores, cost: costScore)
    }
}
