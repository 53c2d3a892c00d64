import Crypto
public import Domain
public import Foundation
import GRDB

/// Where a model of the registry stands: trained here and not promoted, in production (the
/// latest promotion in the log), or promoted once and since replaced.
public enum ModelStage: String, Sendable, Codable {
    case candidate, production, archived
}

/// A model in this replica's registry: its record (the fields a promotion carries), its
/// body (the model's canonical JSON, whose SHA-256 is the record's digest) and its stage.
public struct RegisteredModel: Sendable {
    public var record: ModelPromoted
    public var body: Data
    public var stage: ModelStage
    public var trainedBy: String
    public var trainedMs: Int64
}

/// One prediction as it was made: which model, about what, from which inputs.
public struct LoggedPrediction: Sendable, Codable {
    public var name: String
    public var version: String
    public var subject: String
    public var asOfMs: Int64
    public var madeMs: Int64
    public var madeBy: String
    public var features: String
    public var output: String

    public init(
        name: String, version: String, subject: String, asOfMs: Int64, madeMs: Int64, madeBy: String, features: String,
        output: String
    ) {
        self.name = name
        self.version = version
        self.subject = subject
        self.asOfMs = asOfMs
        self.madeMs = madeMs
        self.madeBy = madeBy
        self.features = features
        self.output = output
    }
}

extension RailFleetStore {
    /// SHA-256 of a model's body, in hex.
    public static func modelDigest(_ body: Data) -> String {
        SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
    }

    /// Keeps a trained model. The same version twice is the same model (its version is its
    /// digest's start): the first record stays, unless its stored body was damaged.
    ///
    /// - Throws: `StorageError` when the body's digest is not the record's.
    public func registerModel(_ record: ModelPromoted, body: Data, trainedBy user: String) throws {
        guard Self.modelDigest(body) == record.digest else {
            throw StorageError(.domain(.invalidInput), "the model's body does not match its digest")
        }
        let recordBytes = Data(try CanonicalJSON.encode(record))
        try writer.write { db in
            try db.cachedStatement(
                sql: """
                    INSERT INTO ml_models (name, version, record, body, trained_by, trained_ms)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (name, version) DO UPDATE SET record = excluded.record, body = excluded.body
                    WHERE ml_models.body != excluded.body OR ml_models.record != excluded.record
                    """
            ).execute(arguments: [record.model, record.version, recordBytes, body, user, wallClockMs()])
        }
    }

    /// The promotions of one kind of model, as the log has them (the replica's current state).
    public func modelState(_ name: String) throws -> ModelState? {
        guard case .model(let a)? = try aggregate(AggregateRef(.model, name)) else { return nil }
        return a.body
    }

    /// The record in production at a valid time (nil: now), from the log.
    public func productionRecord(_ name: String, at ms: Int64? = nil) throws -> ModelPromoted? {
        let ref = AggregateRef(.model, name)
        let state = try ms.map { try self.state(of: ref, at: .validTime($0)) } ?? aggregate(ref)
        guard case .model(let a)? = state else { return nil }
        return a.body.production.value
    }

    /// The models of a kind this replica holds (all kinds when nil), newest training first,
    /// each with its stage; promoted versions this replica never trained are not listed (see
    /// `productionRecord`).
    ///
    /// - Throws: `StorageError(.corruptDatabase)` when a stored body no longer matches its
    ///   digest or its record no longer reads: the registry was edited behind the program's back.
    public func registeredModels(_ name: String? = nil) throws -> [RegisteredModel] {
        let rows = try writer.read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT name, version, record, body, trained_by, trained_ms FROM ml_models
                        WHERE ?1 IS NULL OR name = ?1 ORDER BY trained_ms DESC, version
                        """), arguments: [name])
        }
        var states: [String: ModelState?] = [:]
        return try rows.map { row in
            let version: String = row["version"]
            let body: Data = row["body"]
            guard let record = try? CanonicalJSON.decode(ModelPromoted.self, from: row["record"] as Data),
                record.version == version, Self.modelDigest(body) == record.digest
            else {
                throw StorageError(
                    .corruptDatabase,
                    "model \(row["name"] as String) \(version) in the registry does not match its digest: it was changed outside RailFleet; train it again"
                )
            }
            if states[record.model] == nil { states[record.model] = try modelState(record.model) }
            let state = states[record.model] ?? nil
            let stage: ModelStage =
                state?.production.value?.version == version
                ? .production : (state?.archived.contains(version) == true ? .archived : .candidate)
            return RegisteredModel(
                record: record, body: body, stage: stage, trainedBy: row["trained_by"], trainedMs: row["trained_ms"])
        }
    }

    /// One model by kind and version (or a unique start of the version).
    ///
    /// - Throws: `StorageError(.domain(.notFound))` when none matches, `.ambiguous` when
    ///   several do, and what `registeredModels` throws.
    public func registeredModel(_ name: String, version: String) throws -> RegisteredModel {
        let matching = try registeredModels(name).filter { $0.record.version.hasPrefix(version.lowercased()) }
        guard !version.isEmpty, let first = matching.first else {
            throw StorageError(
                .domain(.notFound),
                "no \(name) model \(Text.escaped(version)) in this replica's registry (see ml models)")
        }
        guard matching.count == 1 else {
            throw StorageError(
                .ambiguous, "\(Text.escaped(version)) starts \(matching.count) \(name) versions; give more digits")
        }
        return first
    }

    /// Writes predictions to the log, in one transaction.
    public func logPredictions(_ predictions: [LoggedPrediction]) throws {
        guard !predictions.isEmpty else { return }
        try writer.write { db in
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO ml_predictions (name, version, subject, as_of_ms, made_ms, made_by, features, output)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for p in predictions {
                try insert.execute(arguments: [
                    p.name, p.version, p.subject, p.asOfMs, p.madeMs, p.madeBy, Data(p.features.utf8),
                    Data(p.output.utf8),
                ])
            }
        }
    }

    /// The latest predictions, newest first; about one subject when given.
    public func loggedPredictions(subject: String? = nil, limit: Int = 100) throws -> [LoggedPrediction] {
        try writer.read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT * FROM ml_predictions WHERE ?1 IS NULL OR subject = ?1 ORDER BY seq DESC LIMIT ?2
                        """), arguments: [subject, limit]
            ).map { row in
                LoggedPrediction(
                    name: row["name"], version: row["version"], subject: row["subject"], asOfMs: row["as_of_ms"],
                    madeMs: row["made_ms"], madeBy: row["made_by"],
                    features: String(decoding: row["features"] as Data, as: UTF8.self),
                    output: String(decoding: row["output"] as Data, as: UTF8.self))
            }
        }
    }
}
