import Foundation

/// The forecasting methods, each fitted to a series by minimising its one-step squared
/// errors over a fixed grid of parameters: deterministic, and the same on every replica.
public enum Forecaster: String, Sendable, CaseIterable, Codable {
    case seasonalNaive = "seasonal-naive"
    /// Additive exponential smoothing with a damped trend and, when the series is long
    /// enough, additive seasonality (Holt-Winters); without them where they do not help.
    case ets
    /// The Theta method: simple exponential smoothing with half the linear trend's drift.
    case theta
    /// Croston's method for intermittent demand: sizes and intervals smoothed apart.
    case croston
    /// Teunter-Syntetos-Babai: demand size and the probability of a demand smoothed apart.
    case tsb

    /// Forecasts `horizon` values after `series` (in order, one per period).
    ///
    /// - Parameters:
    ///   - series: at least one value.
    ///   - horizon: periods to forecast.
    ///   - season: periods in a season (12 for months).
    /// - Returns: the values and their intervals.
    public func forecast(_ series: [Double], horizon: Int, season: Int) -> Forecast {
        let nonNegative = series.allSatisfy { $0 >= 0 }
        switch self {
        case .seasonalNaive:
            let m = series.count >= season ? season : 1
            let values = (0..<horizon).map { series[series.count - m + $0 % m] }
            let errors = m < series.count ? (m..<series.count).map { series[$0] - series[$0 - m] } : [0]
            return Forecast(
                method: rawValue, values: values, sigma: rms(errors), widening: { Double(($0 - 1) / m + 1) },
                nonNegative: nonNegative)
        case .ets: return ExponentialSmoothing.best(series, horizon: horizon, season: season, nonNegative: nonNegative)
        case .theta: return Theta.forecast(series, horizon: horizon, nonNegative: nonNegative)
        case .croston, .tsb:
            return Intermittent.forecast(series, horizon: horizon, bias: self == .tsb, nonNegative: nonNegative)
        }
    }
}

func rms(_ errors: [Double]) -> Double {
    errors.isEmpty ? 0 : (errors.reduce(0) { $0 + $1 * $1 } / Double(errors.count)).squareRoot()
}

/// The grid every smoothing parameter is chosen from.
let smoothingGrid: [Double] = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9]

enum ExponentialSmoothing {
    struct Fit {
        var sse: Double
        var errors: [Double]
        var level: Double
        var trend: Double
        var seasonal: [Double]
        var alpha: Double
        var phi: Double
    }

    /// Runs the additive recursions once, returning the one-step errors and the final state.
    static func run(
        _ y: [Double], alpha: Double, beta: Double?, phi: Double, gamma: Double?, season m: Int
    ) -> Fit {
        var level = y[0]
        var trend = beta == nil ? 0 : (y.count > 1 ? y[1] - y[0] : 0)
        var seasonal = [Double](repeating: 0, count: max(m, 1))
        var start = 1
        if gamma != nil, y.count >= 2 * m {
            // Initial level and seasonal indices from the first season.
            let first = y[0..<m].reduce(0, +) / Double(m)
            let second = y[m..<(2 * m)].reduce(0, +) / Double(m)
            level = first
            trend = beta == nil ? 0 : (second - first) / Double(m)
            for i in 0..<m { seasonal[i] = y[i] - first }
            start = m
        }
        var errors: [Double] = []
        var sse = 0.0
        for t in start..<y.count {
            let s = gamma == nil ? 0 : seasonal[t % m]
            let predicted = level + phi * trend + s
            let error = y[t] - predicted
            errors.append(error)
            sse += error * error
            let previousLevel = level
            level = previousLevel + phi * trend + alpha * error
            if let beta { trend = phi * trend + alpha * beta * error }
            if let gamma { seasonal[t % m] = s + gamma * (1 - alpha) * error }
        }
        let rotated = gamma == nil ? [] : (0..<m).map { seasonal[(y.count + $0) % m] }
        return Fit(sse: sse, errors: errors, level: level, trend: trend, seasonal: rotated, alpha: alpha, phi: phi)
    }

    /// The variant and parameters with the least in-sample error, penalised for their number
    /// (an information criterion on the one-step errors), forecast ahead.
    static func best(_ y: [Double], horizon: Int, season m: Int, nonNegative: Bool) -> Forecast {
        guard y.count >= 3 else {
            return Forecast(
                method: "ets", values: [Double](repeating: y.last ?? 0, count: horizon), sigma: 0, widening: { _ in 1 },
                nonNegative: nonNegative)
        }
        var best: (score: Double, fit: Fit, trended: Bool, seasonal: Bool)?
        let seasonalOptions = y.count >= 2 * m + 2 && m > 1 ? [false, true] : [false]
        for seasonal in seasonalOptions {
            for trended in [false, true] {
                for alpha in smoothingGrid {
                    for beta in trended ? [0.05, 0.1, 0.2] : [nil] as [Double?] {
                        for phi in trended ? [0.8, 0.9, 0.98] : [1.0] {
                            for gamma in seasonal ? [0.05, 0.1, 0.3] : [nil] as [Double?] {
                                let fit = run(y, alpha: alpha, beta: beta, phi: phi, gamma: gamma, season: m)
                                let n = Double(fit.errors.count)
                                let parameters = 2.0 + (trended ? 2 : 0) + (seasonal ? Double(m) : 0)
                                let score = n * log(max(fit.sse / n, 1e-12)) + 2 * parameters
                                if score < (best?.score ?? .infinity) { best = (score, fit, trended, seasonal) }
                            }
                        }
                    }
                }
            }
        }
        guard let best else { preconditionFailure("the grid is never empty") }
        let fit = best.fit
        var values: [Double] = []
        var damped = 0.0
        var factor = 1.0
        for h in 1...max(horizon, 1) {
            factor *= fit.phi
            damped += best.trended ? factor : 0
            let s = best.seasonal ? fit.seasonal[(h - 1) % m] : 0
            values.append(fit.level + damped * fit.trend + s)
        }
        let alpha = fit.alpha
        return Forecast(
            method: "ets", values: Array(values.prefix(horizon)), sigma: rms(fit.errors),
            widening: { h in 1 + Double(h - 1) * alpha * alpha }, nonNegative: nonNegative)
    }
}

enum Theta {
    static func forecast(_ y: [Double], horizon: Int, nonNegative: Bool) -> Forecast {
        let n = Double(y.count)
        let meanX = (n - 1) / 2
        let meanY = y.reduce(0, +) / n
        var sxy = 0.0
        var sxx = 0.0
        for (i, v) in y.enumerated() {
            sxy += (Double(i) - meanX) * (v - meanY)
            sxx += (Double(i) - meanX) * (Double(i) - meanX)
        }
        let slope = sxx > 0 ? sxy / sxx : 0
        var best: ExponentialSmoothing.Fit?
        for alpha in smoothingGrid where y.count >= 2 {
            let fit = ExponentialSmoothing.run(y, alpha: alpha, beta: nil, phi: 1, gamma: nil, season: 1)
            if fit.sse < (best?.sse ?? .infinity) { best = fit }
        }
        let level = best?.level ?? y.last ?? 0
        let alpha = best?.alpha ?? 0.5
        // SES plus half the trend line's slope, with Hyndman & Billah's start-up term.
        let values = (1...max(horizon, 1)).map { h in
            level + slope / 2 * (Double(h - 1) + 1 / alpha - pow(1 - alpha, n) / alpha)
        }
        return Forecast(
            method: "theta", values: Array(values.prefix(horizon)), sigma: rms(best?.errors ?? []),
            widening: { h in 1 + Double(h - 1) * alpha * alpha }, nonNegative: nonNegative)
    }
}

enum Intermittent {
    /// Croston (`bias` false) or TSB (`bias` true) with the smoothing constant of least
    /// one-step error.
    static func forecast(_ y: [Double], horizon: Int, bias tsb: Bool, nonNegative: Bool) -> Forecast {
        var best: (sse: Double, rate: Double, errors: [Double])?
        for alpha in [0.05, 0.1, 0.2, 0.3] {
            let (rate, errors) = run(y, alpha: alpha, tsb: tsb)
            let sse = errors.reduce(0) { $0 + $1 * $1 }
            if sse < (best?.sse ?? .infinity) { best = (sse, rate, errors) }
        }
        let rate = best?.rate ?? 0
        return Forecast(
            method: tsb ? "tsb" : "croston", values: [Double](repeating: rate, count: horizon),
            sigma: rms(best?.errors ?? []), widening: { _ in 1 }, nonNegative: nonNegative)
    }

    /// The demand per period after the series, and the one-step errors on the way.
    static func run(_ y: [Double], alpha: Double, tsb: Bool) -> (Double, [Double]) {
        guard let first = y.firstIndex(where: { $0 != 0 }) else { return (0, y.map { _ in 0 }) }
        var size = y[first]
        // Croston: the interval between demands; TSB: the probability of a demand.
        var interval = Double(first + 1)
        var probability = 1.0 / Double(first + 1)
        var sinceDemand = 0
        var errors: [Double] = []
        func rate() -> Double { tsb ? probability * size : size / interval }
        for t in (first + 1)..<max(y.count, first + 1) {
            errors.append(y[t] - rate())
            sinceDemand += 1
            if tsb {
                probability += alpha * ((y[t] != 0 ? 1 : 0) - probability)
                if y[t] != 0 { size += alpha * (y[t] - size) }
            } else if y[t] != 0 {
                size += alpha * (y[t] - size)
                interval += alpha * (Double(sinceDemand) - interval)
            }
            if y[t] != 0 { sinceDemand = 0 }
        }
        return (rate(), errors)
    }
}
