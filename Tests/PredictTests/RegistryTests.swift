import DemoFleet
import Domain
import Foundation
import GRDB
import PredictStore
import Storage
import Testing

@testable import Predict

/// The registry: deterministic training from a causal cut, promotion as an audited event,
/// stages, and models trained again from their record where a replica lacks or lost them.
@Suite(.serialized) struct RegistryTests {
    static let end = Int64(UTC.parseDay("2026-06-30")!) * 86_400_000

    /// A fresh copy of a small demo (made once), so that each test may write to it.
    static func demo() throws -> (store: RailFleetStore, path: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("railfleet-registry-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("demo.sqlite").path
        try FileManager.default.copyItem(atPath: template, toPath: path)
        try FileManager.default.copyItem(atPath: template + ".key", toPath: path + ".key")
        return (try RailFleetStore(path: path), path)
    }

    static let template: String = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("railfleet-registry-\(UUID())")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("demo.sqlite").path
        _ = try! DemoGenerator.generate(
            at: path, options: DemoOptions(vehicles: 16, years: 2, seed: 5, endDay: UTC.parseDay("2026-06-30")!))
        return path
    }()

    @Test func trainingIsDeterministicAndAPromotionIsAnAuditedEvent() throws {
        let (store, _) = try Self.demo()
        let registry = ModelRegistry(store)
        let first = try registry.train("failure", windowEndMs: Self.end, seed: 7)
        let again = try registry.train("failure", windowEndMs: Self.end, seed: 7)
        #expect(first.record.digest == again.record.digest && first.model == again.model)
        #expect(first.record.version == String(first.record.digest.prefix(12)))
        #expect(first.record.knownEvents == (try store.versionVector()))
        try registry.register(first.record, first.model, by: "piet")
        #expect(try store.registeredModels("failure").map(\.stage) == [.candidate])

        // A technician may not promote; a planner may, and the log says who did.
        #expect(throws: StorageError.self) { try store.execute(.promoteModel(first.record), as: "tomas") }
        let day: Int64 = 86_400_000
        let promoted = try store.execute(.promoteModel(first.record), as: "piet", at: Self.end + 2 * day)
        #expect(
            promoted.map(\.event.user) == ["piet"] && promoted.first?.event.aggregate == AggregateRef(.model, "failure")
        )
        #expect(try store.registeredModels("failure").map(\.stage) == [.production])

        // A second version with other parameters replaces it; the first is archived, and a
        // look at a time between the promotions still finds the first.
        var parameters = FailureModel.Options().parameters
        parameters["maxLeaves"] = "4"
        let second = try registry.train("failure", windowEndMs: Self.end, parameters: parameters)
        #expect(second.record.digest != first.record.digest)
        try registry.register(second.record, second.model, by: "piet")
        _ = try store.execute(.promoteModel(second.record), as: "admin", at: Self.end + 3 * day)
        let stages = Dictionary(
            uniqueKeysWithValues: try store.registeredModels("failure").map { ($0.record.version, $0.stage) })
        #expect(stages == [first.record.version: .archived, second.record.version: .production])
        #expect(try store.productionRecord("failure", at: Self.end + 5 * day / 2)?.version == first.record.version)
        #expect(try store.productionRecord("failure", at: Self.end + day)?.version == nil)
    }

    /// A replica that never trained the model, or whose copy was changed behind its back,
    /// trains it again from the record in the log and gets the same digest; one that lacks
    /// events of the record's cut says so instead of using another model.
    @Test func aModelIsTrainedAgainFromItsRecordWhereItIsMissingOrDamaged() throws {
        let (store, path) = try Self.demo()
        let registry = ModelRegistry(store)
        let trained = try registry.train("parts", windowEndMs: Self.end)
        try registry.register(trained.record, trained.model, by: "piet")
        _ = try store.execute(.promoteModel(trained.record), as: "piet", at: Self.end + 86_400_000)

        // Damaged: the listing refuses it, and production trains it again, the same.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "UPDATE ml_models SET body = CAST('{}' AS BLOB)") }
        #expect(throws: StorageError.self) { try store.registeredModels() }
        let (record, model) = try #require(try registry.production("parts"))
        #expect(record.version == trained.record.version && model == trained.model)
        #expect(try store.registeredModels().map(\.stage) == [.production])

        // Missing: the same.
        try queue.write { db in try db.execute(sql: "DELETE FROM ml_models") }
        #expect(try registry.production("parts")?.model == trained.model)

        // A record from a replica that held more: refused with the reason.
        var ahead = trained.record
        var cut = ahead.knownEvents
        cut.advance(DeviceID("elsewhere"), to: 5)
        ahead.knownEvents = cut
        #expect(throws: ModelRegistryError.self) { try registry.reproduce(ahead) }
    }

    @Test func aPromotionWithABadRecordIsRefusedBeforeAnyState() throws {
        let (store, _) = try Self.demo()
        let (record, _) = try ModelRegistry(store).train("anomaly", windowEndMs: Self.end)
        var badDigest = record
        badDigest.digest = String(repeating: "Z", count: 64)
        var badMetric = record
        badMetric.metrics = ["rocAUC30": .nan]
        var badModel = record
        badModel.model = "weather\u{1b}[2J"
        for bad in [badDigest, badMetric, badModel] {
            #expect(throws: StorageError.self) { try store.execute(.promoteModel(bad), as: "admin") }
        }
        #expect(try store.productionRecord("anomaly") == nil)
    }

    /// The parts model chooses a method per part on the months before the cut and is scored
    /// on the months after it, beside seasonal naive.
    @Test func partsAreForecastPerPartAndScoredAgainstSeasonalNaive() throws {
        let (store, _) = try Self.demo()
        let history = try ModelRegistry(store).history()
        let model = try PartsModel.train(history, at: Self.end)
        #expect(!model.choices.isEmpty && model.choices.count == Set(model.choices.map(\.partID)).count)
        let outlooks = model.forecastParts(history, at: Self.end, months: 6)
        #expect(outlooks.count == model.choices.count)
        for o in outlooks {
            #expect(o.forecast.values.count == 6 && o.forecast.values.allSatisfy { $0 >= 0 })
            #expect(zip(o.forecast.lower95, o.forecast.lower80).allSatisfy { $0 <= $1 })
            #expect(zip(o.forecast.upper80, o.forecast.upper95).allSatisfy { $0 <= $1 })
            #expect(o.period(ofForecast: 0) == "2026-06", "the month of the time asked about is the first forecast")
        }
        let backtest = try PartsBacktest.run(history, end: Self.end, holdoutMonths: 6)
        #expect(backtest.scores.map(\.method) == ["chosen", "seasonal-naive"])
        #expect(backtest.scores.allSatisfy { ($0.meanMASE ?? -1) > 0 } && backtest.cost?.meanMASE != nil)
    }

    @Test func theFailureModelScoresEveryVehicleWithinBounds() throws {
        let (store, _) = try Self.demo()
        let history = try ModelRegistry(store).history()
        let model = try FailureModel.train(history, at: Self.end)
        let scored = try model.predict(history, at: Self.end)
        #expect(scored.count == 16)
        #expect(zip(scored, scored.dropFirst()).allSatisfy { $0.risk30 >= $1.risk30 }, "riskiest first")
        for p in scored {
            #expect(p.horizons.map(\.days) == [30, 60, 90])
            #expect(p.horizons.allSatisfy { $0.probability > 0 && $0.probability < 1 && $0.reasons.count == 3 })
            #expect(
                zip(p.horizons, p.horizons.dropFirst()).allSatisfy { $0.probability <= $1.probability },
                "a failure within 60 days includes one within 30")
        }
    }

    /// A look far beyond the log (`--at 9999-12-31`) learns and forecasts from what the log
    /// holds, as a look just after its last event does: the months after it are unknown, not
    /// months without failures or demand; before, training there ran without end.
    @Test func aLookFarBeyondTheLogEndsWithItsLatestEvent() throws {
        let (store, _) = try Self.demo()
        let history = try ModelRegistry(store).history()
        let latest = try #require(history.latestMs)
        let justAfter = Int64(UTC.parseDay("2026-07-01")!) * 86_400_000
        #expect(latest < justAfter && latest > justAfter - 86_400_000, "the demo ends on 2026-06-30")
        let farAway = Int64(UTC.parseDay("9999-12-31")!) * 86_400_000
        #expect(try FailureModel.train(history, at: farAway) == FailureModel.train(history, at: justAfter))
        let parts = try PartsModel.train(history, at: farAway)
        #expect(parts == (try PartsModel.train(history, at: justAfter)))
        let outlook = try #require(parts.forecastParts(history, at: farAway, months: 2).first)
        #expect(outlook.period(ofForecast: 0) == "2026-07", "the month after the log's last")
        #expect(history.months(at: farAway) == history.months(at: justAfter))
    }
}
