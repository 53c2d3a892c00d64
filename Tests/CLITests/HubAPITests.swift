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
        guard let url = URL(string: hub.url + path) else { throw CLIProcess.Failure("bad path \(path)") }
        var request = URLRequest(url: url)
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

    /// A demo office that founded its fleet, and a hub enrolled in it holding its history.
    func makeHub(years: Int = 1) throws -> (office: CLIProcess, hubFolder: CLIProcess, hub: HubProcess) {
        let office = try CLIProcess()
        _ = try office.ok(
            [
                "demo", "--db", office.database, "--vehicles", "12", "--years", "\(years)", "--seed", "7", "--end",
                "2026-06-30",
                "--no-tui",
            ], user: "admin")
        let line = try office.ok(["device", "list"], user: "admin").split(separator: "\n").first ?? ""
        let fleet = String(line.split(separator: " ")[1].prefix(16))
        let hubFolder = try CLIProcess()
        try hubFolder.ok("init", "--device", "hub", "--join", "--fleet", fleet)
        let request = try hubFolder.ok("device", "request").trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try office.ok(["device", "enroll", request], user: "admin")
        let file = office.folder.appendingPathComponent("to-hub.rfb").path
        _ = try office.ok(["sync", "export", "--out", file], user: "admin")
        try hubFolder.ok("sync", "import", file)
        let hub = try HubProcess(database: hubFolder.database, binary: CLIProcess.binary)
        return (office, hubFolder, hub)
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
