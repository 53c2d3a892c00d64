import Analytics
import DemoFleet
import Domain
import Foundation
import Storage

@testable import TUI

/// One small demo fleet, generated once for the view tests: its live read models, charts,
/// a vehicle's detail, and its whole history as a timeline.
struct DemoFixture: Sendable {
    let screen: ScreenData
    let forecast: ForecastData
    /// What the models say at the start of the last day (no model in production: trained then).
    let predictions: Predictions
    /// The demo database itself, kept while the tests run for loading details as the app does.
    let path: String
    var store: RailFleetStore { try! RailFleetStore(path: path) }
    let timeline: Timeline
    /// The same history on recorded time.
    let recordedTimeline: Timeline
    let verification: Verification
    /// The facts of its figures, for the KPI pane.
    let facts: [AnalyticsFact]
    /// The last day of the demo: what "today" is for its exam urgencies.
    let end: Int

    /// The last day of every demo the view tests generate.
    static let demoEnd = UTC.parseDay("2026-06-30")!

    /// A small demo fleet of one year to 2026-06-30 in its own temporary folder.
    static func generate(vehicles: Int, seed: UInt64) throws -> (folder: URL, path: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("railfleet-tui-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("demo.sqlite").path
        _ = try DemoGenerator.generate(
            at: path, options: DemoOptions(vehicles: vehicles, years: 1, seed: seed, endDay: demoEnd))
        return (folder, path)
    }

    static let shared: DemoFixture = {
        // Kept while the tests run; the system's temporary folder is cleaned up after.
        let (_, path) = try! generate(vehicles: 24, seed: 11)
        let end = demoEnd
        let store = try! RailFleetStore(path: path)
        let screen = try! ScreenData.load(from: store, today: end, closedWorkOrders: true)
        return DemoFixture(
            screen: screen, forecast: try! ForecastData.load(from: store),
            predictions: try! Predictions.load(from: store, at: Int64(end) * 86_400_000), path: path,
            timeline: try! Timeline.load(from: store),
            recordedTimeline: try! Timeline.load(from: store, axis: .recorded),
            verification: Verification(try! store.verifyIntegrity()), facts: try! store.analyticsFacts(),
            end: end)
    }()
}
