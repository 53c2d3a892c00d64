import Domain
import Export
import Foundation
import Hummingbird
import Predict
import PredictStore
import Storage

/// The plan's prediction routes (`/api/v1/ml/…`): each answers what `railfleet ml … --json`
/// prints for the same replica. Questions that change something (a prediction goes to the
/// prediction log, a training to the registry) are POSTs with a small JSON body.
enum MLRoutes {
    /// A POST's body: the fields each route reads, all optional here and checked by the route.
    struct Body: Decodable, Sendable {
        var vehicle: String?
        var at: String?
        var model: String?
        var seed: Int?
        var stepDays: Int?
        var iterations: Int?
        var leaves: Int?

        /// - Throws: `RequestRefusal` 400 when the bytes are not such a JSON object.
        init(_ bytes: Data) throws {
            guard !bytes.isEmpty else { return }
            do { self = try JSONDecoder().decode(Self.self, from: bytes) } catch {
                throw RequestRefusal(
                    status: 400, "the body is not a JSON object of the route's fields: \(Self.reason(error))")
            }
        }

        init() {}

        private static func reason(_ error: any Error) -> String {
            switch error {
            case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
                "\(c.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type"
            default: "it does not parse"
            }
        }

        /// `at` as a UTC time, or nil for now.
        func atMs() throws -> Int64? {
            guard let at else { return nil }
            guard let ms = UTC.parse(at) else {
                throw RequestRefusal(status: 400, "at: \(Text.escaped(at)) is not a UTC time (YYYY-MM-DDTHH:MM:SSZ)")
            }
            return ms
        }

        func vehicleID() throws -> String {
            guard let vehicle, !vehicle.isEmpty else {
                throw RequestRefusal(status: 400, "the body needs \"vehicle\": the vehicle's id")
            }
            return vehicle
        }
    }

    static func add(
        to router: Router<BasicRequestContext>, _ limits: APILimits, models: HubModels, trainer: HubModels
    ) {
        router.post("/api/v1/ml/predict/failure") { request, _ in
            await limits.answer(request, route: "/api/v1/ml/predict/failure") { actor, bytes in
                let body = try Body(bytes)
                return JSONText.pretty(
                    try await models.failure(vehicle: try body.vehicleID(), at: try body.atMs(), by: actor.user))
            }
        }
        router.post("/api/v1/ml/predict/maintenance") { request, _ in
            await limits.answer(request, route: "/api/v1/ml/predict/maintenance") { _, bytes in
                let body = try Body(bytes)
                return JSONText.pretty(try await models.exam(vehicle: try body.vehicleID(), at: try body.atMs()))
            }
        }
        router.post("/api/v1/ml/detect/anomaly") { request, _ in
            await limits.answer(request, route: "/api/v1/ml/detect/anomaly") { _, bytes in
                JSONText.pretty(try await models.anomalies(at: try Body(bytes).atMs()))
            }
        }
        router.get("/api/v1/ml/forecast/parts") { request, _ in
            await limits.answer(request, route: "/api/v1/ml/forecast/parts") { _, _ in
                let query = HubServer.query(request)
                var body = Body()
                body.at = query["at"]
                let months = try query["months"].map { text in
                    guard let n = Int(text) else {
                        throw RequestRefusal(status: 400, "months=\(Text.escaped(text)) is not a whole number")
                    }
                    return n
                }
                return JSONText.pretty(
                    try await models.parts(part: query["part"], months: months ?? 6, at: try body.atMs()))
            }
        }
        router.get("/api/v1/ml/models") { request, _ in
            await limits.answer(request, route: "/api/v1/ml/models") { _, _ in
                JSONText.pretty(try await models.models(HubServer.query(request)["model"]))
            }
        }
        router.get("/api/v1/ml/models/{id}") { request, context in
            await limits.answer(request, route: "/api/v1/ml/models/{id}") { _, _ in
                JSONText.pretty(try await models.model(context.parameters.get("id") ?? ""))
            }
        }
        router.post("/api/v1/ml/train") { request, _ in
            await limits.answer(request, route: "/api/v1/ml/train") { actor, bytes in
                let body = try Body(bytes)
                let seed = body.seed ?? 0
                guard (0...Int(Int32.max)).contains(seed) else {
                    throw RequestRefusal(status: 400, "seed must be 0–2147483647")
                }
                let kind = body.model ?? "failure"
                var parameters = FailureModel.Options().parameters
                let options = [
                    ("stepDays", body.stepDays), ("iterations", body.iterations), ("maxLeaves", body.leaves),
                ]
                for case (let name, let value?) in options {
                    guard kind == "failure" else {
                        throw RequestRefusal(status: 400, "stepDays, iterations and leaves are for the failure model")
                    }
                    parameters[name] = String(value)
                }
                return JSONText.pretty(
                    try await trainer.train(kind, at: try body.atMs(), parameters: parameters, seed: seed, by: actor))
            }
        }
    }
}
