import Foundation
import TestSupport
import Testing

@Suite(.serialized) struct CLITests {
    /// The shared workshop floor (`WorkshopFloor`), typed into the command line; the work
    /// order by its number, as people type it.
    func makeWorkshop() throws -> (CLIProcess, workOrder: String) {
        let cli = try CLIProcess()
        try cli.ok("init", "--device", "bench-1", "--admin", WorkshopFloor.admin)
        let floor = try WorkshopFloor.build(with: cli)
        let shown = try #require(try cli.json("wo", "show", floor.workOrder) as? [String: Any])
        let number = try #require((shown["workOrder"] as? [String: Any])?["number"] as? String)
        return (cli, number)
    }

    @Test func aTechniciansJourneyShowsUpExactlyInJSON() throws {
        let (cli, wo) = try makeWorkshop()
        defer { cli.remove() }
        try cli.ok("wo", "book-hours", wo, "--hours", "2.5", user: "tara")
        try cli.ok("wo", "book-part", wo, "--part", "BRK-1", "--qty", "3", user: "tara")
        try cli.ok(
            "wo", "failure-code", wo, "--system", "brakes", "--mode", "dragging", "--cause", "valve", "--remedy",
            "replace pads", user: "tara")
        let defect = try #require(
            try cli.json(
                "defect", "report", "--vehicle", "186-001", "--description", "pads worn", "--system", "brakes",
                user: "tara") as? [[String: Any]])
        let defectID = try #require(defect.first?["aggregate"] as? String).replacingOccurrences(of: "defect/", with: "")
        #expect(try cli.ok("vehicle", "list").contains("186-001"))
        #expect(((try cli.json("vehicle", "list") as? [[String: Any]])?.first?["openDefects"] as? Int) == 1)
        try cli.ok("defect", "close", defectID, "--resolution", "replaced with this work order's pads", user: "tara")
        #expect(((try cli.json("defect", "list", "--open") as? [Any])?.count) == 0)
        try cli.ok("wo", "complete", wo, user: "tara")
        try cli.ok("wo", "release", wo, user: "tara")
        // People read what happened, with names; scripts keep the ids.
        let shown = try cli.ok("wo", "show", wo)
        for line in ["→ approved", "assigned to Werk Koeln and tara", "2.5 h by tara", "3 × BRK-1 from main"] {
            #expect(shown.contains(line), "wo show lacks '\(line)':\n\(shown)")
        }
        #expect(!shown.contains("WorkOrderAdvanced"))
        let detail = try #require(try cli.json("wo", "show", wo) as? [String: Any])
        let row = try #require(detail["workOrder"] as? [String: Any])
        #expect(row["status"] as? String == "released-to-service")
        #expect(row["bookedHours"] as? Double == 2.5)
        #expect((row["cost"] as? [String: Any])?["minorUnits"] as? Int == 150 * 6500 / 60 + 3 * 18_500)
        #expect(row["technicians"] as? [String] == ["tara"])
        #expect((detail["events"] as? [Any])?.count == 10)
        let stock = try #require(try cli.json("stock", "list") as? [[String: Any]])
        #expect(stock.first?["onHand"] as? Int == 5 && stock.first?["available"] as? Int == 5)
        #expect(try cli.ok("audit", "verify").contains("Verified"))
    }

    /// Each refusal: non-zero exit, one line on stderr saying why, and nothing written.
    @Test(arguments: [
        (["vehicle", "odometer", "999-999", "5000"], "alice", "no vehicle '999-999'"),
        (
            [
                "vehicle", "add", "--fleet-number", "186-002", "--evn", "91 80 6186 002-3", "--class", "C", "--kind",
                "wagon",
            ], "audrey", "role 'auditor' may not register vehicles"
        ),
        (
            [
                "vehicle", "add", "--fleet-number", "186-002", "--evn", "91 80 6186 002-1", "--class", "C", "--kind",
                "wagon",
            ], "alice", "check digit"
        ),
        (["wo", "close", "WO-NOPE"], "alice", "no work order 'WO-NOPE'"),
        (["wo", "book-part", "$WO", "--part", "BRK-1", "--qty", "-2"], "tara", "--qty must be positive"),
        (["wo", "book-part", "$WO", "--part", "BRK-1", "--qty", "50"], "tara", "only 8 of BRK-1 available"),
        (["wo", "book-hours", "$WO", "--hours", "abc"], "tara", "hours"),
        (["wo", "close", "$WO"], "alice", "it cannot go to closed"),
        (["events", "--since", "2024-13-45"], "alice", "not a UTC time"),
        (["vehicle", "list", "--frobnicate"], "alice", "Unknown option '--frobnicate'"),
        (["user", "add", "bob", "--role", "wizard"], "alice", "wizard"),
        (["stock", "adjust", "--part", "BRK-1", "--delta", "-20", "--reason", "count"], "alice", "would leave -12"),
        (["vehicle", "status", "186-001", "out-of-service"], "alice", "a reason is required"),
        (["defect", "close", "D-nope", "--resolution", "fixed"], "tara", "no defect 'D-nope'"),
        (["audit", "state", "186-001", "--at", "yesterday"], "audrey", "not a UTC time"),
        (["audit", "state", "186-001"], "audrey", "exactly one of --at and --at-version"),
        (["audit", "trail", "vehicle", "999-999"], "audrey", "no vehicle '999-999'"),
        (["audit", "export", "--format", "xml"], "audrey", "--format must be csv or json"),
        (
            ["defect", "report", "--vehicle", "186-001", "--description", "noise", "--severity", "apocalyptic"], "tara",
            "apocalyptic"
        ),
        (["user", "add", "bob", "--role", "planner"], "mallory", "unknown user 'mallory'"),
    ])
    func refusedCommandsSayWhyAndChangeNothing(arguments: [String], user: String, reason: String) throws {
        let (cli, wo) = try makeWorkshop()
        defer { cli.remove() }
        let before = try cli.ok("events", "--json") + cli.ok("stock", "list", "--json") + cli.ok("wo", "list", "--json")
        let result = try cli.run(arguments.map { $0 == "$WO" ? wo : $0 }, user: user)
        #expect(result.status != 0)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: ") && result.stderr.contains(reason), "stderr: \(result.stderr)")
        let after = try cli.ok("events", "--json") + cli.ok("stock", "list", "--json") + cli.ok("wo", "list", "--json")
        #expect(after == before)
    }

    @Test func anAuditorSeesTheTrailTheStateAsItWasAndTheDiff() throws {
        let (cli, wo) = try makeWorkshop()
        defer { cli.remove() }
        let opened = try #require(
            (try cli.json("audit", "trail", "work-order", wo, user: "audrey") as? [[String: Any]])?.first)
        #expect(opened["type"] as? String == "WorkOrderOpened" && opened["user"] as? String == "alice")
        let trail = try #require(try cli.json("audit", "trail", "work-order", wo, user: "audrey") as? [[String: Any]])
        #expect(trail.count == 5)
        let firstTime = try #require(opened["validTime"] as? String)
        let past = try #require(try cli.json("audit", "state", wo, "--at", firstTime, user: "audrey") as? [String: Any])
        let fields = try #require(past["fields"] as? [[String: String]])
        #expect(
            fields.contains { $0["name"] == "status" && $0["value"] == "requested" } && past["version"] as? Int == 1)
        let now = try #require(
            try cli.json("audit", "state", wo, "--at-version", "4", user: "audrey") as? [String: Any])
        #expect(
            (now["fields"] as? [[String: String]])?.contains { $0["name"] == "status" && $0["value"] == "in-progress" }
                == true)
        let diff = try #require(
            try cli.json("audit", "diff", wo, "--from", "v1", "--to", "v5", user: "audrey") as? [[String: Any]])
        #expect(
            diff.contains {
                $0["field"] as? String == "status" && $0["before"] as? String == "requested"
                    && $0["after"] as? String == "in-progress"
            })
        #expect(diff.contains { $0["field"] as? String == "technicians" && $0["after"] as? String == "tara" })
        let csv = try cli.ok("audit", "export", "--format", "csv", user: "audrey")
        #expect(csv.contains("# verification: every chain and signature holds"))
        #expect(
            csv.split(separator: "\n").filter { !$0.hasPrefix("#") }.count == 1
                + ((try cli.json("events") as? [Any])?.count ?? -1))
    }

    @Test func withoutADatabaseOrAUserTheCLISaysWhatToDo() throws {
        let cli = try CLIProcess()
        defer { cli.remove() }
        let missing = try cli.run(["vehicle", "list"])
        #expect(missing.status != 0 && missing.stderr.contains("railfleet init"))
        #expect(!FileManager.default.fileExists(atPath: cli.database), "a failed read must not create a database")
        try cli.ok("init", "--device", "d", "--admin", "alice")
        let again = try cli.run(["init", "--device", "d", "--admin", "alice"])
        #expect(again.status != 0 && again.stderr.contains("already exists"))
        let anonymous = try cli.run(["user", "add", "bob", "--role", "planner"], user: nil)
        #expect(anonymous.status != 0 && anonymous.stderr.contains("RAILFLEET_USER"))
    }

    @Test func aDatabaseEditedBehindTheProgramsBackIsCaughtAndRebuilt() throws {
        let (cli, _) = try makeWorkshop()
        defer { cli.remove() }
        let fleet = try cli.ok("vehicle", "list", "--json")
        // Someone deletes a read model row by hand: rebuilding restores it from the log.
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [
            cli.database,
            "DELETE FROM fleet; UPDATE events SET payload = replace(payload, '1200', '9999') WHERE event_type = 'VehicleRegistered';",
        ]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(try cli.ok("vehicle", "list", "--json").contains("186-001") == false)
        let verify = try cli.run(["audit", "verify"])
        #expect(verify.status == 1 && verify.stdout.contains("altered"))
        try cli.ok("projections", "rebuild")
        #expect(
            try cli.ok("vehicle", "list", "--json") != fleet,
            "the rebuilt model shows the edited log, and verify flags it")
        #expect(try cli.ok("vehicle", "list").contains("9999"))
    }

    @Test func verificationGoesOnFromItsMarkUntilTheFileIsEditedBehindItsBack() throws {
        let (cli, _) = try makeWorkshop()
        defer { cli.remove() }
        #expect(try cli.ok("audit", "verify").contains("no earlier verification to go on from"))
        #expect(try cli.ok("audit", "verify").contains("checked 0 event(s) new since the last verification"))
        try cli.ok("vehicle", "odometer", "186-001", "1300")
        #expect(try cli.ok("audit", "verify").contains("checked 1 event(s) new"))
        try CLIProcess.sqlite(
            cli.database,
            "UPDATE events SET payload = replace(payload, '1200', '9999') WHERE event_type = 'VehicleRegistered'")
        let verify = try cli.run(["audit", "verify"])
        #expect(
            verify.status == 1 && verify.stdout.contains("altered")
                && verify.stdout.contains("were changed or removed since"))
        let full = try cli.run(["audit", "verify", "--full"])
        #expect(full.status == 1 && full.stdout.contains("checked all"))
    }

    @Test func demoGeneratesADeterministicHistory() throws {
        let cli = try CLIProcess()
        defer { cli.remove() }
        let a = cli.folder.appendingPathComponent("a.sqlite").path
        let b = cli.folder.appendingPathComponent("b.sqlite").path
        try cli.ok(
            "demo", "--db", a, "--vehicles", "12", "--years", "1", "--seed", "7", "--end", "2026-06-30", "--no-tui")
        try cli.ok(
            "demo", "--db", b, "--vehicles", "12", "--years", "1", "--seed", "7", "--end", "2026-06-30", "--no-tui")
        let listA = try cli.ok("vehicle", "list", "--json", "--db", a)
        let listB = try cli.ok("vehicle", "list", "--json", "--db", b)
        #expect(listA == listB && listA.contains("425-001"))
        let woA = try cli.ok("wo", "list", "--json", "--db", a)
        #expect(woA == (try cli.ok("wo", "list", "--json", "--db", b)))
        #expect(try cli.ok("audit", "verify", "--db", a).contains("Verified"))
        // A file that is not a demo is never replaced.
        try cli.ok("init", "--device", "d", "--admin", "alice")
        let refused = try cli.run(["demo", "--db", cli.database, "--no-tui", "--vehicles", "2"])
        #expect(refused.status != 0 && refused.stderr.contains("not a demo"))
        #expect(try cli.ok("user", "list").contains("alice"))
        // A demo database is replaced by the next demo.
        try cli.ok("demo", "--db", a, "--vehicles", "3", "--years", "1", "--no-tui")
        #expect(try cli.ok("vehicle", "list", "--json", "--db", a).components(separatedBy: "fleetNumber").count == 4)
    }
}
