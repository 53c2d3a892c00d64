import Analytics
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOSSL
import Prometheus
import Storage

/// The sync hub: an HTTP server over one member replica. Every sync request is signed with
/// its device's key (`SignedRequest`); a request that breaks a rule is answered with a JSON
/// error and changes nothing.
public enum HubServer {
    /// Where and how the hub listens.
    public struct Settings: Sendable {
        public var database: String
        public var host: String
        public var port: Int
        /// PEM files of the certificate chain and its private key: HTTPS instead of HTTP.
        public var tls: (certificate: String, key: String)?
        /// API requests a second each client (token) may send on average; twice that at once.
        public var apiRate: Int
        /// How long an API request may take before it is answered 503.
        public var apiTimeout: Duration
        /// A PostgreSQL URL: the log several hubs share; nil for the replica file alone.
        public var store: String?
        public init(
            database: String, host: String, port: Int, tls: (certificate: String, key: String)? = nil,
            apiRate: Int = 50, apiTimeout: Duration = .seconds(60), store: String? = nil
        ) {
            self.store = store
            self.database = database
            self.host = host
            self.port = port
            self.tls = tls
            self.apiRate = apiRate
            self.apiTimeout = apiTimeout
        }
    }

    /// The server's TLS settings from PEM files, read before anything listens.
    static func tlsConfiguration(certificate: String, key: String) throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do { chain = try NIOSSLCertificate.fromPEMFile(certificate) } catch {
            throw StorageError(.domain(.invalidInput), "cannot read a PEM certificate chain from \(certificate)")
        }
        guard !chain.isEmpty else {
            throw StorageError(.domain(.invalidInput), "\(certificate) holds no PEM certificate")
        }
        let privateKey: NIOSSLPrivateKey
        do { privateKey = try NIOSSLPrivateKey(file: key, format: .pem) } catch {
            throw StorageError(.domain(.invalidInput), "cannot read a PEM private key from \(key)")
        }
        return TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
    }

    /// Whether a host name is this machine's loopback, where plain HTTP is safe.
    public static func isLoopback(_ host: String) -> Bool {
        ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("127.")
    }

    /// Serves until SIGTERM or SIGINT, then stops taking requests and finishes those under way:
    /// a push acknowledged was committed.
    ///
    /// - Parameters:
    ///   - settings: the database and the address.
    ///   - onListening: called with the port once the server listens (port 0 picks one).
    /// - Throws: `StorageError` when the database is not an enrolled replica, the shared log
    ///   cannot be used, or the server cannot listen.
    public static func run(_ settings: Settings, onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws
    {
        let tls = try settings.tls.map { try tlsConfiguration(certificate: $0.certificate, key: $0.key) }
        let log: any HubLog =
            try settings.store.map { try PostgresLog.opened(url: $0, for: settings.database) } ?? ReplicaFile()
        let keptIn = log.description
        let sync = try HubSync(
            path: settings.database, log: log, claims: try settings.store.map { try PostgresClaims(url: $0) },
            readers: max(2, ProcessInfo.processInfo.activeProcessorCount))
        // Taken in before the first request, and then every second: the API reads this
        // replica, which learns of other hubs' pushes only so.
        try await sync.catchUp()
        let metrics = HubMetrics()
        let logger = {
            var logger = Logger(label: "railfleet.hub")
            logger.logLevel = .info
            return logger
        }()
        let api = try HubAPI(path: settings.database)
        let snapshot = HubModels.snapshot(of: settings.database)
        let models = try HubModels(path: settings.database, inputs: snapshot, metrics: metrics)
        let trainer = try HubModels(path: settings.database, inputs: snapshot, metrics: metrics)
        let limiter = RateLimiter(rate: settings.apiRate)
        let limits = APILimits(
            api: api, limiter: limiter, metrics: metrics, logger: logger, timeout: settings.apiTimeout)
        let router = Router()
        router.get("/healthz") { _, _ in "ok\n" }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.text())))
        }
        router.post(RouterPath(HubWire.pushPath)) { request, context in
            try await answer(request, context, sync, metrics, logger) { device, _, body in
                let started = ContinuousClock.now
                let bundle: EventBundle
                do { bundle = try HubWire.unpackBundle(body) } catch {
                    throw RequestRefusal(status: 400, "the body is not a compressed RailFleet bundle")
                }
                let reply = try await sync.push(bundle, from: device)
                metrics.pushed(events: reply.merged, took: ContinuousClock.now - started)
                return try HubWire.pack(reply)
            }
        }
        router.get(RouterPath(HubWire.pullPath)) { request, context in
            try await answer(request, context, sync, metrics, logger) { device, query, _ in
                let started = ContinuousClock.now
                guard let after = query["after"].flatMap({ HubWire.vector(fromQuery: String($0)) }) else {
                    throw RequestRefusal(status: 400, "pull needs ?after=VECTOR (base64url JSON)")
                }
                let limit = query["limit"].flatMap { Int($0) }.map { min(max($0, 1), 50_000) } ?? HubWire.batchEvents
                let reply = try await sync.pull(after: after, limit: limit, for: device)
                metrics.pulled(events: reply.bundle.events.count, took: ContinuousClock.now - started)
                return try reply.packed
            }
        }
        router.get(RouterPath(HubWire.statusPath)) { request, context in
            try await answer(request, context, sync, metrics, logger) { _, _, _ in
                try HubWire.pack(try await sync.status())
            }
        }
        router.post(RouterPath(HubWire.compactPath)) { request, context in
            try await answer(request, context, sync, metrics, logger) { _, _, _ in
                try HubWire.pack(try await sync.compact())
            }
        }
        // The API for callers that are not devices, behind API tokens (docs/HUB.md).
        router.get("/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPI.document)))
        }
        let analytics:
            [(
                path: String, kind: @Sendable (BasicRequestContext) throws -> AnalyticsQuestion.Kind,
                grouping: Grouping?
            )] = [
                ("/api/v1/analytics/kpi", { _ in .kpi }, nil),
                ("/api/v1/analytics/trends/fleet", { _ in .trends(nil) }, .fleet),
                ("/api/v1/analytics/trends/maintenance", { _ in .trends(KPI.maintenance) }, .fleet),
                ("/api/v1/analytics/forecast/costs", { _ in .forecast }, .fleet),
                ("/api/v1/analytics/benchmark/workshops", { _ in .compare }, .workshop),
                (
                    "/api/v1/analytics/drilldown/{metric}",
                    { context in
                        let name = context.parameters.get("metric") ?? ""
                        guard let kpi = KPI(rawValue: name) else {
                            throw RequestRefusal(status: 404, "no figure named \(Text.escaped(name))")
                        }
                        return .drilldown(kpi)
                    }, nil
                ),
            ]
        let audits: [(path: String, question: @Sendable (Request, BasicRequestContext) throws -> AuditQuestion)] = [
            (
                "/api/v1/audit/trail/{kind}/{id}",
                { _, c in .trail(kind: c.parameters.get("kind") ?? "", id: c.parameters.get("id") ?? "") }
            ),
            ("/api/v1/audit/state/{id}", { r, c in .state(id: c.parameters.get("id") ?? "", at: try at(r)) }),
            ("/api/v1/audit/fleet", { r, _ in .fleet(at: try at(r)) }),
            ("/api/v1/audit/verify", { _, _ in .verify }),
        ]
        for route in audits {
            router.get(RouterPath(route.path)) { request, context in
                await limits.answer(request, route: route.path) { _, _ in
                    try await api.answer(try route.question(request, context))
                }
            }
        }
        for route in analytics {
            router.get(RouterPath(route.path)) { request, context in
                await limits.answer(request, route: route.path) { _, _ in
                    try await api.answer(
                        AnalyticsQuestion(try route.kind(context), query: query(request), grouping: route.grouping))
                }
            }
        }
        MLRoutes.add(to: router, limits, models: models, trainer: trainer)
        // A connection that sends nothing for this long is closed: idle or trickling clients
        // cannot hold the hub's connections.
        let http1 = HTTP1Channel.Configuration(idleTimeout: .seconds(30))
        let app = Application(
            router: router,
            server: try tls.map { try .tls(.http1(configuration: http1), tlsConfiguration: $0) }
                ?? .http1(configuration: http1),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "railfleet-hub"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? settings.port) },
            logger: logger)
        // Every second: what pulls acknowledged is written, and other hubs' pushes taken in.
        let follower = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                do { try await sync.recordAcknowledgements() } catch {
                    logger.warning("recording what devices hold: \(error)")
                }
                do { try await sync.catchUp() } catch {
                    logger.warning("catching up with \(keptIn): \(error)")
                }
            }
        }
        defer { follower.cancel() }
        logger.info("keeping the log in \(keptIn)")
        try await app.runService()
        try await sync.recordAcknowledgements()
        try await models.writePendingLogs()
    }

    /// Reads, authenticates and answers one sync request; every refusal becomes a JSON error
    /// with its status, and is counted.
    private static func answer(
        _ request: Request, _ context: BasicRequestContext, _ sync: HubSync, _ metrics: HubMetrics,
        _ logger: Logger,
        _ body: @Sendable (DeviceID, FlatDictionary<Substring, Substring>, Data) async throws -> Data
    ) async throws -> Response {
        var request = request
        let id = UUID().uuidString.prefix(8)
        do {
            let buffer: ByteBuffer
            do { buffer = try await request.collectBody(upTo: HubWire.maxBodyBytes) } catch {
                throw RequestRefusal(status: 413, "the body is larger than \(HubWire.maxBodyBytes >> 20) MiB")
            }
            let bytes = Data(buffer.readableBytesView)
            let signed = try SignedRequest { name in
                HTTPField.Name(name).flatMap { request.headers[$0] }
            }
            let target = request.uri.path + (request.uri.query.map { "?\($0)" } ?? "")
            let device = try await sync.authenticate(
                signed, method: request.method.rawValue, target: target, body: bytes)
            let reply = try await body(device, request.uri.queryParameters, bytes)
            logger.info("\(request.method) \(request.uri.path) from \(device): 200", metadata: ["request": "\(id)"])
            return Response(
                status: .ok, headers: [.contentType: "application/vnd.railfleet+deflate"],
                body: .init(byteBuffer: ByteBuffer(bytes: reply)))
        } catch let refusal as RequestRefusal {
            metrics.refused("request")
            logger.notice("\(request.uri.path): \(refusal.status) \(refusal.message)", metadata: ["request": "\(id)"])
            return failure(refusal.status, HubWire.Failure(error: refusal.message))
        } catch let error as StorageError {
            let reason = error.refusal?.rule.rawValue ?? "storage"
            metrics.refused(reason)
            logger.notice("\(request.uri.path): refused (\(reason)) \(error.message)", metadata: ["request": "\(id)"])
            let status = error.kind == .busy ? 503 : error.refusal != nil ? 409 : 400
            return failure(
                status,
                HubWire.Failure(error: error.message, rule: error.refusal?.rule.rawValue, event: error.refusal?.event))
        }
    }

    /// A request's query parameters by name (the last of repeated ones).
    @Sendable static func query(_ request: Request) -> [String: String] {
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        return query
    }

    /// A request's `at=` parameter: a UTC time, or nil for now.
    @Sendable static func at(_ request: Request) throws -> Int64? { try at(in: query(request)) }

    /// The `at=` parameter among `query`: a UTC time, or nil for now.
    static func at(in query: [String: String]) throws -> Int64? {
        guard let text = query["at"] else { return nil }
        guard let ms = UTC.parse(text) else {
            throw RequestRefusal(status: 400, "at=\(Text.escaped(text)) is not a UTC time (YYYY-MM-DDTHH:MM:SSZ)")
        }
        return ms
    }

    static func failure(_ status: Int, _ failure: HubWire.Failure) -> Response {
        let json = (try? JSONEncoder().encode(failure)) ?? Data(#"{"error":"refused"}"#.utf8)
        return Response(
            status: .init(code: status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: json)))
    }
}

extension HTTPField.Name {
    /// Every API answer's id, also in the hub's log line for it.
    static let requestID: HTTPField.Name = {
        guard let name = HTTPField.Name("X-Request-Id") else { preconditionFailure("a valid field name") }
        return name
    }()
}
