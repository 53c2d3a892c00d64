import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// Two `railfleet hub serve --store postgres://…` processes on one throwaway PostgreSQL, and
/// twenty terminals syncing through either at random: concurrent pushes of one batch to
/// both hubs, a hub killed mid-push, and in the end every replica holding the same log,
/// nothing lost or stored twice, and `audit verify` passing everywhere.
@Suite(
    .serialized,
    .disabled(if: PostgresServer.unavailable != nil, Comment(rawValue: PostgresServer.unavailable ?? "")))
struct PostgresHubTests {
    let fixture = HubTests()

    /// A copy of a replica and its key, as an operator makes a second hub's file.
    func copy(_ replica: CLIProcess) throws -> CLIProcess {
        let twin = try CLIProcess()
        try CLIProcess.sqlite(replica.database, ".backup '\(twin.database)'")
        try FileManager.default.copyItem(atPath: replica.database + ".key", toPath: twin.database + ".key")
        return twin
    }

    @Test func twentyTerminalsThroughTwoHubsOnOneDatabaseConvergeWithNothingLostOrDuplicated() throws {
        let server = try PostgresServer()
        defer { server.stop() }
        let (office, hubFolder, twinFolder, fleet, url) = try makeSharedFleet(server)
        let hubs = try [hubFolder, twinFolder].map { try hub(on: $0, url) }
        defer {
            for hub in hubs { hub.stop() }
        }
        var generator = SeededGenerator(seed: 20)
        func anyHub() -> HubProcess { hubs[Int.random(in: 0..<2, using: &generator)] }
        try office.ok("sync", "--hub", anyHub().url)
        // Twenty terminals join, each through either hub.
        var terminals: [CLIProcess] = []
        for i in 0..<20 {
            let bench = try CLIProcess()
            try bench.ok("init", "--device", "bench-\(i)", "--join", "--fleet", fleet)
            try office.ok(
                "device", "enroll", try bench.ok("device", "request").trimmingCharacters(in: .whitespacesAndNewlines))
            try office.ok("sync", "--hub", anyHub().url)
            try bench.ok("sync", "--hub", anyHub().url)
            terminals.append(bench)
        }
        defer {
            for cli in [office, hubFolder, twinFolder] + terminals { cli.remove() }
        }
        // Rounds of work: every terminal records readings and syncs through either hub, all at once.
        for round in 0..<3 {
            var syncs: [Process] = []
            for (i, bench) in terminals.enumerated() {
                try bench.ok("vehicle", "odometer", "186-001", "\(100 + round * 100 + i)")
                syncs.append(try bench.start(["sync", "--hub", anyHub().url]))
            }
            for sync in syncs { sync.waitUntilExit() }
        }
        // One batch pushed to both hubs at once: stored once.
        let racer = terminals[0]
        for n in 0..<10 { try racer.ok("vehicle", "odometer", "186-001", "\(1_000 + n)") }
        let both = try hubs.map { try racer.start(["sync", "--hub", $0.url]) }
        for sync in both { sync.waitUntilExit() }
        #expect(both.allSatisfy { $0.terminationStatus == 0 }, "\(both.map(\.terminationStatus))")
        // Everyone syncs twice more through either hub: all hold the same log.
        for _ in 0..<2 {
            for cli in [office] + terminals { try cli.ok("sync", "--hub", anyHub().url) }
        }
        try expectConverged(office: office, replicas: [hubFolder, twinFolder] + terminals, server: server)
    }

    /// A hub serving `folder`'s replica on the shared log at `url`.
    func hub(on folder: CLIProcess, _ url: String) throws -> HubProcess {
        try HubProcess(database: folder.database, binary: CLIProcess.binary, options: ["--store", url])
    }

    /// Every replica holds the office's log and verifies; the database holds each event once,
    /// every device's chain whole from 1.
    func expectConverged(office: CLIProcess, replicas: [CLIProcess], server: PostgresServer) throws {
        let reference = try RailFleetStore(path: office.database, access: .readOnly).versionVector()
        for cli in [office] + replicas {
            let store = try RailFleetStore(path: cli.database, access: .readOnly)
            #expect(try store.versionVector() == reference, "\(cli.database)")
            let verified = try cli.run(["audit", "verify", "--db", cli.database])
            #expect(verified.status == 0, "\(cli.database): \(verified.stdout) \(verified.stderr)")
        }
        let total = try RailFleetStore(path: office.database, access: .readOnly).eventCount
        let rows = try server.psql("fleet", "SELECT count(*) FROM events").trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(rows == "\(total)")
        let gaps = try server.psql(
            "fleet", "SELECT device FROM events GROUP BY device HAVING count(*) <> max(counter) OR min(counter) <> 1")
        #expect(gaps.isEmpty, "chains with gaps: \(gaps)")
    }

    /// An office and a hub's replica on a fresh database, migrated, and a second hub's copy.
    func makeSharedFleet(_ server: PostgresServer) throws -> (
        office: CLIProcess, hubFolder: CLIProcess, twinFolder: CLIProcess, fleet: String, url: String
    ) {
        let url = try server.database("fleet")
        let office = try CLIProcess()
        try office.ok("init", "--device", "office", "--admin", "alice")
        try office.ok(
            "vehicle", "add", "--fleet-number", "186-001", "--evn", "91 80 6186 001-4", "--class", "186", "--kind",
            "locomotive")
        let fleet = try fixture.fleetID(office)
        let hubFolder = try CLIProcess()
        try hubFolder.ok("init", "--device", "hub", "--join", "--fleet", fleet)
        try office.ok(
            "device", "enroll", try hubFolder.ok("device", "request").trimmingCharacters(in: .whitespacesAndNewlines))
        let file = office.folder.appendingPathComponent("to-hub.rfb").path
        try office.ok("sync", "export", "--out", file)
        try hubFolder.ok("sync", "import", file)
        // The schema, and the hub's replica's events sent to it.
        let migrated = try hubFolder.ok("hub", "migrate", "--store", url)
        #expect(migrated.contains("applied migration 1") && migrated.contains("schema at version 1"), "\(migrated)")
        return (office, hubFolder, try copy(hubFolder), fleet, url)
    }

    @Test func aHubKilledMidPushOnTheSharedLogLosesNothingAcknowledged() throws {
        let server = try PostgresServer()
        defer { server.stop() }
        let (office, hubFolder, twinFolder, fleet, url) = try makeSharedFleet(server)
        var hubs = try [hubFolder, twinFolder].map { try hub(on: $0, url) }
        defer {
            for hub in hubs { hub.stop() }
        }
        try office.ok("sync", "--hub", hubs[1].url)
        let bench = try fixture.join(fleet, office, hubs[1], name: "bench-2")
        defer {
            for cli in [office, hubFolder, twinFolder, bench] { cli.remove() }
        }
        // The first hub dies while the office pushes; what it committed is in the database.
        try HubInterruptionTests().write(10_000, on: office.database)
        let push = try office.start(["sync", "--hub", hubs[0].url, "--batch", "500"])
        usleep(300_000)
        kill(hubs[0].process.processIdentifier, SIGKILL)
        push.waitUntilExit()
        hubs[0].process.waitUntilExit()
        // The second hub already has it; the first, restarted, catches up from the database.
        try office.ok("sync", "--hub", hubs[1].url)
        hubs[0] = try hub(on: hubFolder, url)
        try bench.ok("sync", "--hub", hubs[0].url)
        try office.ok("sync", "--hub", hubs[0].url)
        // Both hubs' replicas too: the restarted one caught up before its first request.
        try expectConverged(office: office, replicas: [bench, hubFolder, twinFolder], server: server)
    }
}
