import Foundation

/// Time to failure (here: km since the last exam) as a Weibull distribution, fitted by
/// maximum likelihood to failures and to spans that ended without one (censored: the next
/// exam came first). The survival baseline the classifiers must beat.
public struct WeibullSurvival: Sendable, Codable, Equatable {
    /// Shape: above 1, the risk rises with the distance run (wear).
    public private(set) var shape: Double
    /// Scale: the distance by which 63 % have failed.
    public private(set) var scale: Double

    /// A distribution of known shape and scale.
    public init(shape: Double, scale: Double) {
        self.shape = shape
        self.scale = scale
    }

    /// - Parameters:
    ///   - durations: each span's length, above 0.
    ///   - failed: whether the span ended in a failure (else it was cut short).
    /// - Throws: `PredictError.invalid` without a failure or with a span not above 0.
    public init(durations: [Double], failed: [Bool]) throws(PredictError) {
        precondition(durations.count == failed.count, "one flag per span")
        guard durations.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw .invalid("every span must be longer than 0")
        }
        let failures = failed.filter { $0 }.count
        guard failures > 0 else { throw .invalid("no span ended in a failure: nothing to fit") }
        let logs = durations.map(log)
        let failedLogSum = zip(logs, failed).reduce(0) { $0 + ($1.1 ? $1.0 : 0) }
        // For a shape k the best scale is (Σ x^k / failures)^(1/k); the shape maximises the
        // profile likelihood, a smooth function of log k searched by golden section.
        func profile(_ logK: Double) -> (value: Double, scale: Double) {
            let k = exp(logK)
            let sum = durations.reduce(0) { $0 + pow($1, k) }
            let scaleK = sum / Double(failures)
            let value =
                Double(failures) * log(k) - Double(failures) * log(scaleK) + (k - 1) * failedLogSum
                - Double(failures)
            return (value, pow(scaleK, 1 / k))
        }
        var (a, b) = (log(0.05), log(50.0))
        let ratio = (5.0.squareRoot() - 1) / 2
        for _ in 0..<200 {
            let c = b - ratio * (b - a)
            let d = a + ratio * (b - a)
            if profile(c).value > profile(d).value { b = d } else { a = c }
        }
        let logK = (a + b) / 2
        shape = exp(logK)
        scale = profile(logK).scale
    }

    /// The chance of a failure within `ahead` more, having run `run` without one.
    public func failureProbability(after run: Double, within ahead: Double) -> Double {
        let now = pow(max(run, 0) / scale, shape)
        let then = pow(max(run + ahead, 0) / scale, shape)
        return 1 - exp(now - then)
    }
}
