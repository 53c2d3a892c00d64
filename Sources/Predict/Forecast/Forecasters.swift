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
        case .theta: return Theta.forecast(series, horizon: horizon, season: season, nonNegative: nonNegative)
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
        _ y: [Double], alpha: Double, beta: Double?, phi: Double, gamma: Double?, season m: Int,
        initialSeasonal: [Double]? = nil
    ) -> Fit {
        var level = y[0]
        var trend = beta == nil ? 0 : (y.count > 1 ? y[1] - y[0] : 0)
        var seasonal = [Double](repeating: 0, count: max(m, 1))
        var start = 1
        if gamma != nil, y.count >= 2 * m {
            // Seasonal indices from a decomposition of the first seasons (Hyndman's
            // heuristic), level and trend from the first two seasons without them.
            let indices = initialSeasonal ?? y[0..<m].map { $0 - y[0..<m].reduce(0, +) / Double(m) }
            let first = (0..<m).reduce(0) { $0 + y[$1] - indices[$1] } / Double(m)
            let second = (m..<(2 * m)).reduce(0) { $0 + y[$1] - indices[$1 % m] } / Double(m)
            level = first
            trend = beta == nil ? 0 : (second - first) / Double(m)
            for i in 0..<m { seasonal[i] = indices[i] }
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
        let initialSeasonal =
            m > 1 && y.count >= 2 * m
            ? Theta.seasonalIndices(Array(y.prefix(10 * m)), season: m, multiplicative: false, tested: false) : nil
        for seasonal in seasonalOptions {
            for trended in [false, true] {
                // (alpha, beta, phi, gamma); beta, phi and gamma unused where the variant has none.
                func score(_ p: [Double]) -> (Double, Fit) {
                    let fit = run(
                        y, alpha: p[0], beta: trended ? p[1] : nil, phi: trended ? p[2] : 1,
                        gamma: seasonal ? p[3] : nil, season: m, initialSeasonal: initialSeasonal)
                    let n = Double(fit.errors.count)
                    let parameters = 2.0 + (trended ? 2 : 0) + (seasonal ? Double(m) : 0)
                    return (n * log(max(fit.sse / n, 1e-12)) + 2 * parameters, fit)
                }
                // A coarse grid first, then a pattern search from its best point within the
                // parameters' bounds: the grid alone missed the optimum by up to half the
                // error on seasonal series (AirPassengers, CO2).
                var start: (score: Double, point: [Double])?
                for alpha in smoothingGrid {
                    for beta in trended ? [0.05, 0.1, 0.2] : [0.1] {
                        for phi in trended ? [0.8, 0.9, 0.98] : [1.0] {
                            for gamma in seasonal ? [0.05, 0.1, 0.3] : [0.1] {
                                let point = [alpha, beta, phi, gamma]
                                let (value, _) = score(point)
                                if value < (start?.score ?? .infinity) { start = (value, point) }
                            }
                        }
                    }
                }
                guard var (current, point) = start else { continue }
                let bounds: [ClosedRange<Double>] = [0.01...0.99, 0.01...0.5, 0.8...0.98, 0.01...0.6]
                let free = [0] + (trended ? [1, 2] : []) + (seasonal ? [3] : [])
                var step = 0.05
                while step >= 0.0025 {
                    var improved = false
                    for i in free {
                        for direction in [-1.0, 1.0] {
                            var trial = point
                            trial[i] = min(bounds[i].upperBound, max(bounds[i].lowerBound, trial[i] + direction * step))
                            let (value, _) = score(trial)
                            if value < current - 1e-9 {
                                (current, point, improved) = (value, trial, true)
                            }
                        }
                    }
                    if !improved { step /= 2 }
                }
                let (value, fit) = score(point)
                if value < (best?.score ?? .infinity) { best = (value, fit, trended, seasonal) }
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
    /// The Theta method as in the M3 competition: a series that is seasonal (its
    /// autocorrelation at the season's lag beyond the 90 % bound) is adjusted by classical
    /// decomposition first (multiplicative where every value is positive, additive otherwise),
    /// forecast, and the seasonal indices put back.
    static func forecast(_ y: [Double], horizon: Int, season m: Int, nonNegative: Bool) -> Forecast {
        let multiplicative = y.allSatisfy { $0 > 0 }
        guard m > 1, y.count >= 3 * m,
            let indices = seasonalIndices(y, season: m, multiplicative: multiplicative, tested: true)
        else {
            return forecast(y, horizon: horizon, nonNegative: nonNegative)
        }
        let adjusted = y.indices.map { multiplicative ? y[$0] / indices[$0 % m] : y[$0] - indices[$0 % m] }
        let plain = forecast(adjusted, horizon: horizon, nonNegative: false)
        func back(_ values: [Double]) -> [Double] {
            values.indices.map { h in
                let index = indices[(y.count + h) % m]
                let v = multiplicative ? values[h] * index : values[h] + index
                return nonNegative ? max(0, v) : v
            }
        }
        var result = plain
        result.values = back(plain.values)
        result.lower80 = back(plain.lower80)
        result.upper80 = back(plain.upper80)
        result.lower95 = back(plain.lower95)
        result.upper95 = back(plain.upper95)
        return result
    }

    /// Classical decomposition's seasonal indices (by position in the season, from a centred
    /// moving average); when `tested`, nil if the series shows no seasonality at lag `m`.
    static func seasonalIndices(_ y: [Double], season m: Int, multiplicative: Bool, tested: Bool) -> [Double]? {
        let n = y.count
        let mean = y.reduce(0, +) / Double(n)
        let variance = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        guard variance > 0, n > m else { return nil }
        func r(_ k: Int) -> Double {
            (k..<n).reduce(0) { $0 + (y[$1] - mean) * (y[$1 - k] - mean) } / variance
        }
        if tested {
            let bound = 1.645 * ((1 + 2 * (1..<m).reduce(0) { $0 + r($1) * r($1) }) / Double(n)).squareRoot()
            guard abs(r(m)) > bound else { return nil }
        }
        // A centred moving average of length m (2 × m for an even m).
        var ratios = [[Double]](repeating: [], count: m)
        let half = m / 2
        for t in half..<(n - half) {
            var sum = 0.0
            for k in (t - half)...(t + half) {
                let weight = m % 2 == 0 && (k == t - half || k == t + half) ? 0.5 : 1
                sum += weight * y[k]
            }
            let trend = sum / Double(m)
            ratios[t % m].append(multiplicative ? y[t] / trend : y[t] - trend)
        }
        var indices = ratios.map { $0.isEmpty ? (multiplicative ? 1 : 0) : $0.reduce(0, +) / Double($0.count) }
        // Normalised: multiplicative indices average 1, additive ones 0.
        let average = indices.reduce(0, +) / Double(m)
        indices = indices.map { multiplicative ? $0 / average : $0 - average }
        return indices
    }

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
