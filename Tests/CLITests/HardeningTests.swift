import Foundation
import TestSupport
import Testing

/// The command line as a hostile or careless user meets it, run as a process: each case
/// broke before the hardening issue.
@Suite(.serialized) struct HardeningTests {
    func makeWorkshop() throws -> (CLIProcess, workOrder: String) {
        let cli = try CLIProcess()
        try cli.ok("init", "--device", "bench-1", "--admin", WorkshopFloor.admin)
        let floor = try WorkshopFloor.build(with: cli)
        return (cli, floor.workOrder)
    }

    /// Exactly one line on stderr, starting `Error:`, and a plain non-zero exit (no crash).
    func expectRefusal(_ result: CLIProcess.Result, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            result.status == 1 || result.status == 64, "\(what): exit \(result.status)", sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        #expect(
            lines.count == 1 && lines[0].hasPrefix("Error: "), "\(what): \(result.stderr)",
            sourceLocation: sourceLocation)
    }

    @Test func controlCharactersAreRefusedOnInputAndEscapedOnOutput() throws {
        let (cli, wo) = try makeWorkshop()
        defer { cli.remove() }
        let hostile = "x\u{1B}[31mRED\u{1B}[2J\u{1B}]0;PWNED\u{7}"
        expectRefusal(
            try cli.run(["wo", "open", "--vehicle", "186-001", "--title", hostile, "--type", "corrective"]), "title")
        expectRefusal(try cli.run(["user", "add", "bad\nrow", "--role", "auditor"]), "user name")
        // Events written by older versions or other replicas may still carry them.
        try CLIProcess.sqlite(
            cli.database,
            "UPDATE work_orders SET title = 'A' || char(27) || '[2J' || char(10) || 'FORGED ROW'; UPDATE fleet SET keeper = 'K' || char(7); UPDATE users SET name = name || char(27) || '[0m' WHERE name = 'audrey'"
        )
        for args in [
            ["wo", "list"], ["wo", "show", wo], ["vehicle", "list"], ["vehicle", "show", "186-001"], ["user", "list"],
        ] {
            let out = try cli.run(args)
            #expect(out.status == 0, "\(args): \(out.stderr)")
            #expect(
                !out.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 },
                "\(args) wrote raw control bytes")
        }
        #expect(try cli.ok("wo", "list").contains("A\\u{1B}[2J\\u{A}FORGED ROW"))
    }

    @Test func csvCellsCannotRunAsFormulas() throws {
        let (cli, _) = try makeWorkshop()
        defer { cli.remove() }
        try cli.ok("user", "add", "=HYPERLINK(1)", "--role", "admin")
        try cli.ok("user", "add", "zoe", "--role", "auditor", user: "=HYPERLINK(1)")
        let csv = try cli.ok("audit", "export", "--format", "csv")
        #expect(csv.contains("\"'=HYPERLINK(1)\""))
        #expect(!csv.contains(",=HYPERLINK"))
    }

    @Test func numbersBeyondTheirBoundsAreOneErrorLineNotACrash() throws {
        let (cli, wo) = try makeWorkshop()
        defer { cli.remove() }
        let huge = "9223372036854775807"
        expectRefusal(try cli.run(["stock", "receive", "--part", "BRK-1", "--qty", huge]), "qty max")
        try cli.ok("stock", "receive", "--part", "BRK-1", "--qty", "1000000", "--location", "a")
        expectRefusal(try cli.run(["stock", "receive", "--part", "BRK-1", "--qty", "4611686018427387904"]), "2^62")
        expectRefusal(
            try cli.run(["wo", "book-part", wo, "--part", "BRK-1", "--qty", "4000000000000000"]), "book-part")
        expectRefusal(
            try cli.run(["plan", "set", "--class", "Class 186", "--level", "A", "--km", huge, "--days", "30"]),
            "plan km")
        expectRefusal(try cli.run(["vehicle", "odometer", "186-001", huge]), "odometer")
        expectRefusal(try cli.run(["wo", "book-hours", wo, "--hours", "1e300"]), "hours")
        #expect(try cli.ok("audit", "verify").contains("Verified"))
    }

    @Test func messagesSayWhatIsWrong() throws {
        let (cli, wo) = try makeWorkshop()
        defer { cli.remove() }
        let negative = try cli.run(["vehicle", "odometer", "186-001", "-1"])
        expectRefusal(negative, "odometer -1")
        #expect(negative.stderr.contains("'-1'") && negative.stderr.contains("negative"))
        let version = try cli.run(["wo", "approve", wo, "--if-version", "-1"])
        expectRefusal(version, "if-version")
        #expect(!version.stderr.contains("Missing value"))
        let at = try cli.run(["audit", "state", "186-001", "--at", "-001-01-01"])
        #expect(at.stderr.contains("is not a UTC time"))
        expectRefusal(try cli.run(["audit", "state", "186-001", "--at", "2026-12-01T10:00:60"]), ":60 seconds")
        expectRefusal(
            try cli.run(["audit", "diff", "186-001", "--from", "2030-01-01", "--to", "2020-01-01"]), "diff backwards")
        let beyond = try cli.run(["audit", "state", "186-001", "--at-version", "999"])
        expectRefusal(beyond, "beyond the last version")
        #expect(beyond.stderr.contains("beyond the last"))
        let help = try cli.ok("audit", "state", "--help")
        #expect(help.components(separatedBy: "--version").count == 2, "--version is listed once:\n\(help)")
    }

    @Test func globalOptionsWorkBeforeTheSubcommandToo() throws {
        let (cli, _) = try makeWorkshop()
        defer { cli.remove() }
        let before = try cli.run(["--db", cli.database, "--json", "vehicle", "list"], user: "alice")
        #expect(before.status == 0, "\(before.stderr)")
        let after = try cli.run(["vehicle", "list", "--db", cli.database, "--json"], user: "alice")
        #expect(before.stdout == after.stdout && before.stdout.contains("186-001"))
        #expect(try cli.run(["--db=\(cli.database)", "--user", "tara", "wo", "list"], user: nil).status == 0)
        // Moved options land before a `--`, which still ends the options.
        let terminated = try cli.run(["--db", cli.database, "vehicle", "odometer", "186-001", "--", "-1"])
        #expect(terminated.stderr.contains("odometer km must be from 0"), "\(terminated.stderr)")
    }

    @Test func concurrentInitsLeaveExactlyOneWorkingReplica() throws {
        let cli = try CLIProcess()
        defer { cli.remove() }
        let processes = (0..<4).map { i in
            let p = Process()
            p.executableURL = CLIProcess.binary
            p.arguments = ["init", "--db", cli.database, "--device", "d\(i)", "--admin", "admin\(i)"]
            p.standardOutput = Pipe()
            p.standardError = Pipe()
            return p
        }
        for p in processes { try p.run() }
        for p in processes { p.waitUntilExit() }
        #expect(processes.filter { $0.terminationStatus == 0 }.count == 1)
        let files = try FileManager.default.contentsOfDirectory(atPath: cli.folder.path).filter {
            !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm")
        }
        #expect(Set(files) == ["cli.sqlite", "cli.sqlite.key"], "no temporary files left: \(files)")
        #expect(try cli.ok("audit", "verify").contains("Verified"))
        let users = try cli.ok("user", "list")
        #expect(users.components(separatedBy: "admin").count - 1 == 2, "one admin: \(users)")
    }

    @Test func foreignAndEmptyFilesAreHandledWithAdviceThatWorks() throws {
        let cli = try CLIProcess()
        defer { cli.remove() }
        try CLIProcess.sqlite(cli.database, "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup')")
        let dump = try Data(contentsOf: URL(fileURLWithPath: cli.database))
        let listed = try cli.run(["vehicle", "list"])
        expectRefusal(listed, "list a foreign file")
        #expect(listed.stderr.contains("another program's SQLite database"))
        let founded = try cli.run(["init", "--device", "d", "--admin", "alice"])
        expectRefusal(founded, "init over a foreign file")
        #expect(founded.stderr.contains("choose another --db"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.database)) == dump, "the foreign file is untouched")
        // An empty file may become a replica.
        try FileManager.default.removeItem(atPath: cli.database)
        FileManager.default.createFile(atPath: cli.database, contents: Data())
        try cli.ok("init", "--device", "d", "--admin", "alice")
        #expect(try cli.ok("audit", "verify").contains("Verified"))
    }

    @Test func aKeyOthersMayReadIsRefusedWithTheFix() throws {
        let (cli, wo) = try makeWorkshop()
        defer { cli.remove() }
        let key = cli.database + ".key"
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key)
        let refused = try cli.run(["wo", "task", wo, "--text", "check"])
        expectRefusal(refused, "group-readable key")
        #expect(refused.stderr.contains("chmod 600"))
        #expect(try cli.run(["wo", "list"]).status == 0, "reading needs no key")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
        try cli.ok("wo", "task", wo, "--text", "check")
    }

    /// A read-only archived copy can be listed and verified. Root writes whatever the mode
    /// says, so the commands run as `nobody` through setpriv (util-linux).
    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
            "skipped: /usr/bin/setpriv is missing, so no user without write access can be run"))
    func anArchivedReadOnlyCopyCanBeReadAndVerified() throws {
        let (cli, _) = try makeWorkshop()
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: cli.folder.path)
            cli.remove()
        }
        try CLIProcess.sqlite(cli.database, "PRAGMA wal_checkpoint(TRUNCATE)")
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: cli.database + suffix) }
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: cli.database)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: cli.folder.path)
        func asNobody(_ arguments: [String]) throws -> CLIProcess.Result {
            try cli.run(
                ["--reuid=65534", "--regid=65534", "--clear-groups", CLIProcess.binary.path] + arguments + [
                    "--db", cli.database,
                ],
                user: "alice", executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
        }
        let listed = try asNobody(["vehicle", "list"])
        #expect(listed.status == 0 && listed.stdout.contains("186-001"), "\(listed.stderr)")
        let verified = try asNobody(["audit", "verify"])
        #expect(verified.status == 0 && verified.stdout.contains("Verified"), "\(verified.stderr)")
        let write = try asNobody(["wo", "open", "--vehicle", "186-001", "--title", "t", "--type", "corrective"])
        expectRefusal(write, "a write on a read-only file")
    }

    @Test func aDatabaseHeldTooLongIsSaidSoWithItsOwnExitCode() throws {
        let (cli, wo) = try makeWorkshop()
        defer { cli.remove() }
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        holder.arguments = [
            "-c",
            "import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1], isolation_level=None); c.execute('BEGIN EXCLUSIVE'); print('held', flush=True); time.sleep(8)",
            cli.database,
        ]
        let out = Pipe()
        holder.standardOutput = out
        try holder.run()
        defer { holder.terminate() }
        _ = out.fileHandleForReading.availableData  // "held"
        let blocked = try cli.run(["wo", "task", wo, "--text", "waits"])
        #expect(blocked.status == 75, "exit \(blocked.status): \(blocked.stderr)")
        #expect(blocked.stderr.contains("held by another process"))
    }

    @Test func anOdometerTypoIsRefusedAndAWrongReadingCanBeCorrected() throws {
        let (cli, _) = try makeWorkshop()
        defer { cli.remove() }
        let typo = try cli.run(["vehicle", "odometer", "186-001", "10000000"])
        expectRefusal(typo, "typo")
        #expect(typo.stderr.contains("--force --reason"))
        try cli.ok("vehicle", "odometer", "186-001", "90000", "--force", "--reason", "odometer unit replaced")
        expectRefusal(try cli.run(["vehicle", "odometer", "186-001", "1500"]), "below the recorded")
        try cli.ok("vehicle", "odometer", "186-001", "1400", "--correct", "--reason", "the 90000 was a typo")
        let shown = try cli.ok("vehicle", "show", "186-001")
        #expect(shown.contains("odometer 1400 km"), "\(shown)")
        try cli.ok("vehicle", "odometer", "186-001", "1500")
        expectRefusal(try cli.run(["vehicle", "odometer", "186-001", "1", "--correct"]), "correction without reason")
        #expect(try cli.ok("audit", "verify").contains("Verified"))
    }

    @Test func aReceiptKeptOutsideCatchesACutTailAndRecordedTimeIsTamperEvident() throws {
        let (cli, wo) = try makeWorkshop()
        defer { cli.remove() }
        try cli.ok("wo", "task", wo, "--text", "one")
        try cli.ok("wo", "task", wo, "--text", "two")
        let receipt = cli.folder.appendingPathComponent("receipt.json").path
        try cli.ok("audit", "receipt", "--out", receipt)
        #expect(try cli.ok("audit", "verify", "--against", receipt).contains("Verified"))
        try CLIProcess.sqlite(
            cli.database,
            "DELETE FROM events WHERE seq > (SELECT max(seq) - 2 FROM events); DELETE FROM chain_heads WHERE counter > (SELECT max(counter) FROM events); DELETE FROM receipt_chain WHERE seq > (SELECT max(seq) FROM events); DELETE FROM receipt_heads WHERE seq > (SELECT max(seq) FROM events)"
        )
        let against = try cli.run(["audit", "verify", "--against", receipt])
        #expect(against.status == 1 && against.stdout.contains("contradicts-receipt"), "\(against.stdout)")
        try CLIProcess.sqlite(cli.database, "UPDATE events SET recorded_ms = recorded_ms + 3600000 WHERE seq = 3")
        let retimed = try cli.run(["audit", "verify"])
        #expect(retimed.status == 1 && retimed.stdout.contains("receipt-altered"), "\(retimed.stdout)")
        expectRefusal(try cli.run(["audit", "verify", "--against", cli.database]), "not a receipt")
    }

    @Test func aDamagedPayloadQuarantinesItsEntityAndTheRestWorksOn() throws {
        let (cli, wo) = try makeWorkshop()
        defer { cli.remove() }
        try cli.ok("vehicle", "tag", "186-001", "winter")
        let copy = cli.folder.appendingPathComponent("peer.sqlite").path
        try CLIProcess.sqlite(cli.database, "VACUUM INTO '\(copy)'")
        try CLIProcess.sqlite(cli.database, "UPDATE events SET payload = 'not json' WHERE event_type = 'VehicleTagged'")
        let export = try cli.run(["audit", "export"])
        #expect(export.status == 0, "\(export.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: Any])
        #expect(report["verified"] as? Bool == false && (report["damaged"] as? [String])?.count == 1)
        try cli.ok("projections", "rebuild")
        #expect(try cli.ok("audit", "fleet", "--at", "2099-01-01").contains("186-001"))
        try cli.ok("wo", "task", wo, "--text", "other entities work on")
        let refused = try cli.run(["vehicle", "tag", "186-001", "summer"])
        expectRefusal(refused, "a write on the quarantined vehicle")
        #expect(refused.stderr.contains("quarantined") && refused.stderr.contains("from a peer"))
        #expect(try cli.ok("conflicts").contains("quarantined"))
        let repaired = try cli.ok("audit", "repair", "--from", copy)
        #expect(repaired.contains("1 repaired"))
        #expect(try cli.ok("audit", "verify").contains("Verified"))
        try cli.ok("vehicle", "tag", "186-001", "summer")
        #expect(try !cli.ok("conflicts").contains("quarantined"))
    }

    @Test func smallerGapsOfTheCommandLineAreClosed() throws {
        let (cli, _) = try makeWorkshop()
        defer { cli.remove() }
        let twice = try cli.run(["vehicle", "odometer", "186-001", "1300", "--source", "a", "--source", "b"])
        expectRefusal(twice, "an option given twice")
        #expect(twice.stderr.contains("--source is given more than once"))
        let future = try cli.run(["demo", "--end", "9999-12-31", "--no-tui", "--db", cli.database + ".demo"])
        expectRefusal(future, "a demo ending in the future")
        let long = try cli.run([
            "wo", "open", "--vehicle", "186-001", "--title", "t", "--type", "corrective", "--exam", "A",
        ])
        expectRefusal(long, "an exam on corrective work")
        let withdrawn = try cli.run(["vehicle", "status", "186-001", "withdrawn", "--reason", "scrapped"])
        #expect(withdrawn.status == 0)
        expectRefusal(try cli.run(["vehicle", "odometer", "186-001", "1300"]), "a reading on a withdrawn vehicle")
    }

    /// A demo written by an older version (here: before receipts) is still recognised and
    /// replaced, and a demo killed midway leaves no files that later runs trip over.
    @Test func anOlderDemoIsReplacedAndLeftoversOfAKilledOneAreRemoved() throws {
        let cli = try CLIProcess()
        defer { cli.remove() }
        let demo = cli.folder.appendingPathComponent("demo.sqlite").path
        let args = ["demo", "--vehicles", "3", "--years", "1", "--no-tui", "--end", "2026-06-30", "--db", demo]
        let first = try cli.run(args)
        #expect(first.status == 0, "\(first.stderr)")
        try CLIProcess.sqlite(
            demo,
            "DROP TABLE receipt_chain; DROP TABLE receipt_heads; DELETE FROM grdb_migrations WHERE identifier = 'v4-receipt-chain'"
        )
        let stale = cli.folder.appendingPathComponent(".demo.sqlite.0000.generating").path
        FileManager.default.createFile(atPath: stale, contents: Data("partial".utf8))
        let again = try cli.run(args)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(try cli.ok("audit", "verify", "--db", demo).contains("Verified"))
    }
}
