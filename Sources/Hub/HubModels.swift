import Domain
import Foundation
import Predict
import PredictStore
import Storage

/// The hub's models for the API: predictions, forecasts, anomalies and the registry, read from
/// a snapshot of the hub's log (`LogSnapshot`) so that a prediction costs the model's work, not
/// the log's decoding. The hub keeps two, sharing one snapshot: one predicts, the other trains,
/// so that a training of seconds does not hold up predictions. Its connection may write: predictions go to the hub's prediction log and
/// models trained through the API to its registry, as on any terminal.
actor HubModels {
    private let executor = QueueExecutor("railfleet.hub.models")
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    private let store: RailFleetStore
    private let inputs: LogSnapshot<ModelInputs>
    private let metrics: HubMetrics
    /// The registry over the current snapshot, kept while the snapshot is: it holds the
    /// decoded models in production.
    private var registry: (ModelRegistry, seq: Int64)?

    /// - Parameters:
    ///   - path: the hub's replica.
    ///   - inputs: the snapshot of the log, which several may share (`snapshot(of:)`).
    ///   - metrics: where the predictions are counted by how they were answered.
    /// - Throws: `StorageError` when the replica cannot be opened.
    init(path: String, inputs: LogSnapshot<ModelInputs>, metrics: HubMetrics) throws {
        self.metrics = metrics
        store = try RailFleetStore(path: path)
        store.maintainsReadModels = false
        self.inputs = inputs
    }

    /// The models' snapshot of the log in a file.
    static func snapshot(of path: String) -> LogSnapshot<ModelInputs> {
        LogSnapshot { previous in
            let reader = try RailFleetStore(path: path, access: .readOnly)
            let seq = try reader.lastSeq
            return (try ModelInputs.read(reader, through: seq, previous: previous), seq)
        }
    }

    /// The registry over the newest snapshot of the log, when a model of `kind` is in
    /// production at `at`. A terminal trains one for the question where none is; a server
    /// that did so would spend seconds on each request, so the hub asks for a promotion.
    private func current(_ kind: String? = nil, at: Int64? = nil) async throws -> ModelRegistry {
        let seq = try store.lastSeq
        if let kind {
            // Whether a model is in production then changes only with the log: asked once per
            // position, not folded from the model's events for every request.
            let question = ProductionQuestion(kind: kind, at: at, seq: seq)
            let known = try inProduction[question] ?? (store.productionRecord(kind, at: at) != nil)
            inProduction.keep(known, for: question)
            guard known else {
                throw RequestRefusal(
                    status: 409,
                    "no \(kind) model is in production then: train one (`railfleet ml train --model \(kind)` or POST /api/v1/ml/train) and promote it (`railfleet ml promote`)"
                )
            }
        }
        let made = try await inputs.value(at: seq)
        if let registry, registry.seq == made.seq { return registry.0 }
        try registry?.0.writePendingLogs()
        let fresh = ModelRegistry(store, events: made.value.events, history: made.value.history, cut: made.value.cut)
        fresh.logsLater = true
        if let old = registry?.0 { fresh.keepDecodedModels(of: old) }
        registry = (fresh, made.seq)
        predictions.removeAll()
        underWay.removeAll()
        return fresh
    }

    /// Whether a model of a kind is in production at a time, by log position.
    private var inProduction = Memo<ProductionQuestion, Bool>(limit: 4_096)
    private struct ProductionQuestion: Hashable {
        let kind: String
        let at: Int64?
        let seq: Int64
    }

    /// The predictions made from the current snapshot, by vehicle and moment ("now" by the
    /// minute, as the figures' answers): a thousand dashboards ask for the same vehicles again
    /// and again, and under that load the time of a prediction is spent waiting for the
    /// predictions before it (docs/PERFORMANCE.md). Cleared with each new snapshot.
    private var predictions = Memo<PredictionQuestion, Prediction>(limit: 4_096)
    private struct PredictionQuestion: Hashable {
        let vehicle: String
        let moment: AskedMoment
    }
    private typealias Prediction = (view: PredictionView, logged: LoggedPrediction?)
    /// Predictions being made from the current snapshot, by question: a request asking what
    /// one under way will answer waits for it rather than making it again (at the turn of a
    /// minute, every dashboard asks about now at once). Cleared with each new snapshot.
    private var underWay: [PredictionQuestion: Task<Prediction, any Error>] = [:]

    /// When the prediction log was last written.
    private var loggedAt = ContinuousClock.now - .seconds(1)

    func failure(vehicle: String, at: Int64?, by user: String) async throws -> PredictionView {
        let registry = try await current("failure", at: at)
        let now = RailFleetStore.systemMs()
        let question = PredictionQuestion(vehicle: vehicle, moment: AskedMoment(at: at, nowMs: now))
        let made: Prediction
        if let known = predictions[question] {
            made = known
            metrics.predicted(.remembered)
        } else if let pending = underWay[question] {
            made = try await pending.value
            metrics.predicted(.joined)
        } else {
            let t = at ?? now
            let (model, version) = try registry.inProduction("failure", at: t)
            guard case .failure(let failure) = model else {
                throw StorageError(.domain(.corruptData), "the failure model is not one")
            }
            let history = try registry.history()
            // The prediction itself on any core (the model and the history are read-only): only
            // taking the model and keeping the log's entry wait for this actor.
            let making = Task {
                try await QueueExecutor.blocking {
                    try ModelRegistry.predictFailure(
                        of: vehicle, named: nil, at: t, by: user, model: failure, version: version, history: history,
                        logging: true)
                }
            }
            underWay[question] = making
            defer { if underWay[question] == making { underWay[question] = nil } }
            made = try await making.value
            metrics.predicted(.made)
            // Kept only while the snapshot it came from is the current one.
            if self.registry?.0 === registry { predictions.keep(made, for: question) }
        }
        // Kept by the registry of now: a newer snapshot may have replaced this one meanwhile,
        // and a replaced registry's batch is written no more. Each answer is logged as given
        // to whoever asked, when they asked, a remembered one too.
        let keeper = self.registry?.0 ?? registry
        if var logged = made.logged {
            logged.madeBy = user
            logged.madeMs = now
            try keeper.keepForLog(logged)
        }
        // Written in batches, at most a second apart: an fsync per prediction would be most of
        // its cost. A hub killed loses at most that second of its log, never an answer.
        if keeper.pendingLogs.count >= 500 || ContinuousClock.now - loggedAt >= .seconds(1) {
            try keeper.writePendingLogs()
            loggedAt = .now
        }
        return made.view
    }

    /// Writes the predictions still waiting, when the hub stops.
    func writePendingLogs() throws { try registry?.0.writePendingLogs() }

    func exam(vehicle: String, at: Int64?) async throws -> ExamTiming {
        try await current().examTiming(of: vehicle, at: at ?? RailFleetStore.systemMs())
    }

    func parts(part: String?, months: Int, at: Int64?) async throws -> PartsForecastView {
        try await current("parts", at: at).forecastParts(part, months: months, at: at ?? RailFleetStore.systemMs())
    }

    func anomalies(at: Int64?) async throws -> [Anomaly] {
        try await current("anomaly", at: at).anomalies(at: at ?? RailFleetStore.systemMs())
    }

    func models(_ kind: String?) throws -> [ModelView] {
        if let kind, !ModelPromoted.models.contains(kind) {
            throw StorageError(
                .domain(.invalidInput),
                "model=\(Text.escaped(kind)) is not one of \(ModelPromoted.models.joined(separator: ", "))")
        }
        return try ModelRegistry(store).views(kind)
    }

    /// One model by its version or the version's first digits.
    func model(_ version: String) throws -> ModelView {
        let found = try ModelRegistry(store).views().filter { $0.version.hasPrefix(version) }
        guard !version.isEmpty, let first = found.first else {
            throw StorageError(.domain(.notFound), "no model version \(Text.escaped(version)) in the hub's registry")
        }
        guard found.allSatisfy({ $0.version == first.version }) else {
            throw StorageError(.domain(.invalidInput), "\(Text.escaped(version)) is the start of several versions")
        }
        return first
    }

    func train(_ kind: String, at: Int64?, parameters: [String: String], seed: Int, by actor: Actor) async throws
        -> ModelView
    {
        try await current().trainCandidate(
            kind, at: at ?? RailFleetStore.systemMs(), parameters: parameters, seed: seed, by: actor
        ).view
    }
}
