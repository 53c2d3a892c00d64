public import Domain
public import Foundation
public import Predict
public import Storage

/// A failure prediction as scripts see it, with the version of the model that made it.
public struct PredictionView: Encodable, Sendable {
    public var model: String
    public var prediction: FailurePrediction

    public init(model: String, _ prediction: FailurePrediction) {
        self.model = model
        self.prediction = prediction
    }

    enum Key: String, CodingKey { case model }
    public func encode(to encoder: any Encoder) throws {
        try prediction.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(model, forKey: .model)
    }
}

/// A registry entry as scripts see it.
public struct ModelView: Encodable, Sendable {
    public var name, version, stage, algorithm, windowEnd, digest, trainedBy: String
    public var parameters: [String: String]
    public var seed: Int
    public var knownEvents: [String: UInt64]
    public var metrics: [String: Double]

    public init(_ r: ModelPromoted, stage: ModelStage, by user: String) {
        name = r.model
        version = r.version
        self.stage = stage.rawValue
        algorithm = r.algorithm
        windowEnd = UTC.format(ms: r.windowEndMs)
        digest = r.digest
        trainedBy = user
        parameters = r.parameters
        seed = r.seed
        knownEvents = Dictionary(uniqueKeysWithValues: r.knownEvents.counters.map { ($0.key.rawValue, $0.value) })
        metrics = r.metrics
    }
}

/// One forecast month as scripts see it: parts forecasts and `ml forecast-csv`.
public struct ForecastPoint: Encodable, Sendable {
    public var period: String
    public var value, lower80, upper80, lower95, upper95: Double

    /// A forecast's months, the i-th named by `period(i)`.
    public static func points(_ f: Predict.Forecast, period: (Int) -> String) -> [ForecastPoint] {
        f.values.indices.map {
            ForecastPoint(
                period: period($0), value: f.values[$0], lower80: f.lower80[$0], upper80: f.upper80[$0],
                lower95: f.lower95[$0], upper95: f.upper95[$0])
        }
    }
}

/// Each part's forecast use by the parts model in production.
public struct PartsForecastView: Encodable, Sendable {
    public var model: String
    public var parts: [Series]

    public struct Series: Encodable, Sendable {
        public var part: String
        public var partNumber: String
        public var method: String
        public var forecast: [ForecastPoint]
    }
}

/// A candidate just trained, and why it has no backtest figures when it has none.
public struct TrainedCandidate: Sendable {
    public var view: ModelView
    public var record: ModelPromoted
    public var champion: ModelPromoted?
    public var noFigures: String?
}
