import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// The real hub process on loopback and replicas driven through the command line.
@Suite(.serialized) struct HubTests {
    /// An office that founded the fleet, and a hub enrolled in it, serving (with `hubOptions`).
    func makeFleet(hubOptions: [String] = [], syncOptions: [String] = []) throws -> (
        office: CLIProcess, hubFolder: CLIProcess, hub: HubProcess, fleet: String
    ) {
        let office = try CLIProcess()
        try office.ok("init", "--device", "office", "--admin", "alice")
        try office.ok("user", "add", "tom", "--role", "technician")
        let fleet = try fleetID(office)
        let hubFolder = try CLIProcess()
        try hubFolder.ok("init", "--device", "hub", "--join", "--fleet", fleet)
        try office.ok(
            "device", "enroll", try hubFolder.ok("device", "request").trimmingCharacters(in: .whitespacesAndNewlines))
        let file = office.folder.appendingPathComponent("to-hub.rfb").path
        try office.ok("sync", "export", "--out", file)
        try hubFolder.ok("sync", "import", file)
        let hub = try HubProcess(database: hubFolder.database, binary: CLIProcess.binary, options: hubOptions)
        try office.ok(["sync", "--hub", hub.url] + syncOptions)
        return (office, hubFolder, hub, fleet)
    }

    func fleetID(_ cli: CLIProcess) throws -> String {
        let line = try cli.ok("device", "list").split(separator: "\n").first ?? ""
        return String(line.split(separator: " ")[1].prefix(16))
    }

    /// A terminal that joins through the hub: enrolled at the office, synced.
    func join(_ fleet: String, _ office: CLIProcess, _ hub: HubProcess, name: String) throws -> CLIProcess {
        let bench = try CLIProcess()
        try bench.ok("init", "--device", name, "--join", "--fleet", fleet)
        try office.ok(
            "device", "enroll", try bench.ok("device", "request").trimmingCharacters(in: .whitespacesAndNewlines))
        try office.ok("sync")
        let joined = try #require(try bench.json("sync", "--hub", hub.url) as? [String: Any])
        // It received the fleet, and says how long of it was the hub's: some, not all of it.
        let pulled = joined["pulled"] as? Int ?? 0
        let waited = joined["secondsWaiting"] as? Double ?? 0
        #expect(pulled > 0 && waited > 0 && waited < 120, "\(joined)")
        return bench
    }

    @Test func terminalsJoinAndWorkOfflineAndConvergeThroughTheHub() throws {
        let (office, hubFolder, hub, fleet) = try makeFleet()
        defer {
            hub.stop()
            for cli in [office, hubFolder] { cli.remove() }
        }
        let bench = try join(fleet, office, hub, name: "bench-2")
        defer { bench.remove() }
        #expect(try bench.ok("user", "list").contains("tom"))
        try office.ok(
            "vehicle", "add", "--fleet-number", "186-001", "--evn", "91 80 6186 001-4", "--class", "186",
            "--kind", "locomotive", "--odometer-km", "1000")
        try office.ok("part", "add", "--part-number", "BRK-1", "--name", "Brake pad", "--kind", "consumable")
        try office.ok("sync")
        try bench.ok("sync")
        // Offline on both sides: one vehicle changed on each, stock received on each.
        try office.ok("vehicle", "status", "186-001", "restricted", "--reason", "flat wheel")
        try office.ok("vehicle", "odometer", "186-001", "1500")
        try office.ok("stock", "receive", "--part", "BRK-1", "--qty", "4")
        try bench.ok("vehicle", "status", "186-001", "out-of-service", "--reason", "brakes")
        try bench.ok("vehicle", "odometer", "186-001", "1700")
        try bench.ok("stock", "receive", "--part", "BRK-1", "--qty", "3")
        for _ in 0..<2 {
            try office.ok("sync")
            try bench.ok("sync")
        }
        for cli in [office, bench] {
            let vehicle = try #require(try cli.json("vehicle", "list") as? [[String: Any]]).first
            #expect(vehicle?["status"] as? String == "out-of-service", "the restrictive side wins")
            #expect(vehicle?["odometerKm"] as? Int == 1700, "the odometer is the maximum")
            #expect(try cli.ok("conflicts").contains("status"), "a notice says the status was set concurrently")
            #expect(try cli.ok("part", "list").contains("7"), "stock adds up")
        }
        #expect(try office.ok("vehicle", "list") == bench.ok("vehicle", "list"))
        let metrics = try hub.get("/metrics")
        #expect(metrics.contains("railfleet_hub_pushes_total") && metrics.contains("railfleet_hub_events_in_total"))
        #expect(try hub.get("/healthz") == "ok\n")
    }

    /// A certificate authority of the fleet's own and a hub certificate for 127.0.0.1 it
    /// signed, made with openssl in `folder`.
    func makeCertificates(in folder: URL) throws -> (authority: String, certificate: String, key: String) {
        let path = { (name: String) in folder.appendingPathComponent(name).path }
        try "subjectAltName=IP:127.0.0.1\n".write(toFile: path("san.ext"), atomically: true, encoding: .utf8)
        let steps = [
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                path("ca.key"), "-out", path("ca.pem"), "-days", "2", "-subj", "/CN=RailFleet test fleet CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=keyCertSign,cRLSign",
            ],
            [
                "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                path("hub.key"), "-out", path("hub.csr"), "-subj", "/CN=127.0.0.1",
            ],
            [
                "x509", "-req", "-in", path("hub.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
                "-CAcreateserial", "-out", path("hub.pem"), "-days", "2", "-extfile", path("san.ext"),
            ],
        ]
        for arguments in steps {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw FixtureError("openssl \(arguments[0]) failed") }
        }
        return (path("ca.pem"), path("hub.pem"), path("hub.key"))
    }

    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"),
            "needs /usr/bin/openssl to make a test certificate authority"))
    func aHubServesHTTPSAndTerminalsTrustTheFleetsOwnAuthority() throws {
        let certificates = try CLIProcess()
        defer { certificates.remove() }
        let (authority, certificate, key) = try makeCertificates(in: certificates.folder)
        let (office, hubFolder, hub, fleet) = try makeFleet(
            hubOptions: ["--tls-cert", certificate, "--tls-key", key], syncOptions: ["--ca", authority])
        defer {
            hub.stop()
            for cli in [office, hubFolder] { cli.remove() }
        }
        #expect(hub.url.hasPrefix("https://"))
        try office.ok("user", "add", "tess", "--role", "technician")
        #expect(try office.ok("sync").contains("Sent 1 events"), "the remembered authority is used again")

        // A terminal that does not trust the fleet's authority is told what to give.
        let bench = try CLIProcess()
        defer { bench.remove() }
        try bench.ok("init", "--device", "bench", "--join", "--fleet", fleet)
        let untrusted = try bench.run(["sync", "--hub", hub.url])
        #expect(untrusted.status == 1 && untrusted.stderr.contains("give --ca FILE"), "\(untrusted.stderr)")
        #expect(try bench.ok("sync", "status").contains("none yet"), "a hub that failed is not remembered")
        try office.ok(
            "device", "enroll", try bench.ok("device", "request").trimmingCharacters(in: .whitespacesAndNewlines))
        try office.ok("sync")
        try bench.ok("sync", "--hub", hub.url, "--ca", authority)
        #expect(try bench.ok("user", "list").contains("tess"))

        // Plain HTTP to the HTTPS port gets nowhere; a key without a certificate is refused.
        let plain = try bench.run(["sync", "--hub", hub.url.replacingOccurrences(of: "https", with: "http")])
        #expect(plain.status == 1)
        let half = try hubFolder.run(["hub", "serve", "--listen", "127.0.0.1:0", "--tls-key", key])
        #expect(half.status != 0 && half.stderr.contains("--tls-cert and --tls-key go together"))
        let notPEM = try hubFolder.run(["hub", "serve", "--listen", "127.0.0.1:0", "--tls-cert", key, "--tls-key", key])
        #expect(notPEM.status == 1 && notPEM.stderr.contains("cannot read a PEM certificate chain"), "\(notPEM.stderr)")
    }

    @Test func compactionWaitsForEveryMemberThenForgetsWhatAllHold() throws {
        let (office, hubFolder, hub, fleet) = try makeFleet()
        defer {
            hub.stop()
            for cli in [office, hubFolder] { cli.remove() }
        }
        let bench = try join(fleet, office, hub, name: "bench-2")
        // Enrolled, but never syncs: a terminal in a drawer.
        let drawer = try CLIProcess()
        defer { for cli in [bench, drawer] { cli.remove() } }
        try drawer.ok("init", "--device", "drawer", "--join", "--fleet", fleet)
        try office.ok(
            "device", "enroll", try drawer.ok("device", "request").trimmingCharacters(in: .whitespacesAndNewlines))
        try office.ok(
            "vehicle", "add", "--fleet-number", "186-001", "--evn", "91 80 6186 001-4", "--class", "186",
            "--kind", "locomotive", "--odometer-km", "1000")
        try office.ok("vehicle", "tag", "186-001", "winter")
        try office.ok("sync")
        try bench.ok("sync")
        try office.ok("vehicle", "tag", "186-001", "winter", "--remove")
        try office.ok("vehicle", "tag", "186-001", "ertms")
        for cli in [office, bench, office, bench] { try cli.ok("sync") }
        let shown = try office.ok("vehicle", "show", "186-001")

        let waiting = try office.ok("sync", "compact")
        #expect(waiting.contains("Waiting on") && waiting.contains("forgot 0 entries"), "\(waiting)")
        let drawerID = try #require(
            try (office.json("device", "list") as? [[String: Any]])?.first { $0["name"] as? String == "drawer" }?[
                "deviceID"] as? String)
        try office.ok("device", "retire", drawerID, "--reason", "lost")
        for cli in [office, bench, office] { try cli.ok("sync") }
        let reports = try #require(try office.json("sync", "compact") as? [String: [String: Any]])
        for name in ["hub", "replica"] {
            let report = try #require(reports[name], "\(reports)")
            #expect((report["forgotten"] as? Int ?? 0) >= 1, "\(name): \(report)")
            #expect(((report["stable"] as? [String: Any])?["silent"] as? [String])?.isEmpty == true)
        }
        #expect(try office.ok("vehicle", "show", "186-001") == shown, "compaction changes no value")
        try bench.ok("sync")
        #expect(try bench.ok("vehicle", "show", "186-001").contains("tags ertms"))
        // A replica without a hub compacts by what it knows alone: here, nothing is stable.
        let alone = try bench.ok("sync", "compact", "--local")
        #expect(alone.hasPrefix("This replica:") && !alone.contains("Hub:"), "\(alone)")
    }

    @Test func strangersRetiredTerminalsTamperingAndFastClocksAreRefusedWithNothingStored() throws {
        let (office, hubFolder, hub, fleet) = try makeFleet()
        let stranger = try CLIProcess()
        let unenrolled = try CLIProcess()
        defer {
            hub.stop()
            for cli in [office, hubFolder, stranger, unenrolled] { cli.remove() }
        }
        // The hub stops and starts again (on another port): nothing it took is lost.
        hub.stop()
        let restarted = try HubProcess(database: hubFolder.database, binary: CLIProcess.binary)
        defer { restarted.stop() }
        try office.ok("sync", "--hub", restarted.url)
        #expect(try office.ok("sync").contains("Sent 0 events"))

        try stranger.ok("init", "--device", "stranger", "--admin", "mallory")
        try refusedAt(restarted, stranger, hubFolder, "(403)")
        try unenrolled.ok("init", "--device", "nobody", "--join", "--fleet", fleet)
        try refusedAt(restarted, unenrolled, hubFolder, "not enrolled")

        // A retired terminal is shut out.
        let bench = try join(fleet, office, restarted, name: "bench-2")
        defer { bench.remove() }
        let benchID =
            try #require(try bench.json("device", "list") as? [[String: Any]]).first {
                $0["name"] as? String == "bench-2"
            }?["deviceID"] as? String
        try office.ok("device", "retire", try #require(benchID), "--reason", "stolen")
        try office.ok("sync")
        try bench.ok("user", "add", "thief", "--role", "admin")
        try refusedAt(restarted, bench, hubFolder, "retired")

        // An event altered in the file after it was signed.
        let honest = try join(fleet, office, restarted, name: "bench-3")
        defer { honest.remove() }
        try honest.ok("user", "add", "ines", "--role", "auditor")
        try CLIProcess.sqlite(
            honest.database,
            "UPDATE events SET payload = replace(payload, 'ines', 'inez') WHERE event_type = 'UserAdded' AND payload LIKE '%ines%'"
        )
        // (Hashes do not travel: the hub computes them, and the device's signature no longer fits.)
        try refusedAt(restarted, honest, hubFolder, "no valid signature")

        // A terminal whose clock runs an hour ahead.
        let fast = try join(fleet, office, restarted, name: "bench-4")
        defer { fast.remove() }
        let store = try RailFleetStore(path: fast.database, wallClockMs: { RailFleetStore.systemMs() + 3_600_000 })
        try store.execute(.addUser(name: "otto", role: .dispatcher), as: "alice")
        try refusedAt(restarted, fast, hubFolder, "ahead of this replica's clock")
    }

    func refusedAt(
        _ hub: HubProcess, _ cli: CLIProcess, _ hubFolder: CLIProcess, _ reason: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = try hubFolder.run(["events"]).stdout
        let result = try cli.run(["sync", "--hub", hub.url])
        #expect(
            result.status != 0 && result.stderr.contains(reason), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(try hubFolder.run(["events"]).stdout == before, "nothing stored", sourceLocation: sourceLocation)
    }

}

/// Transfers broken off by kill -9, on either side, lose nothing that was acknowledged and
/// resume where they stopped.
@Suite(.serialized) struct HubInterruptionTests {
    /// Writes `count` odometer readings on a replica in commits of 200, as another process.
    func write(_ count: Int, on path: String) throws {
        let store = try RailFleetStore(path: path)
        let admin = try store.actor(for: "alice")
        let vehicle = try #require(try store.fleet().first?.vehicleID)
        let start = try store.fleet().first?.odometerKm ?? 0
        for c in stride(from: 0, to: count, by: 200) {
            try store.execute(
                batch: (c..<min(count, c + 200)).map {
                    RailFleetStore.BatchItem(
                        .recordOdometer(vehicleID: vehicle, km: start + 1 + $0 / 100, source: "t"), by: admin)
                })
        }
    }

    @Test func aHubKilledMidPushAndAClientKilledMidPullLoseNothingAndResume() throws {
        let fixture = HubTests()
        let (office, hubFolder, hub, fleet) = try fixture.makeFleet()
        let bench = try fixture.join(fleet, office, hub, name: "bench-2")
        defer {
            hub.stop()
            for cli in [office, hubFolder, bench] { cli.remove() }
        }
        try office.ok(
            "vehicle", "add", "--fleet-number", "186-001", "--evn", "91 80 6186 001-4", "--class", "186", "--kind",
            "locomotive")
        try write(30_000, on: office.database)
        // The hub dies while the office pushes; the office's sync fails, the hub keeps what it
        // committed, and the next sync with a new hub process completes.
        let push = try office.start(["sync", "--batch", "1000"])
        usleep(400_000)
        kill(hub.process.processIdentifier, SIGKILL)
        push.waitUntilExit()
        hub.process.waitUntilExit()
        let restarted = try HubProcess(database: hubFolder.database, binary: CLIProcess.binary)
        defer { restarted.stop() }
        try office.ok("sync", "--hub", restarted.url)
        // The bench is killed while it pulls; what it merged stays, and the next pull goes on.
        let pull = try bench.start(["sync", "--hub", restarted.url, "--batch", "1000"])
        usleep(700_000)
        kill(pull.processIdentifier, SIGKILL)
        pull.waitUntilExit()
        try bench.ok("sync", "--hub", restarted.url)
        let total = try RailFleetStore(path: office.database, access: .readOnly).eventCount
        for cli in [hubFolder, bench] {
            let store = try RailFleetStore(path: cli.database, access: .readOnly)
            #expect(
                try store.versionVector().dominates(
                    try RailFleetStore(path: office.database, access: .readOnly).versionVector()))
            #expect(try store.verifyIntegrity().isIntact)
            #expect(try store.eventCount >= total)
        }
        #expect(try bench.ok("vehicle", "list") == office.ok("vehicle", "list"))
    }
}
