import Foundation
import Testing

/// `railfleet ml evaluate-csv` on an analyst's own file, through the real binary.
@Suite struct MLCLITests {
    /// 400 rows whose outcome is 1 when `load` is high on a `hot` day, shuffled in the file and
    /// ordered by their `day` column; ids and a column that leaks the target to exclude.
    static func csv() -> String {
        var lines = ["id,day,site,load,leak,failed"]
        var state: UInt64 = 7
        for i in 0..<400 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let load = Double(state >> 40 % 1000) / 10
            let site = ["hot", "cold", "\"mild, dry\""][Int(state >> 20 % 3)]
            let failed = load > 60 && site == "hot" ? 1 : 0
            let day = String(format: "2026-%02d-%02d", 1 + (i * 7919 % 400) / 31 % 12, 1 + (i * 7919 % 400) % 28)
            lines.append("R\(i),\(day),\(site),\(load),\(failed),\(failed)")
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    @Test func aCSVIsFittedScoredAndItsTestRowsWritten() throws {
        let cli = try CLIProcess()
        defer { cli.remove() }
        let file = cli.folder.appendingPathComponent("mine.csv").path
        try Self.csv().write(toFile: file, atomically: true, encoding: .utf8)
        let out = cli.folder.appendingPathComponent("predictions.csv").path
        let shown = try #require(
            try cli.json(
                "ml", "evaluate-csv", file, "--target", "failed", "--exclude", "id, leak", "--time-column", "day",
                "--test-fraction", "0.25", "--predictions-out", out) as? [String: Any])
        #expect(shown["trainingRows"] as? Int == 300 && shown["testRows"] as? Int == 100)
        let models = try #require(shown["models"] as? [[String: Any]])
        #expect(models.compactMap { $0["model"] as? String } == ["logistic-regression", "boosted-trees"])
        for model in models {
            let metrics = try #require(model["metrics"] as? [String: Any])
            for key in ["accuracy", "precision", "recall", "f1", "rocAUC", "prAUC", "brier"] {
                #expect(metrics[key] is Double, "\(key) is printed")
            }
        }
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "row,target,probability" && lines.count == 101)
        // The test rows are the last quarter by day, named by their place in the file.
        let rows = lines.dropFirst().map { Int($0.split(separator: ",")[0])! }
        let days = Self.csv().split(separator: "\r\n").dropFirst().map { String($0.split(separator: ",")[1]) }
        let lastDays = days.indices.sorted { (days[$0], $0) < (days[$1], $1) }.suffix(100)
        #expect(rows == Array(lastDays))
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",")
            let p = try #require(Double(fields[2]))
            #expect(["0", "1"].contains(fields[1]) && p >= 0 && p <= 1)
        }
    }

    @Test func badInputIsRefusedWithWhatIsWrong() throws {
        let cli = try CLIProcess()
        defer { cli.remove() }
        let file = cli.folder.appendingPathComponent("bad.csv").path
        try "a,b,t\n1,2,0\n3,4\n".write(toFile: file, atomically: true, encoding: .utf8)
        for (arguments, message) in [
            (["ml", "evaluate-csv", file, "--target", "t"], "line 3 has 2 fields; the header has 3"),
            (["ml", "evaluate-csv", "/nonexistent.csv", "--target", "t"], "cannot read /nonexistent.csv"),
            (["ml", "evaluate-csv", file, "--target", "t", "--test-fraction", "1.5"], "--test-fraction must lie"),
        ] {
            let result = try cli.run(arguments)
            #expect(result.status != 0 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        try "x,t\n1,0\n2,0\n3,0\n4,1\n".write(toFile: file, atomically: true, encoding: .utf8)
        let oneClass = try cli.run(["ml", "evaluate-csv", file, "--target", "t", "--test-fraction", "0.25"])
        #expect(oneClass.status != 0 && oneClass.stderr.contains("only 0s"), "\(oneClass.stderr)")
        try "x,t\n1,0\n2,yes\n".write(toFile: file, atomically: true, encoding: .utf8)
        let notBinary = try cli.run(["ml", "evaluate-csv", file, "--target", "t"])
        #expect(notBinary.stderr.contains("must be 0 or 1, got 'yes'"), "\(notBinary.stderr)")
    }

    @Test func seriesAreForecastWithIntervalsAndScoredOnAHoldout() throws {
        let cli = try CLIProcess()
        defer { cli.remove() }
        let file = cli.folder.appendingPathComponent("series.csv").path
        let pattern = [5, 7, 9, 14, 20, 26, 30, 28, 21, 15, 9, 6]
        var lines = ["series,period,value"]
        for year in 2021...2024 {
            for month in 1...12 {
                lines.append("seasonal,\(year)-\(month < 10 ? "0" : "")\(month),\(pattern[month - 1])")
            }
        }
        // An intermittent part whose empty months are not written down.
        lines += [
            "\"rare, part\",2023-01,2", "\"rare, part\",2023-05,3", "\"rare, part\",2024-02,1",
            "\"rare, part\",2024-06,2",
        ]
        try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let shown = try #require(
            try cli.json("ml", "forecast-csv", file, "--horizon", "3", "--holdout", "4") as? [String: Any])
        let series = try #require(shown["series"] as? [[String: Any]])
        #expect(series.compactMap { $0["id"] as? String } == ["seasonal", "rare, part"])
        let seasonal = try #require(series[0]["forecast"] as? [[String: Any]])
        #expect(seasonal.compactMap { $0["period"] as? String } == ["2025-01", "2025-02", "2025-03"])
        #expect(seasonal.compactMap { $0["value"] as? Double } == [5, 7, 9], "a pure season is forecast exactly")
        let rare = try #require(series[1]["forecast"] as? [[String: Any]])
        #expect(rare.first?["period"] as? String == "2024-07", "after the series' own last month")
        for point in rare {
            let (v, l80, u80, l95, u95) = (
                point["value"] as? Double ?? -1, point["lower80"] as? Double ?? -1, point["upper80"] as? Double ?? -1,
                point["lower95"] as? Double ?? -1, point["upper95"] as? Double ?? -1
            )
            #expect(l95 >= 0 && l95 <= l80 && l80 <= v && v <= u80 && u80 <= u95, "\(point)")
        }
        let holdout = try #require(series[0]["holdout"] as? [String: [String: Double]])
        // MASE is undefined where the seasonal naive forecast of the training months is perfect.
        #expect(holdout["seasonal-naive"]?["smape"] == 0 && holdout["seasonal-naive"]?["mase"] == nil)
        #expect((shown["overall"] as? [String: Any])?["chosen"] != nil)

        try "series,period,value\na,2024-13,1\n".write(toFile: file, atomically: true, encoding: .utf8)
        let bad = try cli.run(["ml", "forecast-csv", file, "--horizon", "2"])
        #expect(
            bad.status != 0 && bad.stderr.contains("line 2: the period must be YYYY-MM, got '2024-13'"), "\(bad.stderr)"
        )
        try "series,period,value\na,2024-01,1\na,2024-01,2\n".write(toFile: file, atomically: true, encoding: .utf8)
        let twice = try cli.run(["ml", "forecast-csv", file, "--horizon", "2"])
        #expect(twice.stderr.contains("series 'a' has 2024-01 twice"), "\(twice.stderr)")
        let noHorizon = try cli.run(["ml", "forecast-csv", file, "--horizon", "0"])
        #expect(noHorizon.status != 0 && noHorizon.stderr.contains("--horizon must be 1–120"))
    }

    @Test func anomaliesReadTheReplicaAsOfATime() throws {
        let cli = try CLIProcess()
        defer { cli.remove() }
        try cli.ok("init", "--device", "ml-1", "--admin", "alice")
        #expect(try cli.json("ml", "anomalies") as? [Any] != nil)
        #expect(try cli.ok("ml", "anomalies").contains("No anomalies."))
        let bad = try cli.run(["ml", "anomalies", "--at", "yesterday"])
        #expect(bad.status != 0 && bad.stderr.contains("--at 'yesterday' is not a UTC time"), "\(bad.stderr)")
    }

    /// On a small demo: a vehicle's risk with its reasons, and its next exam within the plan.
    @Test func aVehiclesRiskAndNextExamArePredictedAsOfATime() throws {
        let cli = try CLIProcess()
        defer { cli.remove() }
        try cli.ok("demo", "--db", cli.database, "--vehicles", "8", "--years", "2", "--end", "2026-06-30", "--no-tui")
        let vehicles = try #require(try cli.json("vehicle", "list") as? [[String: Any]])
        let number = try #require(vehicles.first?["fleetNumber"] as? String)
        let risk = try #require(
            try cli.json("ml", "predict", "failure", "--vehicle", number, "--at", "2026-06-01") as? [String: Any])
        let horizons = try #require(risk["horizons"] as? [[String: Any]])
        #expect(horizons.compactMap { $0["days"] as? Int } == [30, 60, 90])
        for h in horizons {
            let p = try #require(h["probability"] as? Double)
            #expect(p > 0 && p < 1 && (h["reasons"] as? [Any])?.isEmpty == false)
        }
        let exam = try #require(
            try cli.json("ml", "predict", "exam", "--vehicle", number, "--at", "2026-06-01") as? [String: Any])
        let (day, limit) = (try #require(exam["day"] as? Int), try #require(exam["limitDay"] as? Int))
        #expect(day >= 20_605 && day <= limit, "on or after 2026-06-01, within the plan: \(exam)")
        let unknown = try cli.run(["ml", "predict", "exam", "--vehicle", "NOPE"])
        #expect(unknown.status != 0 && unknown.stderr.contains("no vehicle 'NOPE'"))
        let early = try cli.run(["ml", "predict", "failure", "--vehicle", number, "--at", "2020-01-01"])
        #expect(early.status != 0 && early.stderr.contains("was not registered by then"), "\(early.stderr)")
    }

    /// The registry from the command line: train, list, promote (an event, by a planner
    /// only), predict with the production model, forecast parts; bad input changes nothing.
    @Test func modelsAreTrainedListedPromotedAndUsed() throws {
        let cli = try CLIProcess()
        defer { cli.remove() }
        try cli.ok("demo", "--db", cli.database, "--vehicles", "8", "--years", "2", "--end", "2026-06-30", "--no-tui")
        let trained = try #require(
            try cli.json("--user", "piet", "ml", "train", "--model", "failure", "--at", "2026-06-30") as? [String: Any])
        let version = try #require(trained["version"] as? String)
        #expect(trained["stage"] as? String == "candidate" && version.count == 12)
        let metrics = try #require(trained["metrics"] as? [String: Double])
        #expect(metrics["rocAUC30"] != nil && metrics["nobody-fails.rocAUC30"] != nil, "\(metrics)")

        let technician = try cli.run(["--user", "tomas", "ml", "promote", "failure", version])
        #expect(technician.status != 0 && technician.stderr.contains("may not promote models"), "\(technician.stderr)")
        let unknown = try cli.run(["--user", "piet", "ml", "promote", "failure", "0000"])
        #expect(unknown.status != 0 && unknown.stderr.contains("no failure model 0000"), "\(unknown.stderr)")
        let weather = try cli.run(["ml", "train", "--model", "weather"])
        #expect(weather.status != 0 && weather.stderr.contains("--model must be one of failure, parts, anomaly"))
        #expect((try cli.json("events", "--type", "ModelPromoted") as? [Any])?.isEmpty == true)

        try cli.ok("--user", "piet", "ml", "promote", "failure", String(version.prefix(6)), "--note", "weekly")
        let again = try cli.run(["--user", "piet", "ml", "promote", "failure", version])
        #expect(again.status != 0 && again.stderr.contains("already in production"))
        let models = try #require(try cli.json("ml", "models") as? [[String: Any]])
        #expect(models.map { $0["stage"] as? String } == ["production"])
        let promotions = try #require(try cli.json("events", "--type", "ModelPromoted") as? [[String: Any]])
        #expect(promotions.count == 1 && promotions.first?["user"] as? String == "piet", "\(promotions)")

        let vehicles = try #require(try cli.json("vehicle", "list") as? [[String: Any]])
        let number = try #require(vehicles.first?["fleetNumber"] as? String)
        let risk = try #require(try cli.json("ml", "predict", "failure", "--vehicle", number) as? [String: Any])
        #expect(risk["model"] as? String == version && (risk["horizons"] as? [Any])?.count == 3)

        let parts = try #require(try cli.json("ml", "forecast", "parts", "--months", "3") as? [String: Any])
        let series = try #require(parts["parts"] as? [[String: Any]])
        #expect(!series.isEmpty && series.allSatisfy { ($0["forecast"] as? [Any])?.count == 3 })
        #expect((parts["model"] as? String)?.hasPrefix("none in production") == true)
        let months = try cli.run(["ml", "forecast", "parts", "--months", "99"])
        #expect(months.status != 0 && months.stderr.contains("--months must be 1–36"))
    }
}
