import DemoFleet
import Domain
import Foundation
import Storage
import Testing

@Suite(.serialized) struct TerminalJourneyTests {
    static var binary: String {
        ProcessInfo.processInfo.environment["RAILFLEET_BIN"]
            ?? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("railfleet").path
    }

    @Test(.timeLimit(.minutes(1)))
    func aDispatcherBrowsesTheFleetSeesOtherProcessesChangesAndQuits() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("railfleet-tui-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("demo.sqlite").path
        _ = try DemoGenerator.generate(at: path, options: DemoOptions(vehicles: 30, years: 1, seed: 3, endDay: UTC.parseDay("2026-06-30")!))
        let tmux = TmuxSession()
        defer { tmux.kill() }
        tmux.start("TERM=tmux-256color \(Self.binary) --db \(path) --user dana", width: 100, height: 30)
        let first = try #require(tmux.waitFor { $0.contains("RailFleet · Fleet  30 vehicles") }, "no fleet screen:\n\(tmux.screen)")
        #expect(first.contains("dana (dispatcher)"))
        #expect(first.contains("186-001"))
        // Another process changes a vehicle; the open screen shows it without a restart.
        let store = try RailFleetStore(path: path)
        let id = try store.resolveVehicle("186-001")
        try store.execute(.changeVehicleStatus(vehicleID: id, status: .restricted, reason: "flat wheel"), as: "dana")
        #expect(
            tmux.waitFor { $0.split(separator: "\n").contains { $0.hasPrefix("186-001") && $0.contains("restricted") } } != nil,
            "not refreshed:\n\(tmux.screen)")
        tmux.tmux(["resize-window", "-t", "t", "-x", "50", "-y", "20"])
        #expect(tmux.waitFor { $0.contains("Terminal too small") } != nil, "not redrawn small:\n\(tmux.screen)")
        tmux.tmux(["resize-window", "-t", "t", "-x", "100", "-y", "30"])
        #expect(tmux.waitFor { $0.contains("RailFleet · Fleet") } != nil, "not redrawn large:\n\(tmux.screen)")
        tmux.send("q")
        let deadline = Date().addingTimeInterval(10)
        while tmux.isRunning && Date() < deadline { usleep(50_000) }
        #expect(!tmux.isRunning, "q did not quit:\n\(tmux.screen)")
    }
}
