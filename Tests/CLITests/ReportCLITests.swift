import Foundation
import Testing

/// `railfleet report` through the real binary, on a small generated fleet.
@Suite struct ReportCLITests {
    static func demo(_ cli: CLIProcess) throws {
        _ = try cli.ok(
            "demo", "--db", cli.database, "--vehicles", "12", "--years", "1", "--seed", "7", "--end", "2026-06-30",
            "--no-tui")
    }

    @Test func kpisArePrintedAsJSONAndCSVWithTheSameFigures() throws {
        let cli = try CLIProcess()
        defer { cli.remove() }
        try Self.demo(cli)
        let span = ["--db", cli.database, "--from", "2026-01-01", "--to", "2026-07-01", "--at", "2026-06-30T23:59:59Z"]
        let rows = try #require(
            try cli.json(["report", "kpi", "--by", "class", "--period", "month", "--format", "json"] + span)
                as? [[String: Any]])
        #expect(rows.count == 4 * 6)
        let first = try #require(rows.first)
        for key in ["group", "from", "to", "availability", "kmRun", "failures", "mdbfKm", "mttrHours", "costPer1000Km"]
        {
            #expect(first.keys.contains(key), "\(key)")
        }
        #expect(first["from"] as? String == "2026-01-01T00:00:00Z" && first["to"] as? String == "2026-02-01T00:00:00Z")
        #expect(first["daysOfCover"] == nil, "stock figures do not apply to classes")
        let csv = try cli.ok(["report", "kpi", "--by", "class", "--period", "month", "--format", "csv"] + span)
        let lines = csv.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        #expect(Array(header.prefix(4)) == ["group", "from", "to", "period"])
        #expect(lines.dropFirst().filter { !$0.isEmpty }.count == rows.count)
        // Every number in the CSV is the JSON's.
        for (line, row) in zip(lines.dropFirst(), rows) {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(cells[0] == row["group"] as? String)
            for (name, cell) in zip(header, cells).dropFirst(4) {
                let json = (row[name] as? NSNumber)?.doubleValue
                #expect(
                    Double(cell) == json || abs((Double(cell) ?? .nan) - (json ?? .nan)) <= 1e-11 * abs(json ?? 0),
                    "\(name) \(cell)")
            }
        }
        let fleet = try cli.ok(["report", "kpi"] + span)
        #expect(fleet.contains("Avail") && fleet.contains("MDBF km") && fleet.contains("2026-01-01..2026-07-01"))
    }

    /// The workbook, unzipped and its sheet's XML read back, holds typed cells equal to the JSON.
    @Test func aWorkbookHoldsTypedCellsEqualToTheJSON() throws {
        let cli = try CLIProcess()
        defer { cli.remove() }
        try Self.demo(cli)
        let scope = ["--db", cli.database, "--by", "vehicle", "--at", "2026-06-30"]
        let rows = try #require(try cli.json(["report", "kpi"] + scope) as? [[String: Any]])
        let book = cli.folder.appendingPathComponent("fleet.xlsx").path
        let wrote = try cli.ok(["report", "kpi", "--format", "xlsx", "--out", book] + scope)
        #expect(wrote.contains("wrote 12 rows to"))
        func unzip(_ member: String) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
            process.arguments = ["-p", book, member]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        let strings = try Self.matches(#"<si><t[^>]*>([^<]*)</t></si>"#, in: unzip("xl/sharedStrings.xml"))
        let sheet = try unzip("xl/worksheets/sheet1.xml")
        #expect(sheet.contains(#"<pane ySplit="1""#) && sheet.contains("state=\"frozen\""), "the header is frozen")
        #expect(sheet.contains("<cols>"), "columns have widths")
        #expect(try unzip("xl/styles.xml").contains("<b/>"), "the header is bold")
        #expect(try unzip("xl/worksheets/sheet2.xml").contains("<v>"), "a sheet of definitions")
        // Cells by reference: text cells point into the shared strings, numbers are numbers.
        var cells: [String: (type: String?, value: String)] = [:]
        for m in Self.groups(#"<c r="([A-Z]+[0-9]+)"([^>]*)><v>([^<]*)</v></c>"#, in: sheet) {
            let type = Self.groups(#" t="([a-z]+)""#, in: m[1]).first?.first
            cells[m[0]] = (type, m[2])
        }
        let header = (0..<40).compactMap { c -> String? in
            guard let cell = cells[Self.column(c) + "1"], cell.type == "s", let i = Int(cell.value) else { return nil }
            return strings[i]
        }
        #expect(Array(header.prefix(4)) == ["group", "from", "to", "period"] && header.contains("availability"))
        for (r, row) in rows.enumerated() {
            let line = r + 2
            let group = try #require(cells["A\(line)"])
            #expect(group.type == "s" && strings[Int(group.value) ?? -1] == row["group"] as? String)
            // The from column is a date: Excel's serial day, typed as a number.
            let from = try #require(cells["B\(line)"])
            let fromJSON = try #require(ISO8601DateFormatter().date(from: row["from"] as? String ?? ""))
            let serial = fromJSON.timeIntervalSince1970 / 86_400 + 25_569
            #expect(from.type == nil && abs((Double(from.value) ?? 0) - serial) < 1e-6, "\(from) \(serial)")
            for (c, name) in header.enumerated().dropFirst(4) {
                let cell = cells[Self.column(c) + "\(line)"]
                if let json = (row[name] as? NSNumber)?.doubleValue {
                    let value = try #require(cell.flatMap { Double($0.value) }, "\(name) row \(line)")
                    #expect(cell?.type == nil, "\(name) is a number cell")
                    #expect(abs(value - json) <= 1e-9 * max(1, abs(json)), "\(name) row \(line): \(value) \(json)")
                } else {
                    #expect(cell == nil, "\(name) row \(line) is empty where the JSON has null")
                }
            }
        }
        // A workbook needs a file; one that cannot be written is named.
        let refused = try cli.run(["report", "kpi", "--format", "xlsx"] + scope)
        #expect(refused.status != 0 && refused.stderr.contains("give --out"))
        let nowhere = try cli.run(["report", "kpi", "--format", "xlsx", "--out", "/nonexistent/x.xlsx"] + scope)
        #expect(nowhere.status != 0 && nowhere.stderr.contains("/nonexistent/x.xlsx"), "\(nowhere.stderr)")
    }

    static func column(_ i: Int) -> String {
        i < 26 ? String(UnicodeScalar(65 + i).map(Character.init) ?? "A") : column(i / 26 - 1) + column(i % 26)
    }

    static func groups(_ pattern: String, in text: String) -> [[String]] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { m in
            (1..<m.numberOfRanges).map { k in Range(m.range(at: k), in: text).map { String(text[$0]) } ?? "" }
        }
    }

    static func matches(_ pattern: String, in text: String) -> [String] { groups(pattern, in: text).map { $0[0] } }

    @Test func trendsComparisonsAndForecastsArePrinted() throws {
        let cli = try CLIProcess()
        defer { cli.remove() }
        try Self.demo(cli)
        let scope = ["--db", cli.database, "--at", "2026-06-30T23:59:59Z"]
        let trends = try #require(
            try cli.json(["report", "trends", "--by", "class", "--kpi", "failures,availability"] + scope)
                as? [[String: Any]])
        #expect(trends.count == 8)
        for t in trends {
            #expect(["improving", "declining", "stable"].contains(t["direction"] as? String))
            #expect(t["months"] as? Int == 11, "the complete months since the fleet's first: July to May")
        }
        let table = try cli.ok(["report", "trends"] + scope)
        #expect(table.contains("TREND") && (table.contains("▲") || table.contains("▼") || table.contains("►")))
        let compared = try #require(
            try cli.json(["report", "compare", "--by", "depot", "--kpi", "mdbfKm"] + scope) as? [[String: Any]])
        #expect(compared.count >= 2)
        // Ranked best first; a depot without failures has no MDBF and no rank.
        let ranks = compared.compactMap { $0["rank"] as? Int }.sorted()
        #expect(ranks.first == 1 && ranks.allSatisfy { $0 <= ranks.count })
        #expect(compared.filter { $0["value"] is NSNull }.allSatisfy { $0["rank"] is NSNull })
        let short = try cli.run(["report", "forecast"] + scope)
        #expect(short.status != 0 && short.stderr.contains("fewer than 13 complete months"), "\(short.stderr)")
        let wrong = try cli.run(["report", "forecast", "--kpi", "availability"] + scope)
        #expect(wrong.status != 0 && wrong.stderr.contains("availability is not forecast"), "\(wrong.stderr)")
    }

    @Test func costsAndFailuresAreForecastWithTheirBands() throws {
        let cli = try CLIProcess()
        defer { cli.remove() }
        _ = try cli.ok(
            "demo", "--db", cli.database, "--vehicles", "12", "--years", "2", "--seed", "7", "--end", "2026-06-30",
            "--no-tui")
        let scope = ["--db", cli.database, "--at", "2026-06-30T23:59:59Z"]
        let forecast = try #require(try cli.json(["report", "forecast"] + scope) as? [[String: Any]])
        #expect(forecast.compactMap { $0["months"] as? Int } == [3, 6, 12, 3, 6, 12])
        for f in forecast {
            let (v, l80, u80, l95, u95) = (
                f["value"] as? Double ?? -1, f["lower80"] as? Double ?? -1, f["upper80"] as? Double ?? -1,
                f["lower95"] as? Double ?? -1, f["upper95"] as? Double ?? -1
            )
            #expect(l95 <= l80 && l80 <= v && v <= u80 && u80 <= u95, "\(f)")
            #expect(f["from"] as? String == "2026-06-01T00:00:00Z", "from the month the look falls in")
        }
        let table = try cli.ok(["report", "forecast", "--by", "class"] + scope)
        #expect(table.contains("Class 425") && table.contains("FORECAST"))
    }

    @Test func aFigureDrillsDownToItsEvents() throws {
        let cli = try CLIProcess()
        defer { cli.remove() }
        try Self.demo(cli)
        let shown = try #require(
            try cli.json(
                "report", "explain", "failures", "--db", cli.database, "--by", "fleet", "--period", "2026-03",
                "--at", "2026-06-30") as? [String: Any])
        let evidence = try #require(shown["evidence"] as? [[String: Any]])
        #expect(shown["value"] as? Int == evidence.count && !evidence.isEmpty)
        let event = try #require((evidence.first?["events"] as? [String])?.first)
        // report kpi --explain: each row's drill-down, the same contributions.
        let all = try #require(
            try cli.json(
                "report", "kpi", "--explain", "failures", "--by", "class", "--period", "month", "--from", "2026-03-01",
                "--to", "2026-04-01", "--db", cli.database, "--at", "2026-06-30") as? [[String: Any]])
        #expect(all.count == 4)
        #expect(all.compactMap { $0["value"] as? Int }.reduce(0, +) == evidence.count)
        let opened = try #require(try cli.json("events", "--id", event, "--db", cli.database) as? [[String: Any]])
        #expect(opened.count == 1 && opened.first?["type"] as? String == "DefectReported", "\(opened)")
    }

    @Test func badInputIsRefusedWithWhatIsWrong() throws {
        let cli = try CLIProcess()
        defer { cli.remove() }
        try Self.demo(cli)
        let db = ["--db", cli.database]
        for (arguments, message) in [
            (["report", "kpi", "--by", "colour"], "--by colour is not a grouping"),
            (["report", "kpi", "--period", "fortnight"], "--period fortnight is not day, week or month"),
            (["report", "kpi", "--from", "2026-02-30"], "--from"),
            (["report", "kpi", "--from", "2026-03-01", "--to", "2026-02-01"], "is not before --to"),
            (["report", "kpi", "--format", "pdf"], "--format pdf is not table, json, csv or xlsx"),
            (["report", "kpi", "--kpi", "happiness"], "happiness is not a figure"),
            (["report", "kpi", "--at", "yesterday"], "--at"),
            (["report", "explain", "mdbf"], "mdbf is not a figure"),
            (
                ["report", "explain", "mdbfKm", "--by", "class", "--group", "Class\u{1B}[2J"],
                "no class named Class\\u{1B}"
            ),
            (["report", "explain", "mdbfKm", "--by", "class"], "--group is needed"),
            (["report", "explain", "mdbfKm", "--period", "2026-W60"], "--period 2026-W60 is not a period"),
            (["report", "explain", "daysOfCover", "--by", "vehicle", "--group", "x"], "does not apply"),
            (["report", "explain", "failures", "--period", "2031-01"], "after what the log holds"),
            (["report", "kpi", "--from", "0001-01-01", "--period", "day"], "at most 10000"),
        ] {
            let result = try cli.run(arguments + db)
            #expect(result.status != 0 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("\u{1B}"), "no control character reaches the terminal")
        }
    }
}
