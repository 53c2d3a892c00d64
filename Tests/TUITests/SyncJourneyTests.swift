import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// The real binary in tmux, syncing with a real hub process on loopback.
@Suite(.serialized) struct SyncJourneyTests {
    @Test(.timeLimit(.minutes(2)))
    func sSyncsWithTheHubWhileKeysKeepWorkingAndCShowsTheNotices() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "railfleet-sync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let officePath = folder.appendingPathComponent("office.sqlite").path
        let hubPath = folder.appendingPathComponent("hub.sqlite").path
        do {
            let office = try RailFleetStore.create(at: officePath, deviceName: "office", admin: "alice")
            try office.execute(.addUser(name: "dana", role: .dispatcher), as: "alice")
            let hub = try RailFleetStore.create(
                at: hubPath, deviceName: "hub", beginning: .joining(fleet: office.identity?.fleet))
            try office.enrol(try hub.enrolmentRequest(), as: "alice")
            try hub.merge(try office.bundle(after: try hub.versionVector()))
            try office.execute(.addUser(name: "pia", role: .planner), as: "alice")
        }
        let hub = try HubProcess(database: hubPath, binary: URL(fileURLWithPath: TerminalJourneyTests.binary))
        defer { hub.stop() }
        // Nothing of the office was ever pushed, as far as it knows: all 5 of its events count.
        try RailFleetStore(path: officePath).setHubAddress(hub.url)
        let before = try RailFleetStore(path: hubPath, access: .readOnly).eventCount

        let tmux = TmuxSession()
        defer { tmux.kill() }
        tmux.start(
            "TERM=tmux-256color \(TerminalJourneyTests.binary) --db \(officePath) --user dana", width: 120, height: 30)
        #expect(tmux.waitFor { $0.contains("dana (dispatcher)") && $0.contains("5 unsynced") } != nil, "\(tmux.screen)")
        tmux.send("S")
        #expect(tmux.waitFor { $0.contains("Synced: sent 1 events") } != nil, "\(tmux.screen)")
        #expect(tmux.waitFor { $0.contains("synced just now") } != nil, "\(tmux.screen)")
        #expect(try RailFleetStore(path: hubPath, access: .readOnly).eventCount == before + 1)
        // Keys still work, and the conflicts view opens and closes.
        tmux.send("C")
        #expect(tmux.waitFor { $0.contains("Conflicts (0 open)") } != nil, "\(tmux.screen)")
        tmux.send("Escape")
        tmux.send("q")
        let deadline = Date().addingTimeInterval(30)
        while tmux.isRunning && Date() < deadline { usleep(50_000) }
        #expect(!tmux.isRunning)
    }
}
