import Domain
import Foundation
import Predict
import Storage
import TUI

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
    guard let end = events.map(\.timestamp.physicalMs).max() else { return }
    var model: FailureModel?
    let training = try Measure.seconds { model = try FailureModel.train(history, at: end) }
    guard let model else { return }
    Measure.report(
        "ml: train the failure model",
        "boosted trees per horizon (30, 60, 90 days) on \(model.trainingSamples) vehicle samples every 14 days, calibrated on the last third",
        String(format: "%.2f s", training))
    let vehicles = history.vehicles.keys.sorted()
    let fleetScores = try (0..<5).map { _ in try Measure.seconds { _ = try model.predict(history, at: end) } }
    Measure.report(
        "ml: score the whole fleet",
        "\(vehicles.count) vehicles: features as of the end, three horizons, three reasons each; median of 5",
        Measure.ms(Measure.median(fleetScores)))
    let one = try (0..<100).map { i in
        try Measure.seconds { _ = try model.predict(history, at: end, only: [vehicles[i % vehicles.count]]) }
    }
    Measure.report(
        "ml: one prediction", "one vehicle's features as of the end, three horizons and their reasons; median of 100",
        Measure.ms(Measure.median(one)))
    var parts: PartsModel?
    let partsTraining = try Measure.seconds { parts = try PartsModel.train(history, at: end) }
    Measure.report(
        "ml: train the parts model",
        "\(parts?.choices.count ?? 0) parts and the cost: each method chosen by rolling origin",
        String(format: "%.2f s", partsTraining))
    let store = try RailFleetStore(path: path, access: .readOnly)
    let pane = try (0..<3).map { _ in try Measure.seconds { _ = try Predictions.load(from: store, at: end) } }
    Measure.report(
        "ml: the forecast pane's predictions",
        "no model in production: history, failure, anomaly and parts models trained as of the end, the fleet scored, exams, forecasts; median of 3",
        String(format: "%.2f s", Measure.median(pane)))
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
