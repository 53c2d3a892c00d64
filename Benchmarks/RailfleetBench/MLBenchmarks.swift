import Domain
import Foundation
import Predict
import Storage

/// The predictive models on a demo's history: training, scoring the fleet, one prediction,
/// and forecasting many monthly series.
func mlBenchmarks(path: String) throws {
    let events = try RailFleetStore(path: path, access: .readOnly).events().map(\.event)
    var history = FleetHistory()
    let gather = Measure.seconds { history = FleetHistory(events) }
    Measure.report(
        "ml: gather the fleet's history",
        "\(events.count) events of the default demo, \(history.vehicles.count) vehicles",
        Measure.ms(gather))
    let day: Int64 = 86_400_000
    guard let end = events.map(\.timestamp.physicalMs).max(), let start = events.map(\.timestamp.physicalMs).min()
    else { return }
    let times = stride(from: start + 90 * day, to: end - 90 * day, by: Int(14 * day)).map { $0 }
    var data: FailureDataset?
    let build = try Measure.seconds { data = try FailureDataset.make(history, at: times) }
    guard let data else { return }
    let rows = Array(0..<data.table.rowCount)
    var trees: BoostedTrees?
    let training = try Measure.seconds {
        trees = try BoostedTrees.fit(data.table, outcomes: data.outcomes[30] ?? [], rows: rows)
    }
    Measure.report(
        "ml: train the failure model (30 days)",
        "features of \(data.table.rowCount) vehicle samples every 14 days (\(data.table.names.count) columns), then 100 boosted trees",
        String(format: "features %.2f s, trees %.2f s", build, training))
    guard let trees else { return }
    let features = VehicleFeatures(levels: history.levels, systems: history.systems)
    let vehicles = history.vehicles.keys.sorted().compactMap { history.vehicles[$0] }
    let fleetScores = try (0..<5).map { _ in
        try Measure.seconds {
            let now = try FailureDataset.make(history, at: [end])
            _ = try trees.probabilities(now.table, rows: Array(0..<now.table.rowCount))
        }
    }
    Measure.report(
        "ml: score the whole fleet", "\(vehicles.count) vehicles: features as of the end, then the model; median of 5",
        Measure.ms(Measure.median(fleetScores)))
    let one = try (0..<100).map { i in
        try Measure.seconds {
            let v = vehicles[i % vehicles.count]
            guard let row = features.values(of: v, in: history, at: end) else { return }
            let table = try FeatureTable(
                names: features.numberNames + VehicleFeatures.categoryNames,
                columns: row.numbers.map { .numeric([$0]) } + row.categories.map { FeatureTable.categorical([$0]) })
            _ = try trees.probabilities(table, rows: [0])
        }
    }
    Measure.report(
        "ml: one prediction", "one vehicle's features as of the end and its probability; median of 100",
        Measure.ms(Measure.median(one)))
    // 1,000 monthly series of 48 months: seasonal, trending and intermittent, seeded.
    var rng = SeededGenerator(seed: 21)
    let series = (0..<1_000).map { i -> [Double] in
        (0..<48).map { t in
            let u = Double(rng.next() % 1_000) / 1_000
            switch i % 3 {
            case 0: return 20 + 10 * sin(Double(t) * .pi / 6) + 4 * u
            case 1: return 50 + Double(t) + 6 * u
            default: return u < 0.2 ? Double(1 + rng.next() % 5) : 0
            }
        }
    }
    let forecasting = Measure.seconds {
        for s in series { _ = ForecastSelection(s, horizon: 12, season: 12) }
    }
    Measure.report(
        "ml: forecast 1,000 monthly series",
        "48 months each (a third seasonal, a third trending, a third intermittent): method chosen per series by its rolling-origin backtest, then 12 months with intervals",
        String(format: "%.2f s", forecasting))
}
