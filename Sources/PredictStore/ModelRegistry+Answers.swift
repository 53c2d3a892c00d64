public import Domain
public import Foundation
public import Predict
public import Storage

/// The questions put to the models, answered the same way for the command line (`railfleet
/// ml …`) and the hub's API (`/api/v1/ml/…`): one code path, so that both give the same JSON.
/// Refusals are `StorageError`s whose kind says what went wrong (not found, invalid input,
/// not allowed), in the words the command line prints.
extension ModelRegistry {
    /// The model in production for a kind at a time or, where none was, one trained as of
    /// then (not kept); with its version, or "none in production: trained now".
    public func inProduction(_ kind: String, at t: Int64) throws -> (TrainedModel, String) {
        do {
            if let (record, model) = try production(kind, at: t) { return (model, record.version) }
            return (try Self.train(kind, history: try history(), at: t), "none in production: trained now")
        } catch let error as PredictError {
            throw StorageError(.domain(.invalidInput), "cannot use the \(kind) model: \(error)")
        } catch let error as ModelRegistryError {
            throw StorageError(.domain(.concurrentChange), "\(error)")
        }
    }

    /// A vehicle's chance of failing within 30, 60 and 90 days as of `at`, written to the
    /// prediction log (where the replica may be written) as made by `user`.
    ///
    /// - Parameters:
    ///   - vehicle: the vehicle's id.
    ///   - named: what the asker called it, for messages.
    ///   - at: the time looked from.
    ///   - user: who asked, for the prediction log.
    /// - Returns: the prediction and the version of the model that made it.
    /// - Throws: `StorageError` `.domain(.notFound)` for a vehicle not registered by then.
    public func predictFailure(of vehicle: String, named: String? = nil, at: Int64, by user: String) throws
        -> PredictionView
    {
        let history = try history()
        guard let v = history.vehicles[vehicle], v.registeredMs < at else {
            throw StorageError(.domain(.notFound), "cannot predict: \(named ?? vehicle) was not registered by then")
        }
        let (model, version) = try inProduction("failure", at: at)
        guard case .failure(let failure) = model else {
            throw StorageError(.domain(.corruptData), "the failure model is not one")
        }
        let made = try Self.predictFailure(
            of: vehicle, named: named, at: at, by: user, model: failure, version: version, history: history,
            logging: store.access == .readWrite)
        if let logged = made.logged { try keepForLog(logged) }
        return made.view
    }

    /// The prediction itself, from a model and a history and nothing else: a server makes
    /// many at once on every core.
    ///
    /// - Parameters:
    ///   - vehicle: the vehicle's id.
    ///   - named: what the asker called it, for messages.
    ///   - at: the time looked from.
    ///   - user: who asked, for the prediction log.
    ///   - model: the failure model.
    ///   - version: the model's version.
    ///   - history: the fleet the model reads.
    ///   - logging: whether to make the prediction log's entry.
    /// - Returns: the answer, and the entry for the prediction log.
    /// - Throws: `StorageError` `.domain(.notFound)` for a vehicle not registered by then.
    public static func predictFailure(
        of vehicle: String, named: String?, at: Int64, by user: String, model: FailureModel, version: String,
        history: FleetHistory, logging: Bool
    ) throws -> (view: PredictionView, logged: LoggedPrediction?) {
        guard let v = history.vehicles[vehicle], v.registeredMs < at else {
            throw StorageError(.domain(.notFound), "cannot predict: \(named ?? vehicle) was not registered by then")
        }
        let prediction: FailurePrediction
        do {
            guard let first = try model.predict(history, at: at, only: [vehicle]).first else {
                throw StorageError(.domain(.notFound), "cannot predict: \(named ?? vehicle) was not registered by then")
            }
            prediction = first
        } catch let error as PredictError {
            throw StorageError(.domain(.invalidInput), "cannot predict: \(error)")
        }
        let logged =
            logging
            ? try logEntry(prediction, of: model, version: version, vehicle: v, history: history, by: user) : nil
        return (PredictionView(model: version, prediction), logged)
    }

    /// When a vehicle should next see the workshop for its most frequent exam, as of `at`.
    public func examTiming(of vehicle: String, named: String? = nil, at: Int64) throws -> ExamTiming {
        let history = try history()
        let spans = ExamTiming.spans(history.before(at))
        let wear: WeibullSurvival
        do { wear = try WeibullSurvival(durations: spans.durations, failed: spans.failed) } catch {
            throw StorageError(.domain(.invalidInput), "cannot fit the wear model: \(error)")
        }
        guard let v = history.vehicles[vehicle],
            let timing = ExamTiming.recommend(v, in: history, at: at, survival: wear)
        else {
            throw StorageError(
                .domain(.notFound), "\(named ?? vehicle) has no exam plan or no odometer reading by then")
        }
        return timing
    }

    /// Each part's monthly use for `months` months after the last whole month before `at`, by
    /// the parts model in production; one part when `part` (an id) is given.
    public func forecastParts(_ part: String?, named: String? = nil, months: Int, at: Int64) throws
        -> PartsForecastView
    {
        guard (1...36).contains(months) else {
            throw StorageError(.domain(.invalidInput), "months must be 1–36, got \(months)")
        }
        let history = try history()
        let (model, version) = try inProduction("parts", at: at)
        guard case .parts(let parts) = model else {
            throw StorageError(.domain(.corruptData), "the parts model is not a parts model")
        }
        let outlooks = parts.forecastParts(history, at: at, months: months, parts: part.map { [$0] })
        if let part, outlooks.isEmpty {
            throw StorageError(.domain(.notFound), "part \(named ?? part) was never booked before then")
        }
        return PartsForecastView(
            model: version,
            parts: outlooks.map { o in
                .init(
                    part: o.id, partNumber: o.name, method: o.method.rawValue,
                    forecast: ForecastPoint.points(o.forecast, period: o.period(ofForecast:)))
            })
    }

    /// Odometer readings and failure rates that stand out as of `at`, by the anomaly model in
    /// production.
    public func anomalies(at: Int64) throws -> [Anomaly] {
        let history = try history()
        let (model, _) = try inProduction("anomaly", at: at)
        guard case .anomaly(let detector) = model else {
            throw StorageError(.domain(.corruptData), "the anomaly model is not one")
        }
        return detector.detect(history, at: at)
    }

    /// The registry's models of a kind (every kind when nil), with the versions in production
    /// this replica never trained listed from their promotions.
    public func views(_ kind: String? = nil) throws -> [ModelView] {
        var views = try store.registeredModels(kind).map { ModelView($0.record, stage: $0.stage, by: $0.trainedBy) }
        for kind in kind.map({ [$0] }) ?? ModelPromoted.models {
            if let p = try store.productionRecord(kind), !views.contains(where: { $0.version == p.version }) {
                views.append(ModelView(p, stage: .production, by: "(not trained here)"))
            }
        }
        return views
    }

    /// Trains a candidate of a kind as `actor`, scores it on the same backtest as the model in
    /// production, and keeps it in the registry.
    ///
    /// - Throws: `StorageError` `.domain(.forbidden)` unless the actor's role may promote
    ///   models (planners and admins), `.invalidInput` when the history is too short.
    public func trainCandidate(
        _ kind: String, at: Int64, parameters: [String: String], seed: Int, by actor: Actor
    ) throws -> TrainedCandidate {
        guard RoleMatrix.allows(actor.role, .promoteModel) else {
            throw StorageError(
                .domain(.forbidden),
                "\(actor.user) (\(actor.role.rawValue)) may not train models: planners and admins may")
        }
        guard ModelPromoted.models.contains(kind) else {
            throw StorageError(
                .domain(.invalidInput),
                "the model must be one of \(ModelPromoted.models.joined(separator: ", ")), not \(Text.escaped(kind))")
        }
        var record: ModelPromoted
        let trained: TrainedModel
        do {
            (record, trained) = try train(kind, windowEndMs: at, parameters: parameters, seed: seed)
        } catch let error as PredictError {
            throw StorageError(.domain(.invalidInput), "cannot train the \(kind) model: \(error)")
        }
        let champion = try store.productionRecord(kind)
        // A history long enough to train on may be too short for the backtest's periods:
        // the candidate is kept without figures, and says so.
        var noFigures: String?
        do {
            let history = try history(within: record.knownEvents).before(at)
            record.metrics = try ModelScores.backtest(kind, history, end: at, candidate: record, champion: champion)
        } catch let error as PredictError {
            noFigures = "\(error)"
        }
        try register(record, trained, by: actor.user)
        return TrainedCandidate(
            view: ModelView(record, stage: .candidate, by: actor.user), record: record, champion: champion,
            noFigures: noFigures)
    }

    /// A prediction and the features it was made from, as the prediction log keeps them.
    static func logEntry(
        _ p: FailurePrediction, of model: FailureModel, version: String, vehicle: FleetHistory.Vehicle,
        history: FleetHistory, by user: String
    ) throws -> LoggedPrediction? {
        let features = VehicleFeatures(levels: model.levels, systems: model.systems)
        guard let row = features.values(of: vehicle, in: history, at: p.atMs) else { return nil }
        var inputs: [String: String] = [:]
        for (name, value) in zip(features.numberNames, row.numbers) {
            inputs[name] = value.isNaN ? "missing" : "\(value)"
        }
        for (name, value) in zip(VehicleFeatures.categoryNames, row.categories) { inputs[name] = value }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return LoggedPrediction(
            name: "failure", version: version, subject: p.vehicle, asOfMs: p.atMs,
            madeMs: RailFleetStore.systemMs(), madeBy: user,
            features: String(decoding: try encoder.encode(inputs), as: UTF8.self),
            output: String(decoding: try encoder.encode(p.horizons.map(\.probability)), as: UTF8.self))
    }

    /// Writes a prediction to the log now, or keeps it for the next batch (`logsLater`).
    public func keepForLog(_ logged: LoggedPrediction) throws {
        if logsLater { pendingLogs.append(logged) } else { try store.logPredictions([logged]) }
    }
}

/// The figures a record carries: the candidate's backtest and, beside them under
/// `production.`, those of the model in production's parameters on the same periods.
public enum ModelScores {
    static func backtest(
        _ kind: String, _ history: FleetHistory, end: Int64, candidate: ModelPromoted, champion: ModelPromoted?
    ) throws -> [String: Double] {
        var metrics: [String: Double] = [:]
        switch kind {
        case "failure":
            var configurations = [("candidate", try FailureModel.Options(parameters: candidate.parameters))]
            if let champion, champion.algorithm == candidate.algorithm {
                configurations.append(("production", try FailureModel.Options(parameters: champion.parameters)))
            }
            let result = try FailureBacktest.run(
                history, end: end, failureModels: configurations.map { (name: $0.0, options: $0.1) })
            for s in result.scores where ["candidate", "production", "nobody-fails"].contains(s.model) {
                let prefix = s.model == "candidate" ? "" : s.model + "."
                let values: [(String, Double?)] = [
                    ("rocAUC", s.metrics.rocAUC), ("prAUC", s.metrics.prAUC), ("brier", s.metrics.brier),
                    ("ece", s.calibration.expectedError),
                ]
                for (name, value) in values {
                    if let value, value.isFinite { metrics["\(prefix)\(name)\(s.horizon)"] = value }
                }
            }
        case "parts":
            let result = try PartsBacktest.run(history, end: end)
            for s in result.scores {
                let prefix = s.method == "chosen" ? "" : s.method + "."
                if let mase = s.meanMASE { metrics[prefix + "mase"] = mase }
                metrics[prefix + "smape"] = s.meanSMAPE
            }
            if let mase = result.cost?.meanMASE { metrics["cost.mase"] = mase }
        default:
            let found = AnomalyModel.train(history, at: end).detect(history, at: end)
            metrics["anomalies"] = Double(found.count)
        }
        return metrics
    }
}
