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
    /// The demo database itself, kept while the tests run for loading details as the app does.
    let path: String
    var store: RailFleetStore { try! RailFleetStore(path: path) }
    let timeline: Timeline
    let verification: Verification
    /// The last day of the demo: what "today" is for its exam urgencies.
    let end: Int

    static let shared: DemoFixture = {
        // Kept while the tests run; the system's temporary folder is cleaned up after.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("railfleet-golden-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("demo.sqlite").path
        let end = UTC.parseDay("2026-06-30")!
        _ = try! DemoGenerator.generate(at: path, options: DemoOptions(vehicles: 24, years: 1, seed: 11, endDay: end))
        let store = try! RailFleetStore(path: path)
        let screen = try! ScreenData.load(from: store, today: end)
        return DemoFixture(
            screen: screen, forecast: try! ForecastData.load(from: store), path: path,
            timeline: try! Timeline.load(from: store), verification: Verification(try! store.verifyIntegrity()), end: end)
    }()
}
