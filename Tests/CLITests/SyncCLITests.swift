import Foundation
import TestSupport
import Testing

/// Two terminals of one fleet meeting through bundle files, driven as processes.
@Suite(.serialized) struct SyncCLITests {
    func expectRefusal(_ result: CLIProcess.Result, _ reason: String, sourceLocation: SourceLocation = #_sourceLocation)
    {
        #expect(result.status != 0, "\(reason): exit 0", sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n").filter { !$0.isEmpty }
        #expect(
            lines.count == 1 && lines[0].hasPrefix("Error: ") && lines[0].contains(reason),
            "expected '\(reason)': \(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test func aTerminalJoinsIsEnrolledAndExchangesFilesBothWays() throws {
        let office = try CLIProcess()
        let bench = try CLIProcess()
        defer {
            office.remove()
            bench.remove()
        }
        try office.ok("init", "--device", "office", "--admin", "alice")
        try office.ok("user", "add", "tom", "--role", "technician")
        let joined = try #require(try bench.json("init", "--device", "bench 2", "--join") as? [String: String])
        let request = try #require(joined["request"])
        let benchID = try #require(joined["device"])
        #expect(try bench.ok("device", "request").trimmingCharacters(in: .whitespacesAndNewlines) == request)
        #expect(try bench.ok("events").split(separator: "\n").count <= 1, "a joined replica holds no data")

        // Mangled or forged requests, and non-admins, are refused with nothing written.
        expectRefusal(try office.run(["device", "enroll", "hello"]), "not an enrolment request")
        expectRefusal(try office.run(["device", "enroll", String(request.dropLast())]), "checksum")
        expectRefusal(try office.run(["device", "enroll", request], user: "tom"), "may not enrol devices")
        try office.ok("device", "enroll", request)
        expectRefusal(try office.run(["device", "enroll", request]), "already enrolled")

        let toBench = office.folder.appendingPathComponent("to-bench.rfb").path
        #expect(try office.ok("sync", "export", "--out", toBench, "--for", benchID).contains("does not know"))
        #expect(try bench.ok("sync", "import", toBench).contains("Merged 4 events"))
        #expect(try bench.ok("sync", "import", toBench).contains("Nothing new"))
        try bench.ok("user", "add", "ines", "--role", "auditor")

        let toOffice = bench.folder.appendingPathComponent("to-office.rfb").path
        try bench.ok("sync", "export", "--out", toOffice)
        #expect(try office.ok("sync", "import", toOffice).contains("Merged 1 events"))
        #expect(try office.ok("user", "list").contains("ines"))
        // The office now knows what the bench holds: the next file carries only what it lacks.
        try office.ok("user", "add", "otto", "--role", "dispatcher")
        let out = try office.ok("sync", "export", "--out", toBench, "--for", benchID)
        #expect(out.contains("1 events") && out.contains("what \(benchID) lacks"), "\(out)")

        let devices = try #require(try bench.json("device", "list") as? [[String: Any]])
        #expect(Set(devices.compactMap { $0["name"] as? String }) == ["office", "bench 2"])
        #expect(
            devices.first { $0["name"] as? String == "bench 2" }?["enrolledBy"] as? String == "alice@"
                + (devices.first { $0["name"] as? String == "office" }?["deviceID"] as? String ?? ""))
    }

    @Test func badFilesAndBadArgumentsAreRefusedInOneLine() throws {
        let cli = try CLIProcess()
        let other = try CLIProcess()
        defer {
            cli.remove()
            other.remove()
        }
        try cli.ok("init", "--device", "office", "--admin", "alice")
        try other.ok("init", "--device", "elsewhere", "--admin", "alice")
        let foreign = other.folder.appendingPathComponent("foreign.rfb").path
        try other.ok("sync", "export", "--out", foreign)
        let damaged = cli.folder.appendingPathComponent("damaged.rfb").path
        var bytes = try Data(contentsOf: URL(fileURLWithPath: foreign))
        bytes[bytes.count - 3] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: damaged))
        let before = try cli.ok("events")
        expectRefusal(try cli.run(["sync", "import", foreign]), "belongs to fleet")
        expectRefusal(try cli.run(["sync", "import", damaged]), "fleet")
        expectRefusal(try cli.run(["sync", "import", cli.folder.appendingPathComponent("none").path]), "cannot read")
        expectRefusal(try cli.run(["sync", "import", cli.database]), "bundle header")
        expectRefusal(try cli.run(["sync", "export", "--out", "/nonexistent/x.rfb"]), "cannot write")
        expectRefusal(try cli.run(["sync", "export", "--out", "x", "--for", "a;rm -rf"]), "device id")
        expectRefusal(try cli.run(["device", "retire", "ffffffff", "--reason", "lost"]), "no enrolled device")
        expectRefusal(try cli.run(["device", "retire", "ffffffff"]), "--reason")
        expectRefusal(try cli.run(["init", "--device", "x", "--join", "--admin", "bob"]), "either --admin")
        expectRefusal(try cli.run(["init", "--device", "x", "--join", "--fleet", "XYZ"]), "16 lowercase hex")
        let missing = cli.folder.appendingPathComponent("no-hub.sqlite").path
        expectRefusal(try cli.run(["hub", "serve", "--db", missing]), "no database at")
        #expect(!FileManager.default.fileExists(atPath: missing), "no empty database is left behind")
        expectRefusal(try cli.run(["hub", "serve", "--listen", "0.0.0.0:8470"]), "not loopback")
        expectRefusal(try cli.run(["sync", "--hub", "ftp://x"]), "not a hub address")
        expectRefusal(try cli.run(["sync", "auto", "5"]), "from 10 to 86400")
        expectRefusal(try cli.run(["sync", "clock-ahead", "99999999999999"]), "from 1 to 86400")
        try cli.ok("sync", "clock-ahead", "600")
        #expect(try cli.ok("events") == before, "nothing was written")
    }
}
