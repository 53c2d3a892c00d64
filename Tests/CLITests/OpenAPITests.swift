import Foundation
import TestSupport
import Testing

/// Every route of the committed OpenAPI document answers as the document says: its status
/// codes, the required fields of its answers, and its errors (400, 401, 403, 404, 409, 413,
/// 429).
@Suite(.serialized) struct OpenAPITests {
    let api = HubAPITests()

    /// The schema a reference names, or the schema itself.
    func resolve(_ schema: [String: Any], in doc: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String else { return schema }
        let path = ref.dropFirst(2).split(separator: "/").map(String.init)
        var node: Any = doc
        for key in path { node = (node as? [String: Any])?[key] ?? [:] }
        return node as? [String: Any] ?? [:]
    }

    /// The fields the schema requires that `value` lacks.
    func missing(_ value: Any, _ schema: [String: Any], in doc: [String: Any]) -> [String] {
        let schema = resolve(schema, in: doc)
        if schema["type"] as? String == "array", let items = schema["items"] as? [String: Any] {
            return (value as? [Any])?.prefix(3).flatMap { missing($0, items, in: doc) } ?? ["an array"]
        }
        guard let required = schema["required"] as? [String] else { return [] }
        guard let object = value as? [String: Any] else { return ["an object"] }
        return required.filter { object[$0] == nil }
    }

    @Test func everyRouteAnswersAsTheDocumentSays() throws {
        // Two years: enough complete months to forecast.
        let (_, hubFolder) = try HubAPITests.modelFleet.get()
        let hub = try HubProcess(database: hubFolder.database, binary: CLIProcess.binary)
        defer { hub.stop() }
        func issue(_ user: String) throws -> String {
            let made = try #require(
                try hubFolder.json(["hub", "token", "create", "--db", hubFolder.database], user: user)
                    as? [String: Any])
            return try #require(made["token"] as? String)
        }
        let token = try issue("audrey")
        let planner = try issue("piet")
        let vehicle = try #require(
            (try hubFolder.json(["events", "--type", "VehicleRegistered", "--limit", "1", "--db", hubFolder.database])
                as? [[String: Any]])?.first?["aggregate"] as? String)
        let doc = try #require(
            try JSONSerialization.jsonObject(
                with: Data(
                    contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                        "../../docs/openapi.json"))) as? [String: Any])
        let paths = try #require(doc["paths"] as? [String: [String: Any]])
        // After the models' promotion, so that every model route has one to answer with.
        let at = HubAPITests.tomorrow
        let id = String(vehicle.split(separator: "/").last ?? "")
        let models = try #require(try api.get(hub, "/api/v1/ml/models", token: token).json as? [[String: Any]])
        let samples = [
            "{metric}": "failures", "{kind}": "vehicle",
            "{id}": String(vehicle.split(separator: "/").last ?? ""),
        ]
        var checked = 0
        for (template, methods) in paths.sorted(by: { $0.key < $1.key }) {
            let isPost = methods["post"] != nil
            let operation = try #require((methods["post"] ?? methods["get"]) as? [String: Any])
            let responses = try #require(operation["responses"] as? [String: Any])
            let parameters = (operation["parameters"] as? [[String: Any]]) ?? []
            let names = Set(parameters.compactMap { $0["name"] as? String })
            // A model's id is its version; anything else's is the vehicle's.
            let modelVersion = models.first?["version"] as? String ?? ""
            let path = samples.reduce(template) {
                $0.replacingOccurrences(
                    of: $1.key, with: $1.key == "{id}" && template.contains("/ml/") ? modelVersion : $1.value)
            }
            let query = names.contains("at") ? "?at=\(at)" : ""
            // A POST's body: each documented field a sample.
            let fields =
                (((operation["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"]
                as? [String: Any])?["schema"] as? [String: Any]
            let properties = Set(((fields?["properties"] as? [String: Any]) ?? [:]).keys)
            var body: [String: Any] = [:]
            if properties.contains("vehicle") { body["vehicle"] = id }
            if properties.contains("at") { body["at"] = at }
            if properties.contains("model") { body["model"] = "anomaly" }
            func ask(_ token: String?, body: [String: Any]? = nil, query: String = query) throws
                -> HubAPITests.Answer
            {
                isPost
                    ? try api.post(hub, path + query, token: token, json: body ?? [:])
                    : try api.get(hub, path + query, token: token)
            }
            let secured = !((operation["security"] as? [Any])?.isEmpty ?? true)
            // Where an auditor is refused (training), a planner is answered.
            let forbidden = responses["403"] != nil
            let answer = try ask(secured ? (forbidden ? planner : token) : nil, body: body)
            #expect(answer.status == 200, "\(path): \(answer.status) \(answer.body.prefix(200))")
            let ok = try #require(responses["200"] as? [String: Any])
            let content = (ok["content"] as? [String: Any])?["application/json"] as? [String: Any]
            if let schema = content?["schema"] as? [String: Any], let json = answer.json {
                #expect(missing(json, schema, in: doc).isEmpty, "\(path) lacks \(missing(json, schema, in: doc))")
            }
            guard secured else { continue }
            // Each documented error, provoked.
            for code in ["400", "401", "413", "429", "503"] { #expect(responses[code] != nil, "\(template) \(code)") }
            let anonymous = try ask(nil, body: body)
            #expect(anonymous.status == 401 && (anonymous.json as? [String: Any])?["error"] is String)
            if forbidden {
                #expect(try ask(token, body: body).status == 403, "\(path) for an auditor")
            }
            if names.contains("at") {
                #expect(try ask(token, query: "?at=soon").status == 400, "\(path) with a bad at")
            }
            if isPost {
                let bad = try api.send(hub, path, token: token, body: Data("{".utf8))
                #expect(bad.status == 400 && bad.body.contains("not a JSON object"), "\(path): \(bad.body)")
                let huge = try api.send(hub, path, token: token, body: Data(repeating: 0x20, count: 70_000))
                #expect(huge.status == 413, "\(path): \(huge.status)")
            }
            if responses["404"] != nil, template.contains("{") {
                let unknown = template.replacingOccurrences(
                    of: #"\{[a-z]+\}"#, with: "nothing-here", options: .regularExpression)
                #expect(try api.get(hub, unknown + query, token: token).status == 404, "\(unknown)")
            }
            // Before the promotions no model was in production.
            if responses["409"] != nil, !forbidden {
                var early = body
                early["at"] = "2026-01-01T00:00:00Z"
                let conflict = try ask(token, body: early, query: isPost ? "" : "?at=2026-01-01T00:00:00Z")
                #expect(conflict.status == 409, "\(path) before any promotion: \(conflict.status)")
            }
            checked += 1
        }
        #expect(checked >= 17)
        // 429: a hub that lets each token send one request a second, asked three times at once.
        let strict = try HubProcess(
            database: hubFolder.database, binary: CLIProcess.binary, options: ["--api-rate", "1"])
        defer { strict.stop() }
        let statuses = try (0..<4).map { _ in try api.get(strict, "/api/v1/audit/fleet", token: token) }
        let limited = try #require(statuses.first { $0.status == 429 }, "\(statuses.map(\.status))")
        #expect(Int(limited.headers["retry-after"] ?? "") ?? 0 >= 1 && limited.body.contains("too many requests"))
        // Made-up tokens share one bucket: a new one per request does not escape the limit.
        let forged = try (0..<4).map { i in
            try api.get(strict, "/api/v1/audit/fleet", token: "rft_0000000\(i)_forged")
        }
        #expect(forged.contains { $0.status == 429 }, "\(forged.map(\.status))")
    }
}
