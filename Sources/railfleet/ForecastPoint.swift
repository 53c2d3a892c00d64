import Foundation
import Predict
import PredictStore

extension ForecastPoint {
    /// A row per series and month, with both intervals.
    static func table(_ series: [(name: String, method: String, points: [ForecastPoint])], first: String, decimals: Int)
        -> Table
    {
        var table = Table(first, "METHOD", "MONTH", "FORECAST", "80 %", "95 %")
        let number = "%.\(decimals)f"
        for s in series {
            for p in s.points {
                table.add(
                    s.name, s.method, p.period, String(format: number, p.value),
                    String(format: "\(number)–\(number)", p.lower80, p.upper80),
                    String(format: "\(number)–\(number)", p.lower95, p.upper95))
            }
        }
        return table
    }
}
