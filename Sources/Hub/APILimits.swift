import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Predict
import Storage

/// What every API request goes through: its token, its client's rate, the size of its body
/// and the time it may take; then its answer or its refusal as JSON with the right status,
/// counted, timed and logged with the request's id (in `X-Request-Id`).
struct APILimits: Sendable {
    let api: HubAPI
    let limiter: RateLimiter
    let metrics: HubMetrics
    let logger: Logger
    let timeout: Duration
    /// The largest body an API request may carry: a question, not data.
    static let maxBodyBytes = 64 << 10

    /// Authenticates one API request by its token and answers it with the JSON `body` makes of
    /// the caller and the request's body.
    func answer(
        _ request: Request, route: String, _ body: @escaping @Sendable (Actor, Data) async throws -> String
    ) async -> Response {
        let id = String(UUID().uuidString.prefix(8))
        let started = ContinuousClock.now
        var status = 200
        defer { metrics.api(route, status: status, took: ContinuousClock.now - started) }
        var retryAfter: Int?
        do {
            // Each valid token is a client with its own bucket; every request without one shares
            // a single bucket, so that made-up tokens neither escape the limit nor grow its table.
            let now = RailFleetStore.systemMs()
            func limit(_ client: String) throws {
                guard let wait = limiter.take(client, nowMs: now) else { return }
                retryAfter = wait
                throw RequestRefusal(status: 429, "too many requests from this client: wait \(wait) s")
            }
            let authenticated: (actor: Actor, token: String)
            do { authenticated = try await api.authenticate(request.headers[.authorization]) } catch {
                try limit("")
                throw error
            }
            try limit(authenticated.token)
            var request = request
            let bytes: Data
            do { bytes = Data(try await request.collectBody(upTo: Self.maxBodyBytes).readableBytesView) } catch {
                throw RequestRefusal(status: 413, "the body is larger than \(Self.maxBodyBytes >> 10) KiB")
            }
            let actor = authenticated.actor
            let json = try await withDeadline { try await body(actor, bytes) }
            logger.info("\(request.method) \(request.uri.path) by \(actor.user): 200", metadata: ["request": "\(id)"])
            return Response(
                status: .ok, headers: [.contentType: "application/json", HTTPField.Name.requestID: id],
                body: .init(byteBuffer: ByteBuffer(string: json + "\n")))
        } catch {
            let refusal = Self.refusal(error)
            status = refusal.status
            logger.notice("\(request.uri.path): \(refusal.status) \(refusal.message)", metadata: ["request": "\(id)"])
            var response = HubServer.failure(refusal.status, HubWire.Failure(error: refusal.message))
            response.headers[HTTPField.Name.requestID] = id
            if refusal.status == 401 { response.headers[.wwwAuthenticate] = "Bearer" }
            if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
            return response
        }
    }

    /// The work's answer, or a 503 once `timeout` has passed. The work itself runs on: the
    /// actors answer one question at a time and cannot be interrupted midway, but the client
    /// and its connection are let go.
    private func withDeadline(_ work: @escaping @Sendable () async throws -> String) async throws -> String {
        let timeout = timeout
        return try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let answer = first else {
                throw RequestRefusal(
                    status: 503, "the answer took longer than \(timeout.components.seconds) s: try again later")
            }
            return answer
        }
    }

    /// The status and words of an error: refusals keep theirs, the store's say what kind
    /// of wrong it was.
    static func refusal(_ error: any Error) -> RequestRefusal {
        switch error {
        case let refusal as RequestRefusal: return refusal
        case let error as StorageError:
            let status =
                switch error.kind {
                case .domain(.notFound): 404
                case .domain(.invalidInput), .domain(.illegalTransition): 400
                case .domain(.forbidden): 403
                case .domain(.concurrentChange): 409
                case .busy: 503
                default: 500
                }
            return RequestRefusal(status: status, error.message)
        case let error as PredictError: return RequestRefusal(status: 400, error.description)
        default: return RequestRefusal(status: 500, "\(error)")
        }
    }
}
