import Foundation
import TestSupport
import Testing

/// Every route of the committed OpenAPI document answers as the document says: its status
/// codes, the required fields of its answers, and its errors (401, 400, 404, 429).
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
        let (office, hubFolder, hub) = try api.makeHub(years: 2)
        defer {
            hub.stop()
            office.remove()
            hubFolder.remove()
        }
        let made = try #require(
            try hubFolder.json(["hub", "token", "create", "--db", hubFolder.database], user: "audrey") as? [String: Any]
        )
        let token = try #require(made["token"] as? String)
        let vehicle = try #require(
            (try hubFolder.json(["events", "--type", "VehicleRegistered", "--limit", "1", "--db", hubFolder.database])
                as? [[String: Any]])?.first?["aggregate"] as? String)
        let doc = try #require(
            try JSONSerialization.jsonObject(
                with: Data(
                    contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                        "../../docs/openapi.json"))) as? [String: Any])
        let paths = try #require(doc["paths"] as? [String: [String: Any]])
        var checked = 0
        for (template, methods) in paths.sorted(by: { $0.key < $1.key }) {
            let operation = try #require(methods["get"] as? [String: Any])
            let responses = try #require(operation["responses"] as? [String: Any])
            let parameters = (operation["parameters"] as? [[String: Any]]) ?? []
            let names = Set(parameters.compactMap { $0["name"] as? String })
            let samples = [
                "{metric}": "failures", "{kind}": "vehicle", "{id}": String(vehicle.split(separator: "/").last ?? ""),
            ]
            let path = samples.reduce(template) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
            let query = names.contains("at") ? "?at=2026-06-30T23:59:59Z" : ""
            let secured = !((operation["security"] as? [Any])?.isEmpty ?? true)
            let answer = try api.get(hub, path + query, token: secured ? token : nil)
            #expect(answer.status == 200, "\(path): \(answer.status) \(answer.body.prefix(200))")
            let ok = try #require(responses["200"] as? [String: Any])
            let content = (ok["content"] as? [String: Any])?["application/json"] as? [String: Any]
            if let schema = content?["schema"] as? [String: Any], let json = answer.json {
                #expect(missing(json, schema, in: doc).isEmpty, "\(path) lacks \(missing(json, schema, in: doc))")
            }
            guard secured else { continue }
            // Each documented error, provoked.
            #expect(responses["401"] != nil && responses["400"] != nil && responses["429"] != nil, "\(template)")
            let anonymous = try api.get(hub, path + query, token: nil)
            #expect(anonymous.status == 401 && (anonymous.json as? [String: Any])?["error"] is String)
            if names.contains("at") {
                #expect(try api.get(hub, path + "?at=soon", token: token).status == 400, "\(path) with a bad at")
            }
            if responses["404"] != nil, template.contains("{") {
                let unknown = template.replacingOccurrences(
                    of: #"\{[a-z]+\}"#, with: "nothing-here", options: .regularExpression)
                #expect(try api.get(hub, unknown + query, token: token).status == 404, "\(unknown)")
            }
            checked += 1
        }
        #expect(checked >= 10)
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
