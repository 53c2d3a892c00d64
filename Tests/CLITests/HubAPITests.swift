import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The hub's API through a real `railfleet hub serve` on loopback, over a demo fleet's
/// replica: tokens, the analytics routes against the command line's `--json`, and refusals.
@Suite(.serialized) struct HubAPITests {
    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: String
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) }
    }

    /// A GET with an optional bearer token.
    func get(_ hub: HubProcess, _ path: String, token: String?) throws -> Answer {
        try send(hub, path, token: token)
    }

    /// A POST of a JSON body with an optional bearer token.
    func post(_ hub: HubProcess, _ path: String, token: String?, json: [String: Any]) throws -> Answer {
        try send(hub, path, token: token, body: try JSONSerialization.data(withJSONObject: json))
    }

    /// A request (a POST when it has a body) with an optional bearer token.
    func send(_ hub: HubProcess, _ path: String, token: String?, body: Data? = nil) throws -> Answer {
        guard let url = URL(string: hub.url + path) else { throw CLIProcess.Failure("bad path \(path)") }
        var request = URLRequest(url: url)
        request.timeoutInterval = 300
        if let body {
            request.httpMethod = "POST"
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let box = AnswerBox()
        let done = DispatchSemaphore(value: 0)
        URLSession(configuration: .ephemeral).dataTask(with: request) { data, response, _ in
            let http = response as? HTTPURLResponse
            box.answer = Answer(
                status: http?.statusCode ?? 0,
                headers: (http?.allHeaderFields ?? [:]).reduce(into: [:]) {
                    $0["\($1.key)".lowercased()] = "\($1.value)"
                },
                body: data.map { String(decoding: $0, as: UTF8.self) } ?? "")
            done.signal()
        }.resume()
        done.wait()
        guard let answer = box.answer else { throw CLIProcess.Failure("no answer from \(url)") }
        return answer
    }

    /// `railfleet_hub_predictions_total` in the hub's `/metrics`, by how the answer was given.
    func predictionsCounted(_ hub: HubProcess) throws -> [String: Int] {
        let samples = PrometheusText.samples(try get(hub, "/metrics", token: nil).body)
        return Dictionary(
            uniqueKeysWithValues: ["made", "remembered", "joined"].map {
                ($0, Int(samples["railfleet_hub_predictions_total{answer=\"\($0)\"}"] ?? 0))
            })
    }

    /// A UTC time a day from now: after any promotion a test makes.
    static var tomorrow: String { ahead(86_400) }

    /// A UTC time `seconds` from now.
    static func ahead(_ seconds: TimeInterval) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date().addingTimeInterval(seconds))
    }

    /// A demo office that founded its fleet, and a hub enrolled in it holding its history.
    func makeHub(years: Int = 1) throws -> (office: CLIProcess, hubFolder: CLIProcess, hub: HubProcess) {
        let (office, hubFolder) = try makeFleet(years: years)
        return (office, hubFolder, try HubProcess(database: hubFolder.database, binary: CLIProcess.binary))
    }

    /// Two years of a demo fleet whose planner trained and promoted a model of each kind, and
    /// the hub's replica of it: made once for the tests that need models. Each test starts its
    /// own hub on the replica, and leaves the folders for the system's temporary folder.
    static let modelFleet = Result {
        try HubAPITests().makeFleet(years: 2, models: true)
    }

    /// A demo office that founded its fleet, and a hub's replica enrolled in it holding its
    /// history; with `models`, the office's planner trained and promoted a model of each kind first.
    func makeFleet(years: Int, models: Bool = false) throws -> (office: CLIProcess, hubFolder: CLIProcess) {
        let office = try CLIProcess()
        _ = try office.ok(
            [
                "demo", "--db", office.database, "--vehicles", "12", "--years", "\(years)", "--seed", "7", "--end",
                "2026-06-30",
                "--no-tui",
            ], user: "admin")
        for kind in models ? ["failure", "parts", "anomaly"] : [] {
            // Trained on its first year, looking every four weeks: seconds, where the whole
            // history and its backtest take minutes in a debug build under a loaded machine.
            let faster = kind == "failure" ? ["--step-days", "28", "--at", "2025-07-01T00:00:00Z"] : []
            let trained = try #require(
                try office.json(["ml", "train", "--model", kind] + faster, user: "piet") as? [String: Any])
            let version = try #require(trained["version"] as? String)
            _ = try office.ok(["ml", "promote", kind, version], user: "piet")
        }
        let line = try office.ok(["device", "list"], user: "admin").split(separator: "\n").first ?? ""
        let fleet = String(line.split(separator: " ")[1].prefix(16))
        let hubFolder = try CLIProcess()
        try hubFolder.ok("init", "--device", "hub", "--join", "--fleet", fleet)
        let request = try hubFolder.ok("device", "request").trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try office.ok(["device", "enroll", request], user: "admin")
        let file = office.folder.appendingPathComponent("to-hub.rfb").path
        _ = try office.ok(["sync", "export", "--out", file], user: "admin")
        try hubFolder.ok("sync", "import", file)
        return (office, hubFolder)
    }

    @Test func theAnalyticsRoutesAnswerWhatTheCommandLinePrints() throws {
        let (office, hubFolder, hub) = try makeHub()
        defer {
            hub.stop()
            office.remove()
            hubFolder.remove()
        }
        let made = try #require(
            try hubFolder.json(["hub", "token", "create", "--db", hubFolder.database], user: "piet") as? [String: Any])
        let token = try #require(made["token"] as? String)
        #expect(token.hasPrefix("rft_"))
        let at = "2026-06-30T23:59:59Z"
        let pairs: [(path: String, cli: [String])] = [
            (
                "/api/v1/analytics/kpi?by=class&period=month&at=\(at)",
                ["report", "kpi", "--by", "class", "--period", "month"]
            ),
            ("/api/v1/analytics/trends/fleet?at=\(at)", ["report", "trends", "--by", "fleet"]),
            (
                "/api/v1/analytics/benchmark/workshops?at=\(at)&from=2026-01-01",
                ["report", "compare", "--by", "workshop", "--from", "2026-01-01"]
            ),
            (
                "/api/v1/analytics/drilldown/failures?by=class&group=Class%20425&period=2026-03&at=\(at)",
                ["report", "explain", "failures", "--by", "class", "--group", "Class 425", "--period", "2026-03"]
            ),
        ]
        // The audit routes: a vehicle of the fleet by its id (a hub keeps no fleet-number index).
        let vehicle = try #require(
            ((try hubFolder.json(["events", "--type", "VehicleRegistered", "--limit", "1", "--db", hubFolder.database])
                as? [[String: Any]])?.first?["aggregate"] as? String)?.split(separator: "/").last.map(String.init))
        let audits: [(path: String, cli: [String])] = [
            ("/api/v1/audit/trail/vehicle/\(vehicle)", ["audit", "trail", "vehicle", vehicle]),
            ("/api/v1/audit/state/\(vehicle)?at=2026-03-01T00:00:00Z", ["audit", "state", vehicle]),
            ("/api/v1/audit/fleet?at=2026-03-01T00:00:00Z", ["audit", "fleet"]),
            ("/api/v1/audit/verify", ["audit", "verify", "--full"]),
        ]
        for (path, arguments) in audits {
            let answer = try get(hub, path, token: token)
            #expect(answer.status == 200, "\(path): \(answer.body.prefix(300))")
            let at = path.contains("at=") ? ["--at", "2026-03-01T00:00:00Z"] : []
            // The same bytes (JSON parsed on Linux tells `false` from 0 in its own way).
            let printed = try hubFolder.ok(arguments + at + ["--db", hubFolder.database, "--json"])
            #expect(
                answer.body.trimmingCharacters(in: .whitespacesAndNewlines)
                    == printed.trimmingCharacters(in: .whitespacesAndNewlines), "\(path) differs from \(arguments)")
        }
        for (path, arguments) in pairs {
            let answer = try get(hub, path, token: token)
            #expect(answer.status == 200, "\(path): \(answer.body)")
            #expect(answer.headers["x-request-id"]?.count == 8)
            let printed = try hubFolder.ok(arguments + ["--db", hubFolder.database, "--at", at, "--json"])
            #expect(
                answer.body.trimmingCharacters(in: .whitespacesAndNewlines)
                    == printed.trimmingCharacters(in: .whitespacesAndNewlines), "\(path) differs from \(arguments)")
        }
        // The document served is the one in the repository.
        let served = try get(hub, "/openapi.json", token: nil)
        let committed = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                "../../docs/openapi.json"), encoding: .utf8)
        #expect(served.status == 200 && served.body + "\n" == committed)
        // The API's requests are counted.
        #expect(try hub.get("/metrics").contains("railfleet_hub_api_requests_total{route=\"/api/v1/analytics/kpi\""))
    }

    @Test func theModelRoutesAnswerWhatTheCommandLinePrints() throws {
        let (_, hubFolder) = try Self.modelFleet.get()
        let hub = try HubProcess(database: hubFolder.database, binary: CLIProcess.binary)
        defer { hub.stop() }
        func token(_ user: String) throws -> String {
            let made = try #require(
                try hubFolder.json(["hub", "token", "create", "--db", hubFolder.database], user: user)
                    as? [String: Any])
            return try #require(made["token"] as? String)
        }
        let planner = try token("piet")
        let auditor = try token("audrey")
        // Not the document's test's `tomorrow`: it runs beside this one on the same replica,
        // and its predictions of the same vehicle then would be counted in this one's log.
        let at = Self.ahead(90_000)
        let vehicle = try #require(
            ((try hubFolder.json(["events", "--type", "VehicleRegistered", "--limit", "1", "--db", hubFolder.database])
                as? [[String: Any]])?.first?["aggregate"] as? String)?.split(separator: "/").last.map(String.init))
        func same(_ answer: Answer, _ arguments: [String]) throws {
            #expect(answer.status == 200, "\(arguments): \(answer.body.prefix(300))")
            let printed = try hubFolder.ok(arguments + ["--db", hubFolder.database, "--json"], user: "piet")
            #expect(
                answer.body.trimmingCharacters(in: .whitespacesAndNewlines)
                    == printed.trimmingCharacters(in: .whitespacesAndNewlines), "\(arguments) differs")
        }
        // Predictions by the promoted models, which the hub trained again from their records.
        let predicted = try post(
            hub, "/api/v1/ml/predict/failure", token: auditor, json: ["vehicle": vehicle, "at": at])
        try same(predicted, ["ml", "predict", "failure", "--vehicle", vehicle, "--at", at])
        // Asked again by another user: the same answer (remembered for the snapshot), logged for
        // each who asked (checked once the hub has stopped and written its last batch).
        let again = try post(hub, "/api/v1/ml/predict/failure", token: planner, json: ["vehicle": vehicle, "at": at])
        #expect(again.status == 200 && again.body == predicted.body)
        let counted = try predictionsCounted(hub)
        #expect(counted["made"] == 1 && counted["remembered"] == 1 && counted["joined", default: 0] == 0, "\(counted)")
        try same(
            try post(hub, "/api/v1/ml/predict/maintenance", token: auditor, json: ["vehicle": vehicle, "at": at]),
            ["ml", "predict", "exam", "--vehicle", vehicle, "--at", at])
        try same(
            try get(hub, "/api/v1/ml/forecast/parts?months=3&at=\(at)", token: auditor),
            ["ml", "forecast", "parts", "--months", "3", "--at", at])
        try same(
            try post(hub, "/api/v1/ml/detect/anomaly", token: auditor, json: ["at": at]),
            ["ml", "anomalies", "--at", at])
        // (The document's test trains anomaly models on the same replica meanwhile.)
        try same(try get(hub, "/api/v1/ml/models?model=failure", token: auditor), ["ml", "models", "failure"])
        // The prediction went to the hub's log, made by the token's user.
        let logged = try CLIProcess.sqlite(hubFolder.database, "SELECT made_by, subject FROM ml_predictions")
        #expect(logged.contains("audrey|\(vehicle)"), "\(logged)")
        // One model by the start of its version.
        let models = try #require(
            try get(hub, "/api/v1/ml/models?model=parts", token: auditor).json as? [[String: Any]])
        let version = try #require(models.first?["version"] as? String)
        let one = try get(hub, "/api/v1/ml/models/\(version.prefix(6))", token: auditor)
        #expect(one.status == 200 && (one.json as? [String: Any])?["version"] as? String == version)
        #expect(try get(hub, "/api/v1/ml/models/ffffffffffff", token: auditor).status == 404)
        #expect(try get(hub, "/api/v1/ml/models?model=weather", token: auditor).status == 400)
        // Before any promotion there is no model to answer with: the hub does not train per request.
        let early = try post(
            hub, "/api/v1/ml/predict/failure", token: auditor, json: ["vehicle": vehicle, "at": "2026-01-01T00:00:00Z"])
        #expect(early.status == 409 && early.body.contains("no failure model is in production"), "\(early.body)")
        // Bad bodies are named; unknown vehicles are not found.
        let wrongType = try post(hub, "/api/v1/ml/predict/failure", token: auditor, json: ["vehicle": 7])
        #expect(wrongType.status == 400 && wrongType.body.contains("vehicle has the wrong type"), "\(wrongType.body)")
        let noVehicle = try post(hub, "/api/v1/ml/predict/failure", token: auditor, json: [:])
        #expect(noVehicle.status == 400 && noVehicle.body.contains("needs \\\"vehicle\\\""), "\(noVehicle.body)")
        let unknown = try post(
            hub, "/api/v1/ml/predict/failure", token: auditor, json: ["vehicle": "nobody\u{1b}[2J", "at": at])
        #expect(unknown.status == 404 && !unknown.body.contains("\u{1b}"), "\(unknown.body)")
        let huge = try send(
            hub, "/api/v1/ml/predict/failure", token: auditor, body: Data(repeating: 0x20, count: 70_000))
        #expect(huge.status == 413, "\(huge.status)")
        // Training: an auditor may not; a planner may, and the candidate is in the hub's registry.
        let refused = try post(hub, "/api/v1/ml/train", token: auditor, json: ["model": "anomaly"])
        #expect(refused.status == 403 && refused.body.contains("may not train"), "\(refused.body)")
        let trained = try post(hub, "/api/v1/ml/train", token: planner, json: ["model": "anomaly", "at": at])
        let candidate = try #require(trained.json as? [String: Any], "\(trained.body)")
        #expect(trained.status == 200 && candidate["stage"] as? String == "candidate")
        #expect(candidate["trainedBy"] as? String == "piet")
        let listed = try hubFolder.ok(["ml", "models", "anomaly", "--db", hubFolder.database])
        #expect(listed.contains(candidate["version"] as? String ?? "?") && listed.contains("candidate"))
        let badOption = try post(hub, "/api/v1/ml/train", token: planner, json: ["model": "parts", "leaves": 4])
        #expect(badOption.status == 400 && badOption.body.contains("for the failure model"))
        // A hub whose answers may take a second at most says so when training takes longer.
        let hasty = try HubProcess(
            database: hubFolder.database, binary: CLIProcess.binary, options: ["--api-timeout", "1"])
        let slow = try post(hasty, "/api/v1/ml/train", token: planner, json: ["model": "failure", "at": at])
        #expect(slow.status == 503 && slow.body.contains("longer than 1 s"), "\(slow.status) \(slow.body)")
        // Stopped gracefully it would finish the training first; this test has seen enough.
        kill(hasty.process.processIdentifier, SIGKILL)
        hasty.process.waitUntilExit()
        hub.stop()
        // The hub's two answers and, between them, the command line's own (run as piet).
        let asOf = try #require(ISO8601DateFormatter().date(from: at)).timeIntervalSince1970 * 1_000
        let entries = try CLIProcess.sqlite(
            hubFolder.database,
            "SELECT made_by, output FROM ml_predictions WHERE subject = '\(vehicle)' AND as_of_ms = \(Int64(asOf)) ORDER BY made_ms"
        ).split(separator: "\n").map { $0.split(separator: "|", maxSplits: 1) }
        #expect(
            entries.map { $0.first.map(String.init) } == ["audrey", "piet", "piet"],
            "\(entries)")
        #expect(Set(entries.map(\.last)).count == 1, "\(entries)")
    }

    @Test func withoutAValidTokenNothingIsAnswered() throws {
        let (office, hubFolder, hub) = try makeHub()
        defer {
            hub.stop()
            office.remove()
            hubFolder.remove()
        }
        let path = "/api/v1/analytics/kpi"
        let none = try get(hub, path, token: nil)
        #expect(none.status == 401 && none.headers["www-authenticate"] == "Bearer" && none.body.contains("API token"))
        let forged = try get(hub, path, token: "rft_00000000_AAAA")
        #expect(forged.status == 401 && forged.body.contains("not valid"))
        let made = try #require(
            try hubFolder.json(["hub", "token", "create", "--db", hubFolder.database], user: "audrey") as? [String: Any]
        )
        let token = try #require(made["token"] as? String)
        let id = try #require(made["id"] as? String)
        #expect(try get(hub, path, token: token).status == 200, "an auditor reads")
        // The secret altered by one character is refused.
        let altered = String(token.dropLast()) + (token.hasSuffix("A") ? "B" : "A")
        #expect(try get(hub, path, token: altered).status == 401)
        // Bad parameters are named; an unknown figure is not found.
        for (query, message) in [
            ("?by=colour", "by=colour is not a grouping"), ("?from=2026-02-30", "from=2026-02-30 is not a date"),
            ("?at=yesterday", "at=yesterday is not a UTC time"), ("?kpi=happiness", "happiness is not a figure"),
            ("?period=fortnight", "period=fortnight is not"),
        ] {
            let answer = try get(hub, path + query, token: token)
            #expect(answer.status == 400 && answer.body.contains(message), "\(query): \(answer.body)")
        }
        let unknown = try get(hub, "/api/v1/analytics/drilldown/happiness", token: token)
        #expect(unknown.status == 404 && unknown.body.contains("no figure named happiness"))
        let nobody = try get(hub, "/api/v1/analytics/drilldown/failures?by=class&group=Nobody", token: token)
        #expect(nobody.status == 404 && nobody.body.contains("no class named Nobody"))
        // Revoked, it is refused; the list shows it revoked and never the secret.
        _ = try hubFolder.ok(["hub", "token", "revoke", id, "--db", hubFolder.database])
        #expect(try get(hub, path, token: token).status == 401)
        let listed = try hubFolder.ok(["hub", "token", "list", "--db", hubFolder.database])
        #expect(listed.contains(id) && !listed.contains(token) && listed.contains("audrey"))
        // Only users of the fleet get tokens; an expiry must be a date.
        let stranger = try hubFolder.run(["hub", "token", "create", "--db", hubFolder.database], user: "mallory")
        #expect(stranger.status != 0 && stranger.stderr.contains("mallory"), "\(stranger.stderr)")
        let badDate = try hubFolder.run(
            ["hub", "token", "create", "--db", hubFolder.database, "--expires", "soon"], user: "piet")
        #expect(badDate.status != 0 && badDate.stderr.contains("--expires"))
        let twice = try hubFolder.run(["hub", "token", "revoke", id, "--db", hubFolder.database])
        #expect(twice.status != 0 && twice.stderr.contains("not revoked already"))
    }
}

private final class AnswerBox: @unchecked Sendable {
    var answer: HubAPITests.Answer?
}
