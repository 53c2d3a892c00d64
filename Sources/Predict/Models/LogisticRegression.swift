import Foundation

/// Logistic regression with an L2 penalty on the weights (not the intercept), fitted by
/// Newton's method: the objective is convex, so the fit is exact and the same for the same
/// rows, with no seed to choose.
public struct LogisticRegression: Sendable, Codable, Equatable {
    public struct Options: Sendable, Codable, Equatable {
        /// The penalty's weight: larger shrinks the weights more (scikit-learn's 1 / C).
        public var l2: Double = 1
        public var maxIterations = 100
        public init(l2: Double = 1, maxIterations: Int = 100) {
            self.l2 = l2
            self.maxIterations = maxIterations
        }
    }

    var encoding: LinearEncoding
    var intercept: Double
    var weights: [Double]
    public private(set) var iterations: Int

    /// - Throws: `PredictError.invalid` when there are no rows or only one class.
    public static func fit(
        _ table: FeatureTable, outcomes y: [Double], rows: [Int], options: Options = Options()
    ) throws(PredictError) -> LogisticRegression {
        try requireBothClasses(y, rows)
        let encoding = LinearEncoding(fitting: table, rows: rows)
        let d = encoding.width + 1  // the intercept is the last input
        var x = [Double](repeating: 0, count: rows.count * d)
        var row = [Double](repeating: 0, count: encoding.width)
        for (i, r) in rows.enumerated() {
            encoding.encode(table, row: r, into: &row)
            for j in 0..<encoding.width { x[i * d + j] = row[j] }
            x[i * d + d - 1] = 1
        }
        var w = [Double](repeating: 0, count: d)
        let mean = rows.reduce(0) { $0 + y[$1] } / Double(rows.count)
        w[d - 1] = log(mean / (1 - mean))
        var iterations = 0
        for iteration in 1...options.maxIterations {
            iterations = iteration
            var gradient = [Double](repeating: 0, count: d)
            var hessian = [Double](repeating: 0, count: d * d)
            for (i, r) in rows.enumerated() {
                var z = 0.0
                for j in 0..<d { z += w[j] * x[i * d + j] }
                let p = sigmoid(z)
                let residual = p - y[r]
                let curvature = max(p * (1 - p), 1e-12)
                for j in 0..<d {
                    let xj = x[i * d + j]
                    gradient[j] += residual * xj
                    let cx = curvature * xj
                    for k in 0...j { hessian[j * d + k] += cx * x[i * d + k] }
                }
            }
            for j in 0..<(d - 1) {
                gradient[j] += options.l2 * w[j]
                hessian[j * d + j] += options.l2
            }
            for j in 0..<d { for k in 0..<j { hessian[k * d + j] = hessian[j * d + k] } }
            guard let step = Cholesky.solve(hessian, gradient, size: d) else { break }
            var largest = 0.0
            for j in 0..<d {
                w[j] -= step[j]
                largest = max(largest, abs(step[j]))
            }
            if largest < 1e-9 { break }
        }
        return LogisticRegression(
            encoding: encoding, intercept: w[d - 1], weights: Array(w[0..<(d - 1)]), iterations: iterations)
    }

    /// The probability of a 1 for each row.
    public func probabilities(_ table: FeatureTable, rows: [Int]) -> [Double] {
        var x = [Double](repeating: 0, count: encoding.width)
        return rows.map { r in
            encoding.encode(table, row: r, into: &x)
            var z = intercept
            for j in 0..<weights.count { z += weights[j] * x[j] }
            return sigmoid(z)
        }
    }
}

func sigmoid(_ z: Double) -> Double { z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z)) }

func requireBothClasses(_ y: [Double], _ rows: [Int]) throws(PredictError) {
    guard !rows.isEmpty else { throw .invalid("no rows to fit on") }
    let positives = rows.reduce(0) { $0 + (y[$1] == 1 ? 1 : 0) }
    guard positives > 0, positives < rows.count else {
        throw .invalid("the rows to fit on hold only \(positives == 0 ? "0s" : "1s"): a classifier needs both")
    }
}

/// Solving a symmetric positive definite system.
enum Cholesky {
    /// `a` (row-major, `size`²) times the result is `b`; nil when `a` is not positive definite.
    static func solve(_ a: [Double], _ b: [Double], size n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = a[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        var z = b
        for i in 0..<n {
            for k in 0..<i { z[i] -= l[i * n + k] * z[k] }
            z[i] /= l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<n { z[i] -= l[k * n + i] * z[k] }
            z[i] /= l[i * n + i]
        }
        return z
    }
}
