import Domain
import Foundation
import Predict
import PredictStore
public import Storage

extension Predictions {
    /// What the models in production at `ms` say from what was known then (a model is
    /// trained as of then, and not kept, where none was in production).
    ///
    /// - Throws: `PredictError` for a history too short to learn from, `ModelRegistryError`
    ///   when the production model cannot be trained again here, `StorageError` when the log
    ///   cannot be read.
    public static func load(from store: RailFleetStore, at ms: Int64) throws -> Predictions {
        let registry = ModelRegistry(store)
        let history = try registry.history()
        func model(_ kind: String) throws -> (TrainedModel, ModelPromoted?) {
            if let (record, model) = try registry.production(kind, at: ms) { return (model, record) }
            return (try ModelRegistry.train(kind, history: history, at: ms), nil)
        }
        guard case (.failure(let failure), let record) = try model("failure") else {
            throw PredictError.invalid("the failure model is not one")
        }
        let spans = ExamTiming.spans(history.before(ms))
        let wear = try? WeibullSurvival(durations: spans.durations, failed: spans.failed)
        let risks = try failure.predict(history, at: ms).map { p in
            let exam = wear.flatMap { w in
                history.vehicles[p.vehicle].flatMap { ExamTiming.recommend($0, in: history, at: ms, survival: w) }
            }
            return Risk(
                vehicleID: p.vehicle, probabilities: p.horizons.map(\.probability),
                reasons: p.horizons.first?.reasons.map { "\($0.feature) \($0.value)" } ?? [], examLevel: exam?.level,
                examDay: exam?.day, examReason: exam?.reason)
        }
        var oddities: [Oddity] = []
        if case (.anomaly(let detector), _) = try model("anomaly") {
            oddities = detector.detect(history, at: ms).map {
                Oddity(vehicleID: $0.vehicle, kind: $0.kind.rawValue, ms: $0.ms, value: $0.value, score: $0.score)
            }
        }
        var parts: [String: Band] = [:]
        var cost: Band?
        if case (.parts(let forecaster), _) = try model("parts") {
            for o in forecaster.forecastParts(history, at: ms, months: 12) { parts[o.id] = band(o) }
            cost = forecaster.forecastCost(history, at: ms, months: 12).map(band)
        }
        return Predictions(
            asOfMs: ms, model: describe(record), risks: risks, oddities: oddities, parts: parts, cost: cost)
    }

    static func band(_ o: PartsModel.Outlook) -> Band {
        let f = o.forecast
        return Band(
            months: f.values.indices.map(o.period(ofForecast:)), values: f.values, lower80: f.lower80,
            upper80: f.upper80, lower95: f.lower95, upper95: f.upper95, method: o.method.rawValue)
    }

    /// The failure model in a line: its version and backtest figures at 30 days.
    static func describe(_ record: ModelPromoted?) -> String {
        guard let record else { return "no failure model in production: one trained for this view" }
        let figures = [("ROC-AUC", "rocAUC30"), ("ECE", "ece30")].compactMap { name, key in
            record.metrics[key].map { "\(name) \(String(format: "%.3f", $0))" }
        }
        return "failure model \(record.version)"
            + (figures.isEmpty ? ", no backtest figures" : ", backtest at 30 days: " + figures.joined(separator: ", "))
    }
}
