import Foundation

/// Platt scaling: a probability from a logistic curve over the model's log-odds, its slope
/// and offset fitted by Newton's method on a later slice than the model. As Platt (1999)
/// advises, the targets are (N₊ + 1) / (N₊ + 2) and 1 / (N₋ + 2) rather than 1 and 0, so that
/// a small or separable slice cannot drive the curve to certainty; and the slope is never
/// negative: a calibration keeps the model's ranking or, at worst, flattens it.
public struct PlattCalibration: Sendable, Codable, Equatable {
    public private(set) var slope: Double
    public private(set) var offset: Double

    /// - Precondition: as many scores (probabilities in 0…1) as outcomes.
    public init(scores: [Double], outcomes: [Double]) {
        precondition(scores.count == outcomes.count, "one outcome per score")
        let x = scores.map(Self.logit)
        let positives = outcomes.reduce(0, +)
        let negatives = Double(outcomes.count) - positives
        let (high, low) = ((positives + 1) / (positives + 2), 1 / (negatives + 2))
        let targets = outcomes.map { $0 > 0.5 ? high : low }
        // Newton's method with a backtracking line search (Lin, Lin and Weng 2007): a full
        // step on scores that nearly separate the slice overshoots without end.
        func loss(_ a: Double, _ b: Double) -> Double {
            zip(x, targets).reduce(0) { sum, pair in
                let z = a * pair.0 + b
                // log(1 + e^z) − t z, computed without overflow.
                return sum + (z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))) - pair.1 * z
            }
        }
        var a = 1.0
        var b = 0.0
        var current = loss(a, b)
        for _ in 0..<100 {
            var (ga, gb, haa, hab, hbb) = (0.0, 0.0, 1e-9, 0.0, 1e-9)
            for (xi, yi) in zip(x, targets) {
                let p = sigmoid(a * xi + b)
                let w = max(p * (1 - p), 1e-12)
                ga += (p - yi) * xi
                gb += p - yi
                haa += w * xi * xi
                hab += w * xi
                hbb += w
            }
            let det = haa * hbb - hab * hab
            guard det > 0 else { break }
            let da = (hbb * ga - hab * gb) / det
            let db = (haa * gb - hab * ga) / det
            var step = 1.0
            while step > 1e-10 {
                let next = loss(a - step * da, b - step * db)
                if next <= current - 1e-4 * step * (ga * da + gb * db) {
                    current = next
                    break
                }
                step /= 2
            }
            guard step > 1e-10 else { break }
            a -= step * da
            b -= step * db
            if step * (abs(da) + abs(db)) < 1e-10 { break }
        }
        if a < 0 {
            // The model ranks this slice backwards: the slice's rate for everyone.
            a = 0
            let rate = targets.reduce(0, +) / Double(max(1, targets.count))
            b = Self.logit(rate)
        }
        slope = a
        offset = b
    }

    public func probability(_ score: Double) -> Double { sigmoid(slope * Self.logit(score) + offset) }

    static func logit(_ p: Double) -> Double {
        let q = min(max(p, 1e-12), 1 - 1e-12)
        return log(q / (1 - q))
    }
}
