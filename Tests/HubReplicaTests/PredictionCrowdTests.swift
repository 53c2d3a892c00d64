import DemoFleet
import Domain
import Foundation
import PredictStore
import Storage
import TestSupport
import Testing

@testable import Hub

/// Many asking the hub for the same prediction at once: it is made once.
@Suite struct PredictionCrowdTests {
    @Test func aPredictionAskedByManyAtOnceIsMadeOnce() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("railfleet-crowd-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("hub.sqlite").path
        let end = try #require(UTC.parseDay("2026-06-30"))
        _ = try DemoGenerator.generate(
            at: path, options: DemoOptions(vehicles: 8, years: 1, seed: 3, endDay: end))
        let store = try RailFleetStore(path: path)
        let endMs = Int64(end) * 86_400_000
        let trained = try ModelRegistry(store).train("failure", windowEndMs: endMs)
        try ModelRegistry(store).register(trained.record, trained.model, by: "admin")
        _ = try store.execute(.promoteModel(trained.record), as: "admin", at: endMs + 86_400_000)
        let vehicle = try #require(try store.events().first { $0.event.aggregate.kind == .vehicle }?.event.aggregate.id)

        // All twelve wait for the hub's first snapshot of the log, then ask together: the first
        // makes the prediction, and the others, let in while it is made, wait for that one. (On
        // a machine so loaded that some start only once it is made, they find it remembered.)
        let metrics = HubMetrics()
        let models = try HubModels(path: path, inputs: HubModels.snapshot(of: path), metrics: metrics)
        let at = endMs + 2 * 86_400_000
        let answers = try await withThrowingTaskGroup(of: PredictionView.self) { group in
            for _ in 0..<12 { group.addTask { try await models.failure(vehicle: vehicle, at: at, by: "admin") } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let encoded = Set(try answers.map { try encoder.encode($0) })
        #expect(answers.count == 12 && encoded.count == 1)
        let text = metrics.text()
        let samples = PrometheusText.samples(text)
        func counted(_ answer: String) -> Double {
            samples[#"railfleet_hub_predictions_total{answer=""# + answer + #""}"#] ?? 0
        }
        #expect(counted("made") == 1, "\(text)")
        #expect(counted("joined") + counted("remembered") == 11, "\(text)")
    }
}
