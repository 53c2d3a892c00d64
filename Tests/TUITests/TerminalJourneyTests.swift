import DemoFleet
import Domain
import Foundation
import Storage
import Testing

@Suite(.serialized) struct TerminalJourneyTests {
    static var binary: String {
        ProcessInfo.processInfo.environment["RAILFLEET_BIN"]
            ?? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("railfleet").path
    }

    /// A small demo fleet in a temporary folder.
    func makeDemo() throws -> (folder: URL, path: String) { try DemoFixture.generate(vehicles: 30, seed: 3) }

    /// Runs the CLI and returns its standard output.
    func cli(_ arguments: [String], user: String = "audrey") throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["RAILFLEET_USER"] = user
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    func waitUntilQuit(_ tmux: TmuxSession) -> Bool {
        let deadline = Date().addingTimeInterval(30)
        while tmux.isRunning && Date() < deadline { usleep(50_000) }
        return !tmux.isRunning
    }

    @Test(.timeLimit(.minutes(2)))
    func aDispatcherBrowsesTheFleetSeesOtherProcessesChangesAndQuits() throws {
        let (folder, path) = try makeDemo()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tmux = TmuxSession()
        defer { tmux.kill() }
        tmux.start("TERM=tmux-256color \(Self.binary) --db \(path) --user dana", width: 100, height: 30)
        // The whole first frame: under load a capture can fall between its top and its bottom line.
        let first = try #require(
            tmux.waitFor { $0.contains("30 vehicles ·") && $0.contains("dana (dispatcher)") },
            "no fleet screen:\n\(tmux.screen)")
        #expect(first.contains("186-001"))
        // Another process changes a vehicle; the open screen shows it without a restart.
        let store = try RailFleetStore(path: path)
        try store.execute(
            .changeVehicleStatus(
                vehicleID: try store.resolveVehicle("186-001"), status: .restricted, reason: "flat wheel"), as: "dana")
        #expect(
            tmux.waitFor { $0.split(separator: "\n").contains { $0.hasPrefix("186-001") && $0.contains("restricted") } }
                != nil,
            "not refreshed:\n\(tmux.screen)")
        tmux.send("4")
        #expect(
            tmux.waitFor { $0.contains("VehicleStatusChanged") && $0.contains("chains verified") } != nil,
            "no audit pane:\n\(tmux.screen)")
        tmux.tmux(["resize-window", "-t", "t", "-x", "50", "-y", "20"])
        #expect(tmux.waitFor { $0.contains("Terminal too small") } != nil, "not redrawn small:\n\(tmux.screen)")
        tmux.tmux(["resize-window", "-t", "t", "-x", "100", "-y", "30"])
        #expect(
            tmux.waitFor { $0.contains("4 Audit") && $0.contains("VALID TIME") } != nil,
            "not redrawn large:\n\(tmux.screen)")
        tmux.send("q")
        #expect(waitUntilQuit(tmux), "q did not quit:\n\(tmux.screen)")
    }

    /// A planner promotes a failure model, opens the risk view, opens the riskiest vehicle
    /// and opens its recommended exam as a work order.
    @Test(.timeLimit(.minutes(3)))
    func aPlannerOpensTheRiskViewTheRiskiestVehicleAndPlansItsExam() throws {
        let (folder, path) = try makeDemo()
        defer { try? FileManager.default.removeItem(at: folder) }
        let trained = try #require(
            try JSONSerialization.jsonObject(
                with: cli(["ml", "train", "--model", "failure", "--json", "--db", path], user: "piet"))
                as? [String: Any])
        let version = try #require(trained["version"] as? String)
        _ = try cli(["ml", "promote", "failure", version, "--db", path], user: "piet")
        let tmux = TmuxSession()
        defer { tmux.kill() }
        tmux.start("TERM=tmux-256color \(Self.binary) --db \(path) --user piet", width: 120, height: 32)
        #expect(tmux.waitFor { $0.contains("piet (planner)") } != nil, "no screen:\n\(tmux.screen)")
        tmux.send("5")
        tmux.send("r")
        let risk = try #require(
            tmux.waitFor { $0.contains("failure model \(version)") && $0.contains("FLEET NO") },
            "no risk view:\n\(tmux.screen)")
        // The riskiest vehicle is the first row under the header.
        let lines = risk.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("FLEET NO") })
        let riskiest = try #require(lines[header + 1].split(separator: " ").first.map(String.init))
        tmux.send("Enter")
        #expect(
            tmux.waitFor { $0.contains("─ \(riskiest) ─") && $0.contains("Open defects") } != nil,
            "the vehicle did not open:\n\(tmux.screen)")
        tmux.send("Escape")
        tmux.send("e")
        #expect(
            tmux.waitFor { $0.contains("exam of \(riskiest)") && $0.contains("30-day risk") } != nil,
            "no exam form:\n\(tmux.screen)")
        tmux.send("Enter")
        #expect(
            tmux.waitFor { $0.contains("exam of \(riskiest); approve and plan it") } != nil,
            "not opened:\n\(tmux.screen)")
        tmux.send("q")
        #expect(waitUntilQuit(tmux))
        let store = try RailFleetStore(path: path)
        let vehicle = try store.resolveVehicle(riskiest)
        let order = try #require(
            try store.workOrders().first { $0.vehicleID == vehicle && $0.title.contains("30-day risk") })
        #expect(order.type == .preventive && order.examLevel != nil && order.status == .requested)
        // The promotion is in the log, by the planner.
        let promotions = try store.events(EventFilter(eventType: "ModelPromoted"))
        #expect(promotions.map(\.event.user) == ["piet"])
    }

    /// A manager opens the KPI pane, sees a class's availability declining, drills down to the
    /// failures behind it, and exports the table to a workbook.
    @Test(.timeLimit(.minutes(3)))
    func aManagerSeesADecliningTrendDrillsDownAndExports() throws {
        let (folder, path) = try makeDemo()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The class whose availability declines in this demo, as the command line says.
        let trends = try #require(
            try JSONSerialization.jsonObject(
                with: cli(["report", "trends", "--by", "class", "--kpi", "availability", "--json", "--db", path]))
                as? [[String: Any]])
        let declining = try #require(
            trends.first { $0["direction"] as? String == "declining" }?["group"] as? String,
            "no class declines: \(trends)")
        let classes = trends.compactMap { $0["group"] as? String }
        let tmux = TmuxSession()
        defer { tmux.kill() }
        tmux.start(
            "cd \(folder.path) && TERM=tmux-256color \(Self.binary) --db \(path) --user piet", width: 160, height: 40)
        #expect(tmux.waitFor { $0.contains("piet (planner)") } != nil, "no screen:\n\(tmux.screen)")
        tmux.send("6")
        let table = try #require(
            tmux.waitFor { $0.contains("KPIs by class") && $0.contains("▸Avail") && $0.contains(declining) },
            "no KPI table:\n\(tmux.screen)")
        // Its row carries the falling arrow.
        let row = try #require(table.split(separator: "\n").first { $0.hasPrefix(declining) })
        #expect(row.contains("▼"), "\(row)")
        for _ in 0..<(classes.firstIndex(of: declining) ?? 0) { tmux.send("j") }
        tmux.send("l")
        #expect(
            tmux.waitFor { $0.contains("availability of \(declining)") && $0.contains("Declining: Sen's slope") }
                != nil,
            "no declining trend:\n\(tmux.screen)")
        // The failures behind it: two figures to the right, then Enter.
        tmux.send("t")
        tmux.send("Right")
        tmux.send("Right")
        tmux.send("Enter")
        let drill = try #require(
            tmux.waitFor { $0.contains("Fail of \(declining)") && $0.contains("contributions") },
            "no drill-down:\n\(tmux.screen)")
        #expect(drill.contains("defect") && (drill.contains("major") || drill.contains("critical")))
        tmux.send("Escape")
        tmux.send("x")
        #expect(tmux.waitFor { $0.contains("Export the KPI table") } != nil, "no export form:\n\(tmux.screen)")
        tmux.send("Enter")
        let file = folder.appendingPathComponent("railfleet-kpi-by-class-2026-06-30.xlsx").path
        #expect(
            tmux.waitFor { $0.contains("Wrote \(classes.count) rows to") } != nil,
            "not exported:\n\(tmux.screen)")
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        #expect(size > 1_000, "the workbook is at \(file)")
        tmux.send("q")
        #expect(waitUntilQuit(tmux))
    }

    @Test(.timeLimit(.minutes(2)))
    func aTechnicianOpensAWorkOrderBooksAPartAndCompletesIt() throws {
        let (folder, path) = try makeDemo()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try RailFleetStore(path: path)
        let tmux = TmuxSession()
        defer { tmux.kill() }
        tmux.start("TERM=tmux-256color \(Self.binary) --db \(path) --user tomas", width: 120, height: 32)
        #expect(tmux.waitFor { $0.contains("tomas (technician)") } != nil, "no screen:\n\(tmux.screen)")
        // Open a work order through the form, picking the vehicle by typing its number.
        tmux.send("2")
        tmux.send("n")
        #expect(tmux.waitFor { $0.contains("Open a work order") } != nil, "no form:\n\(tmux.screen)")
        tmux.send("-l", "186-002")
        tmux.send("Tab")
        tmux.send("-l", "Door 3 does not close")
        tmux.send("Tab")
        tmux.send("Down")
        // Resizing mid-form keeps the input.
        tmux.tmux(["resize-window", "-t", "t", "-x", "100", "-y", "30"])
        #expect(
            tmux.waitFor { $0.contains("Door 3 does not close") && $0.contains("corrective") } != nil,
            "form lost on resize:\n\(tmux.screen)")
        tmux.send("Enter")
        #expect(tmux.waitFor { $0.contains("Opened a work order on 186-002") } != nil, "not opened:\n\(tmux.screen)")
        let wo = try #require(try store.workOrders().first { $0.title == "Door 3 does not close" })
        // The planner approves and plans it at the office.
        for stage in [WorkOrderStage.approved, .planned] {
            try store.execute(.advanceWorkOrder(workOrderID: wo.workOrderID, to: stage, plannedDay: nil), as: "piet")
        }
        let part = try #require(try store.parts().first { $0.partNumber == "DOR-SEN-02" })
        let location = try #require(part.locations.first { $0.available > 1 })
        tmux.send("/")
        tmux.send("-l", wo.number)
        tmux.send("Enter")
        #expect(
            tmux.waitFor { $0.contains(wo.number) && $0.contains("planned") } != nil, "not planned:\n\(tmux.screen)")
        tmux.send("s")
        #expect(tmux.waitFor { $0.contains("\(wo.number) → in-progress") } != nil, "not started:\n\(tmux.screen)")
        tmux.send("b")
        tmux.send("-l", "DOR-SEN-02 @ \(location.location)")
        tmux.send("Tab")
        tmux.send("-l", "0")
        tmux.send("Enter")
        #expect(
            tmux.waitFor { $0.contains("quantity must be positive, got 0") } != nil,
            "invalid quantity not refused:\n\(tmux.screen)")
        tmux.send("BSpace")
        tmux.send("-l", "2")
        tmux.send("Enter")
        #expect(tmux.waitFor { $0.contains("Booked 2 × DOR-SEN-02") } != nil, "not booked:\n\(tmux.screen)")
        tmux.send("c")
        #expect(
            tmux.waitFor { $0.contains("\(wo.number) → technically-complete") } != nil, "not completed:\n\(tmux.screen)"
        )
        tmux.send("q")
        #expect(waitUntilQuit(tmux))
        // What the screen did is exactly what the CLI then shows.
        let shown = try #require(
            try JSONSerialization.jsonObject(with: cli(["wo", "show", wo.number, "--json", "--db", path]))
                as? [String: Any])
        let shownRow = try #require(shown["workOrder"] as? [String: Any])
        #expect(shownRow["status"] as? String == "technically-complete")
        #expect((shown["partsBooked"] as? [String: Int])?[part.partID] == 2)
        let stockList = try #require(
            try JSONSerialization.jsonObject(with: cli(["stock", "list", "--json", "--db", path])) as? [[String: Any]])
        let listed = try #require(stockList.first { $0["partNumber"] as? String == "DOR-SEN-02" })
        #expect(listed["onHand"] as? Int == part.onHand - 2)
        let after = try RailFleetStore(path: path)
        let row = try #require(try after.workOrders().first { $0.workOrderID == wo.workOrderID })
        #expect(
            row.status == .technicallyComplete && row.type == .corrective
                && row.cost.minorUnits == 2 * part.unitCost.minorUnits)
        let stock = try #require(
            try after.parts().first { $0.partID == part.partID }?.locations.first { $0.location == location.location })
        #expect(stock.onHand == location.onHand - 2)
        #expect(try after.events(EventFilter(aggregateID: wo.workOrderID)).map(\.event.user).contains("tomas"))
    }

    @Test(.timeLimit(.minutes(2)))
    func anAuditorScrubsBackToBeforeAWorkOrderExisted() throws {
        let (folder, path) = try makeDemo()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A work order opened today, months after the demo's history ends.
        let store = try RailFleetStore(path: path)
        try store.execute(
            .openWorkOrder(
                vehicleID: try store.resolveVehicle("186-003"), title: "Pantograph inspection", type: .corrective,
                priority: .high, examLevel: nil, defectID: nil),
            as: "piet")
        let wo = try #require(try store.workOrders().first { $0.title == "Pantograph inspection" })
        let tmux = TmuxSession()
        defer { tmux.kill() }
        tmux.start("TERM=tmux-256color \(Self.binary) --db \(path) --user audrey", width: 120, height: 32)
        #expect(tmux.waitFor { $0.contains("audrey (auditor)") } != nil, "no screen:\n\(tmux.screen)")
        tmux.send("2")
        #expect(tmux.waitFor { $0.contains(wo.number) } != nil, "the work order is not listed now:\n\(tmux.screen)")
        tmux.send("4")
        #expect(
            tmux.waitFor { $0.contains("✓ chains verified") && $0.contains("WorkOrderOpened") } != nil,
            "no timeline:\n\(tmux.screen)")
        // One week back: before the work order was opened.
        tmux.send("<")
        let past = try #require(
            tmux.waitFor { $0.contains("AS OF") && $0.contains("read-only") }, "not in the past:\n\(tmux.screen)")
        #expect(past.contains("as of "))
        tmux.send("2")
        let orders = try #require(
            tmux.waitForSettled { $0.contains("open work orders") && $0.contains("NUMBER") && $0.contains("AS OF") },
            "no work orders:\n\(tmux.screen)")
        #expect(!orders.contains(wo.number), "the work order shows before it existed:\n\(orders)")
        tmux.send("1")
        #expect(
            tmux.waitFor { $0.contains("vehicles ·") && $0.contains("AS OF") } != nil,
            "the fleet pane is not in the past:\n\(tmux.screen)")
        // Back to now: it is there again, and writing is offered again to those who may.
        tmux.send("4")
        tmux.send(".")
        #expect(tmux.waitFor { $0.contains("Back to now") } != nil, "not back:\n\(tmux.screen)")
        tmux.send("2")
        #expect(
            tmux.waitFor { $0.contains(wo.number) && !$0.contains("AS OF") } != nil,
            "the work order is missing now:\n\(tmux.screen)")
        tmux.send("q")
        #expect(waitUntilQuit(tmux))
    }

    /// The database edited behind the program's back: the audit pane says the record was
    /// altered, in the alert colour, as soon as it opens.
    @Test(.timeLimit(.minutes(2)))
    func anAuditorSeesThatAnEventWasAlteredInTheFile() throws {
        let (folder, path) = try makeDemo()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [
            path,
            "UPDATE events SET payload = replace(payload, '\"km\":', '\"km\":9') WHERE seq = (SELECT min(seq) FROM events WHERE event_type = 'OdometerRecorded')",
        ]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0)
        let tmux = TmuxSession()
        defer { tmux.kill() }
        tmux.start("TERM=tmux-256color \(Self.binary) --db \(path) --user audrey", width: 120, height: 32)
        #expect(tmux.waitFor { $0.contains("audrey (auditor)") } != nil, "no screen:\n\(tmux.screen)")
        tmux.send("4")
        let screen = try #require(
            tmux.waitFor { $0.contains("VERIFICATION FAILED") }, "tampering not shown:\n\(tmux.screen)")
        #expect(screen.contains("altered"))
        tmux.send("q")
        #expect(waitUntilQuit(tmux))
    }
}
