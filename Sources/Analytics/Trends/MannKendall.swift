import Foundation

/// The Mann-Kendall test for a monotonic trend, with Sen's slope; for series with a season,
/// the seasonal test of Hirsch, Slack and Smith (1982), which compares each month only with
/// the same month of other years, so that a winter peak is not read as a trend.
public struct MannKendall: Sendable, Equatable {
    /// Kendall's S: concordant minus discordant pairs.
    public var s: Double
    public var variance: Double
    /// The standardised statistic, continuity corrected.
    public var z: Double
    /// Two-sided p-value of no trend (normal approximation).
    public var p: Double
    /// Sen's slope per step: the median of the pairwise slopes (per year over the season's
    /// length for the seasonal test, so per step as well).
    public var slope: Double
    public var seasonal: Bool
    public var count: Int

    /// The test of a series; nil with fewer than four values (or two per season).
    ///
    /// - Parameters:
    ///   - values: equally spaced, oldest first; nil marks a missing value, left out.
    ///   - season: the season's length in steps (12 for months) for the seasonal test; nil
    ///     for the plain one.
    public init?(_ values: [Double?], season: Int? = nil) {
        let groups: [[(t: Int, x: Double)]]
        if let season, season > 1 {
            groups = (0..<season).map { k in
                stride(from: k, to: values.count, by: season).compactMap { t in values[t].map { (t, $0) } }
            }
            guard groups.allSatisfy({ $0.count >= 2 }) else { return nil }
        } else {
            groups = [values.indices.compactMap { t in values[t].map { (t, $0) } }]
            guard groups[0].count >= 4 else { return nil }
        }
        var s = 0.0
        var variance = 0.0
        var slopes: [Double] = []
        for g in groups {
            for i in g.indices {
                for j in g.index(after: i)..<g.endIndex {
                    let d = g[j].x - g[i].x
                    s += d > 0 ? 1 : d < 0 ? -1 : 0
                    slopes.append(d / Double(g[j].t - g[i].t))
                }
            }
            let n = Double(g.count)
            var ties = 0.0
            for count in Dictionary(grouping: g.map(\.x), by: { $0 }).values.map(\.count) where count > 1 {
                let t = Double(count)
                ties += t * (t - 1) * (2 * t + 5)
            }
            variance += (n * (n - 1) * (2 * n + 5) - ties) / 18
        }
        self.s = s
        self.variance = variance
        z = variance > 0 ? (s > 0 ? (s - 1) : s < 0 ? (s + 1) : 0) / variance.squareRoot() : 0
        p = erfc(abs(z) / 2.0.squareRoot())
        slopes.sort()
        let m = slopes.count
        slope = m == 0 ? 0 : m % 2 == 1 ? slopes[m / 2] : (slopes[m / 2 - 1] + slopes[m / 2]) / 2
        seasonal = groups.count > 1
        count = groups.reduce(0) { $0 + $1.count }
    }
}
