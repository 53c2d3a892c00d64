public import Domain
public import Foundation
public import Predict
public import Storage

/// The registry's models trained from a replica's log, kept in it, and loaded back: the
/// glue between the pure models (`Predict`) and the store. Training reads only the events
/// within a causal cut of the log (the version vector the replica held) with valid time
/// before the window's end, so that any replica holding that cut trains the same model,
/// whatever arrived since.
///
/// One registry reads the log once: a command that gathers the history, finds the model in
/// production and trains one where none is decodes the events a single time (1.4 s on the
/// default demo).
public final class ModelRegistry {
    public let store: RailFleetStore
    private var events: [RecordedEvent]?
    private var histories: [VersionVector?: FleetHistory] = [:]
    /// Models decoded from the registry, by digest: a long-lived registry (the hub's) decodes
    /// each once.
    private var decoded: [String: TrainedModel] = [:]

    /// Whether predictions wait in `pendingLogs` for the caller to write them in batches (a
    /// server answering many: one transaction, one fsync, for hundreds), rather than each
    /// being written as it is made.
    public var logsLater = false
    /// Predictions made but not yet written to the prediction log (see `logsLater`).
    public internal(set) var pendingLogs: [LoggedPrediction] = []

    public init(_ store: RailFleetStore) { self.store = store }

    /// Takes over the models another registry decoded (a registry over a newer snapshot of the
    /// same replica): decoding a boosted-trees model is a pause a server should pay once.
    public func keepDecodedModels(of other: ModelRegistry) {
        decoded.merge(other.decoded) { mine, _ in mine }
    }

    /// Writes the predictions waiting in `pendingLogs`, in one transaction.
    public func writePendingLogs() throws {
        guard !pendingLogs.isEmpty else { return }
        try store.logPredictions(pendingLogs)
        pendingLogs = []
    }

    /// The cut the events were read at, when they were read ahead (the hub's snapshot):
    /// models are trained on it, not on what the store holds by then.
    private var cut: VersionVector?

    /// A registry over events already read from `store` at a cut, and the fleet they make.
    public init(_ store: RailFleetStore, events: [RecordedEvent], history: FleetHistory, cut: VersionVector) {
        self.store = store
        self.events = events
        self.cut = cut
        histories[nil] = history
    }

    /// The fleet as the models see it, from the events within `cut` (all when nil).
    public func history(within cut: VersionVector? = nil) throws -> FleetHistory {
        if let held = histories[cut] { return held }
        let all = try events ?? store.events().map(\.event)
        events = all
        let history = cut.map { cut in FleetHistory(all.filter { cut.contains($0.id) }) } ?? FleetHistory(all)
        histories[cut] = history
        return history
    }

    /// Trains a model of a kind as of `windowEndMs` on the replica's current cut.
    ///
    /// - Parameters:
    ///   - kind: `failure`, `parts` or `anomaly`.
    ///   - windowEndMs: only events before it are read.
    ///   - parameters: the failure model's options (`FailureModel.Options.parameters`).
    ///   - seed: written down; the algorithms draw nothing at random.
    /// - Returns: the record (as a promotion would carry it) and the model.
    /// - Throws: `PredictError` when the history is too short, `StorageError` when the log
    ///   cannot be read.
    public func train(_ kind: String, windowEndMs: Int64, parameters: [String: String] = [:], seed: Int = 0) throws
        -> (record: ModelPromoted, model: TrainedModel)
    {
        let cut = try self.cut ?? store.versionVector()
        let model = try Self.train(kind, history: try history(within: cut), at: windowEndMs, parameters: parameters)
        let body = try Self.body(of: model)
        let digest = RailFleetStore.modelDigest(body)
        let record = ModelPromoted(
            model: kind, version: String(digest.prefix(12)), algorithm: model.algorithm,
            parameters: Self.parameters(of: model), windowEndMs: windowEndMs, knownEvents: cut, seed: seed,
            digest: digest, metrics: [:], note: nil)
        return (record, model)
    }

    /// The model a record describes, trained from a history.
    public static func train(
        _ kind: String, history: FleetHistory, at t: Int64, parameters: [String: String] = [:]
    ) throws
        -> TrainedModel
    {
        switch kind {
        case "failure":
            .failure(try FailureModel.train(history, at: t, options: try FailureModel.Options(parameters: parameters)))
        case "parts": .parts(try PartsModel.train(history, at: t))
        case "anomaly": .anomaly(AnomalyModel.train(history, at: t))
        default:
            throw PredictError.invalid(
                "unknown model '\(Text.escaped(kind))': one of \(ModelPromoted.models.joined(separator: ", "))")
        }
    }

    static func parameters(of model: TrainedModel) -> [String: String] {
        switch model {
        case .failure(let f): f.options.parameters
        case .parts(let p): ["horizon": String(p.horizon), "season": String(p.season)]
        case .anomaly(let a): ["threshold": String(a.threshold)]
        }
    }

    public static func body(of model: TrainedModel) throws -> Data { Data(try CanonicalJSON.encode(model)) }

    /// Keeps a trained model as a candidate, with its metrics.
    public func register(_ record: ModelPromoted, _ model: TrainedModel, by user: String) throws {
        try store.registerModel(record, body: try Self.body(of: model), trainedBy: user)
    }

    /// The model in production for a kind at a valid time (nil: now), with its record: read
    /// from the registry, or (on a replica that never trained it, or whose copy was damaged)
    /// trained again from its record and checked against its digest.
    ///
    /// - Returns: nil when no version of the kind was in production then.
    /// - Throws: `ModelRegistryError.irreproducible` when this replica's log cannot give the
    ///   same model (it lacks events of the record's cut).
    public func production(_ kind: String, at ms: Int64? = nil) throws -> (record: ModelPromoted, model: TrainedModel)?
    {
        guard let record = try store.productionRecord(kind, at: ms) else { return nil }
        if let model = decoded[record.digest] { return (record, model) }
        if let held = try? store.registeredModel(kind, version: record.version), held.record.digest == record.digest,
            let model = try? CanonicalJSON.decode(TrainedModel.self, from: held.body)
        {
            decoded[record.digest] = model
            return (record, model)
        }
        let model = try reproduce(record)
        decoded[record.digest] = model
        return (record, model)
    }

    /// Trains the model a record describes again and keeps it when it is the same.
    public func reproduce(_ record: ModelPromoted) throws -> TrainedModel {
        let held = try store.versionVector()
        guard held.dominates(record.knownEvents) else {
            throw ModelRegistryError.irreproducible(
                "\(record.model) \(record.version) was trained on events this replica has not received yet: sync, then try again"
            )
        }
        let model = try Self.train(
            record.model, history: try history(within: record.knownEvents), at: record.windowEndMs,
            parameters: record.parameters)
        let body = try Self.body(of: model)
        guard RailFleetStore.modelDigest(body) == record.digest else {
            throw ModelRegistryError.irreproducible(
                "\(record.model) \(record.version) trained here again does not match its digest: this replica's events of its window differ"
            )
        }
        try store.registerModel(record, body: body, trainedBy: "reproduced")
        return model
    }
}

public enum ModelRegistryError: Error, CustomStringConvertible {
    case irreproducible(String)
    public var description: String {
        switch self {
        case .irreproducible(let m): m
        }
    }
}
