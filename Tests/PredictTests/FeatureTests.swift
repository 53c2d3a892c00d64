import DemoFleet
import Domain
import Foundation
import Storage
import Testing

@testable import Predict

/// Features as of a time read only what happened before it.
@Suite struct FeatureTests {
    static let history: (events: [RecordedEvent], end: Int64) = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("railfleet-ml-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("demo.sqlite").path
        let end = UTC.parseDay("2026-06-30")!
        _ = try! DemoGenerator.generate(at: path, options: DemoOptions(vehicles: 16, years: 2, seed: 5, endDay: end))
        return (try! RailFleetStore(path: path).events().map(\.event), Int64(end) * 86_400_000)
    }()

    /// No feature at t changes when events after t are added, removed or reordered: the
    /// features from the whole history equal those from the events before t, shuffled.
    @Test func noFeatureAtATimeSeesAnEventAfterIt() throws {
        let (events, end) = Self.history
        let whole = FleetHistory(events)
        #expect(whole.vehicles.count == 16 && !whole.levels.isEmpty && !whole.systems.isEmpty)
        let features = VehicleFeatures(levels: whole.levels, systems: whole.systems)
        var rng = SeededGenerator(seed: 9)
        var compared = 0
        for monthsBack in [1, 4, 9, 15, 20] {
            let t = end - Int64(monthsBack) * 30 * 86_400_000
            let before = events.filter { $0.timestamp.physicalMs < t }
            // Some of the later events too, in another order: they must change nothing.
            let later = events.filter { $0.timestamp.physicalMs >= t }.filter { _ in rng.next() % 2 == 0 }
            let partial = FleetHistory((before + later).shuffled(using: &rng))
            for (id, vehicle) in whole.vehicles {
                let expected = features.values(of: vehicle, in: whole, at: t)
                let seen = partial.vehicles[id].flatMap { features.values(of: $0, in: partial, at: t) }
                let differing = features.numberNames.indices.filter {
                    expected?.numbers[$0] != seen?.numbers[$0] && !(expected?.numbers[$0].isNaN ?? false)
                }.map { features.numberNames[$0] }
                #expect(Self.same(expected, seen), "vehicle \(id) at \(UTC.format(ms: t)): \(differing)")
                if expected != nil { compared += 1 }
            }
        }
        #expect(compared > 50)
    }

    static func same(_ a: (numbers: [Double], categories: [String])?, _ b: (numbers: [Double], categories: [String])?)
        -> Bool
    {
        guard let a, let b else { return a == nil && b == nil }
        return a.categories == b.categories
            && zip(a.numbers, b.numbers).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
            && a.numbers.count == b.numbers.count
    }

    /// Each period is tried with models fitted only on samples whose outcome was known before
    /// it: later periods have more to learn from; every model and horizon is scored.
    @Test func aBacktestScoresEveryModelAndHorizonOnLaterPeriods() throws {
        let (events, end) = Self.history
        let backtest = try FailureBacktest.run(FleetHistory(events), end: end, folds: 2, foldDays: 60, stepDays: 30)
        #expect(backtest.scores.count == (FailureBacktest.models.count + 1) * FailureDataset.horizons.count)
        #expect(backtest.scores.contains { $0.model == "failure-model" })
        #expect(backtest.trainingRows.count == 2 && backtest.trainingRows[0] < backtest.trainingRows[1])
        for score in backtest.scores {
            #expect(score.metrics.count == backtest.testRows)
            #expect(score.calibration.bins.reduce(0) { $0 + $1.count } == backtest.testRows)
        }
        #expect(throws: PredictError.self) {
            try FailureBacktest.run(FleetHistory(events), end: end, folds: 12, foldDays: 91)
        }
    }

    @Test func calibrationBinsAndItsErrorAreHandComputed() {
        let c = Calibration(probabilities: [0.05, 0.05, 0.95, 0.95, 0.55], outcomes: [0, 1, 1, 1, 0])
        #expect(c.bins.map(\.count) == [2, 1, 2])
        #expect(c.bins.map(\.observedRate) == [0.5, 0, 1])
        // (2 × 0.45 + 1 × 0.55 + 2 × 0.05) / 5
        #expect(abs(c.expectedError - 0.31) < 1e-12)
    }

    @Test func aDatasetHasARowPerRegisteredVehicleAndTimeWithItsOutcomes() throws {
        let (events, end) = Self.history
        let history = FleetHistory(events)
        let times = (1...12).map { end - Int64($0) * 30 * 86_400_000 }
        let data = try FailureDataset.make(history, at: times)
        #expect(data.samples.count == data.table.rowCount && data.samples.count > 100)
        for h in FailureDataset.horizons {
            #expect(data.outcomes[h]?.count == data.table.rowCount)
        }
        // A longer horizon holds every failure of a shorter one.
        let (o30, o90) = (data.outcomes[30]!, data.outcomes[90]!)
        #expect(zip(o30, o90).allSatisfy { $0 <= $1 } && o90.contains(1))
        #expect(data.table.names.contains("km since exam \(history.levels.sorted()[0])"))
        // The plans come from the log too, and every vehicle gets an exam date within its plan.
        #expect(!history.plans.isEmpty)
        let spans = ExamTiming.spans(history)
        let wear = try WeibullSurvival(durations: spans.durations, failed: spans.failed)
        let recommended = history.vehicles.values.compactMap {
            ExamTiming.recommend($0, in: history, at: end, survival: wear)
        }
        #expect(recommended.count == history.vehicles.count)
        #expect(recommended.allSatisfy { $0.day >= UTC.day(ofMs: end) && $0.day <= $0.limitDay })
    }
}
