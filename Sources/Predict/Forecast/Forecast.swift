/// A series' next values with 80 % and 95 % intervals.
public struct Forecast: Sendable, Equatable, Codable {
    public var method: String
    public var values: [Double]
    public var lower80: [Double]
    public var upper80: [Double]
    public var lower95: [Double]
    public var upper95: [Double]

    /// Intervals around `values` from the standard deviation of the method's one-step errors,
    /// widened with the horizon as `widening(h)` says (the variance's growth for that method);
    /// counts never go below zero.
    init(method: String, values: [Double], sigma: Double, widening: (Int) -> Double, nonNegative: Bool) {
        self.method = method
        self.values = values
        func bound(_ z: Double) -> [Double] {
            values.indices.map { i in
                let v = values[i] + z * sigma * widening(i + 1).squareRoot()
                return nonNegative ? max(0, v) : v
            }
        }
        lower80 = bound(-1.2816)
        upper80 = bound(1.2816)
        lower95 = bound(-1.96)
        upper95 = bound(1.96)
    }
}

/// Scores of a forecast against what happened.
public enum ForecastError {
    /// Mean absolute scaled error: the forecast's mean absolute error over that of the
    /// seasonal naive forecast within the training series (1 when no better).
    public static func mase(actual: [Double], forecast: [Double], training: [Double], season: Int) -> Double? {
        let m = training.count > season ? season : 1
        guard training.count > m, !actual.isEmpty else { return nil }
        var naive = 0.0
        for i in m..<training.count { naive += abs(training[i] - training[i - m]) }
        naive /= Double(training.count - m)
        guard naive > 0 else { return nil }
        return meanAbsolute(actual, forecast) / naive
    }

    /// Symmetric mean absolute percentage error, in percent (0 where both are 0).
    public static func smape(actual: [Double], forecast: [Double]) -> Double {
        guard !actual.isEmpty else { return 0 }
        let terms = zip(actual, forecast).map { a, f -> Double in
            let d = abs(a) + abs(f)
            return d == 0 ? 0 : 200 * abs(a - f) / d
        }
        return terms.reduce(0, +) / Double(terms.count)
    }

    public static func meanAbsolute(_ a: [Double], _ f: [Double]) -> Double {
        guard !a.isEmpty else { return 0 }
        return zip(a, f).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(a.count)
    }
}
