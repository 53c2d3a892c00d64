import Foundation

/// Platt scaling: a probability from a logistic curve over the model's log-odds, its slope
/// and offset fitted by Newton's method on a later slice than the model.
public struct PlattCalibration: Sendable, Codable, Equatable {
    public private(set) var slope: Double
    public private(set) var offset: Double

    /// - Precondition: as many scores (probabilities in 0…1) as outcomes.
    public init(scores: [Double], outcomes: [Double]) {
        precondition(scores.count == outcomes.count, "one outcome per score")
        let x = scores.map(Self.logit)
        var a = 1.0
        var b = 0.0
        for _ in 0..<50 {
            var (ga, gb, haa, hab, hbb) = (0.0, 0.0, 1e-9, 0.0, 1e-9)
            for (xi, yi) in zip(x, outcomes) {
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
            a -= da
            b -= db
            if abs(da) + abs(db) < 1e-10 { break }
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
