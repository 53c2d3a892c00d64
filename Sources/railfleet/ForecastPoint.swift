import Foundation
import Predict

/// One forecast month as scripts see it: `ml forecast parts` and `ml forecast-csv`.
struct ForecastPoint: Encodable {
    var period: String
    var value, lower80, upper80, lower95, upper95: Double

    /// A forecast's months, the i-th named by `period(i)`.
    static func points(_ f: Predict.Forecast, period: (Int) -> String) -> [ForecastPoint] {
        f.values.indices.map {
            ForecastPoint(
                period: period($0), value: f.values[$0], lower80: f.lower80[$0], upper80: f.upper80[$0],
                lower95: f.lower95[$0], upper95: f.upper95[$0])
        }
    }

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
