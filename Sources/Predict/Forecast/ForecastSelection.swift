/// Which method to trust for a series, decided by a rolling-origin backtest on the series
/// itself: each method forecasts from several earlier origins, and the one with the least
/// mean squared error over those is chosen (the absolute error would favour forecasting 0
/// for intermittent demand, whose median is 0). What follows the series is never looked at.
public struct ForecastSelection: Sendable, Codable {
    public var chosen: Forecaster
    /// Each method's mean squared error over the origins (absent: too short to try).
    public var errors: [String: Double]
    public var forecast: Forecast

    /// - Parameters:
    ///   - series: one value per period, oldest first.
    ///   - horizon: periods to forecast.
    ///   - season: periods in a season.
    ///   - origins: how many earlier origins to try each method from.
    public init(_ series: [Double], horizon: Int, season: Int, origins: Int = 6) {
        let step = max(1, horizon / 2)
        var errors: [String: Double] = [:]
        // Croston and TSB are for intermittent demand (Syntetos and Boylan: an average
        // interval between demands above 1.32 periods, here more than a quarter of the
        // periods without any); on a steady series they are only a slower SES.
        let zeros = series.filter { $0 == 0 }.count
        let intermittent = Double(zeros) > 0.25 * Double(series.count)
        for method in Forecaster.allCases where intermittent || (method != .croston && method != .tsb) {
            var total = 0.0
            var count = 0
            for k in 1...origins {
                let cut = series.count - k * step
                guard cut >= max(3, season + 1) else { continue }
                let ahead = min(horizon, series.count - cut)
                let f = method.forecast(Array(series[..<cut]), horizon: ahead, season: season)
                for (a, v) in zip(series[cut..<(cut + ahead)], f.values) { total += (a - v) * (a - v) }
                count += ahead
            }
            if count > 0 { errors[method.rawValue] = total / Double(count) }
        }
        // Ties go to the simpler method: the order of `allCases`.
        let chosen =
            Forecaster.allCases.filter { errors[$0.rawValue] != nil }.min {
                (errors[$0.rawValue] ?? .infinity) < (errors[$1.rawValue] ?? .infinity)
            } ?? .seasonalNaive
        self.chosen = chosen
        self.errors = errors
        self.forecast = chosen.forecast(series, horizon: horizon, season: season)
    }
}
