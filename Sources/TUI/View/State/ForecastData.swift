public import Storage

/// The forecast pane's charts.
public enum Chart: Sendable, Equatable {
    case failures, consumption, costs
    /// The fleet ranked by failure risk, with reasons and exam dates.
    case risk
    case anomalies

    /// The key that shows each: f failures, p parts (j/k pick the part), c costs, r risk
    /// (j/k pick the vehicle, Enter opens it), a anomalies.
    init?(key: Character) {
        switch key {
        case "f": self = .failures
        case "p": self = .consumption
        case "c": self = .costs
        case "r": self = .risk
        case "a": self = .anomalies
        default: return nil
        }
    }
}

/// Monthly history for the charts.
public struct ForecastData: Sendable, Equatable {
    public var failures: [MonthlySeries]
    public var costs: MonthlySeries?
    /// Parts issued per month, by part id.
    public var consumption: [String: MonthlySeries]

    public init(failures: [MonthlySeries], costs: MonthlySeries?, consumption: [String: MonthlySeries]) {
        self.failures = failures
        self.costs = costs
        self.consumption = consumption
    }
}

extension ForecastData {
    /// The history up to a month (`YYYY-MM`): the charts as of the audit cursor.
    func upTo(month: String) -> ForecastData {
        func cut(_ s: MonthlySeries) -> MonthlySeries {
            MonthlySeries(name: s.name, points: s.points.filter { $0.month <= month })
        }
        return ForecastData(failures: failures.map(cut), costs: costs.map(cut), consumption: consumption.mapValues(cut))
    }

}
