import AsyncHTTPClient
public import Domain
public import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
public import Storage

/// Syncs a replica with a hub: push what the hub lacks, pull what this replica lacks, in
/// batches that each end on signed heads, so that a broken transfer resumes where it
/// stopped. Network failures and a busy hub are retried with backoff; a refusal is not.
public final class HubClient {
    /// How far a transfer has got, for progress lines.
    public struct Progress: Sendable {
        public var direction: String
        public var events: Int
        public var bytes: Int
        public var seconds: Double
    }

    /// What one sync did.
    public struct Outcome: Sendable, Codable {
        public var pushed: Int
        public var pulled: Int
        public var bytesSent: Int
        public var bytesReceived: Int
        /// Seconds spent waiting for the hub's answers; the rest was this replica's own work
        /// (reading what to send, checking and merging what came).
        public var secondsWaiting: Double = 0
    }

    /// The name this replica keeps the hub's state under (`sync status`).
    static let peer = "hub"
    let store: RailFleetStore
    let base: URL
    let http: HTTPClient
    /// Waits before each retry; the last failure is reported after them.
    public var backoff: [Double] = [0.25, 0.5, 1, 2]
    public var batchEvents = HubWire.batchEvents
    public var onProgress: (Progress) -> Void = { _ in }
    /// Seconds spent waiting for answers in the exchange under way.
    private var waited: Double = 0

    /// - Parameters:
    ///   - store: the replica to sync.
    ///   - address: http://HOST:PORT or https://HOST:PORT.
    ///   - authority: a PEM file of the certificate authority that signed the hub's
    ///     certificate, when it is the fleet's own rather than one the system trusts; by
    ///     default the one this replica remembers (`sync --ca`).
    /// - Throws: `SyncError` when the address is not an http(s) URL or the authority's file
    ///   holds no certificate.
    public init(store: RailFleetStore, hub address: String, trusting authority: String? = nil) throws {
        guard let url = URL(string: address), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw SyncError(
                "'\(Text.escaped(address))' is not a hub address: give http://HOST:PORT or https://HOST:PORT")
        }
        var tls = TLSConfiguration.makeClientConfiguration()
        if let authority = try authority ?? store.hubAuthority() {
            let roots: [NIOSSLCertificate]
            do { roots = try NIOSSLCertificate.fromPEMFile(authority) } catch {
                throw SyncError("cannot read a PEM certificate from \(Text.escaped(authority)): \(error)")
            }
            guard !roots.isEmpty else { throw SyncError("\(Text.escaped(authority)) holds no PEM certificate") }
            tls.trustRoots = .certificates(roots)
        }
        self.store = store
        base = url
        http = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: HTTPClient.Configuration(
                tlsConfiguration: tls, timeout: .init(connect: .seconds(10), read: .seconds(60))))
    }

    deinit { try? http.syncShutdown() }

    /// Pushes, then pulls; remembers how it ended for `sync status`.
    public func sync() throws -> Outcome {
        try recording {
            let status = try status()
            var outcome = try push(knowing: status)
            let pulled = try pullBatches()
            outcome.pulled = pulled.pulled
            outcome.bytesReceived = pulled.bytesReceived
            return outcome
        }
    }

    public func push() throws -> Outcome { try recording { try push(knowing: try status()) } }

    public func pull() throws -> Outcome { try recording { try pullBatches() } }

    public func status() throws -> HubWire.Status {
        try HubWire.unpack(HubWire.Status.self, from: try send("GET", HubWire.statusPath))
    }

    /// Has the hub compact its replica; its report says what every member is known to hold.
    public func compact() throws -> CompactionReport {
        try HubWire.unpack(CompactionReport.self, from: try send("POST", HubWire.compactPath))
    }

    private func recording(_ work: () throws -> Outcome) throws -> Outcome {
        waited = 0
        do {
            var outcome = try work()
            outcome.secondsWaiting = waited
            try store.noteExchange(with: Self.peer, address: base.absoluteString, error: nil)
            return outcome
        } catch {
            try? store.noteExchange(with: Self.peer, address: base.absoluteString, error: "\(error)")
            throw error
        }
    }

    private func push(knowing status: HubWire.Status) throws -> Outcome {
        var holds = status.holds
        var outcome = Outcome(pushed: 0, pulled: 0, bytesSent: 0, bytesReceived: 0)
        let started = Date()
        while true {
            let (bundle, more) = try store.bundle(after: holds, limit: batchEvents)
            guard !bundle.events.isEmpty else { break }
            let body = try HubWire.pack(bundle: bundle)
            let reply = try HubWire.unpack(HubWire.PushReply.self, from: try send("POST", HubWire.pushPath, body: body))
            try store.recordPeer(Self.peer, holds: reply.holds)
            holds = reply.holds
            outcome.pushed += bundle.events.count
            outcome.bytesSent += body.count
            onProgress(
                Progress(
                    direction: "sent", events: outcome.pushed, bytes: outcome.bytesSent,
                    seconds: Date().timeIntervalSince(started)))
            guard more else { break }
        }
        return outcome
    }

    private func pullBatches() throws -> Outcome {
        var outcome = Outcome(pushed: 0, pulled: 0, bytesSent: 0, bytesReceived: 0)
        let started = Date()
        while true {
            let mine = try store.versionVector()
            let target = HubWire.pullPath + "?after=\(HubWire.query(mine))&limit=\(batchEvents)"
            let data = try send("GET", target)
            let reply = try HubWire.PullReply(packed: data)
            // Each batch is merged on its own: an interrupted pull keeps what it took.
            let merged = try store.merge(reply.bundle)
            if let holds = reply.bundle.holds { try store.recordPeer(Self.peer, holds: holds) }
            outcome.pulled += merged.count
            outcome.bytesReceived += data.count
            onProgress(
                Progress(
                    direction: "received", events: outcome.pulled, bytes: outcome.bytesReceived,
                    seconds: Date().timeIntervalSince(started)))
            guard reply.more, !reply.bundle.events.isEmpty else { break }
        }
        return outcome
    }

    /// Sends one signed request, retrying what may pass on a second try.
    func send(_ method: String, _ target: String, body: Data = Data()) throws -> Data {
        var attempt = 0
        while true {
            do { return try sendOnce(method, target, body: body) } catch let error as SyncError where error.retryable {
                guard attempt < backoff.count else { throw error }
                Thread.sleep(forTimeInterval: backoff[attempt])
                attempt += 1
            }
        }
    }

    private func sendOnce(_ method: String, _ target: String, body: Data) throws -> Data {
        guard let url = URL(string: target, relativeTo: base) else { throw SyncError("bad request target \(target)") }
        // Signed anew for each attempt: the hub refuses a replayed signature.
        let signed = try store.sign(method: method, target: target, body: body)
        var headers = HTTPHeaders(signed.headers.map { ($0.key, $0.value) })
        if method == "POST" { headers.add(name: "Content-Type", value: "application/vnd.railfleet+deflate") }
        let response: HTTPClient.Response
        do {
            let request = try HTTPClient.Request(
                url: url, method: HTTPMethod(rawValue: method), headers: headers,
                body: method == "POST" ? .bytes(body) : nil)
            let sent = DispatchTime.now().uptimeNanoseconds
            defer { waited += Double(DispatchTime.now().uptimeNanoseconds - sent) / 1e9 }
            response = try http.execute(request: request).wait()
        } catch let error as NIOSSLError {
            throw SyncError(
                "TLS with the hub at \(base.absoluteString) failed (\(error)); if its certificate is signed by the fleet's own authority, give --ca FILE"
            )
        } catch let error as BoringSSLError {
            throw SyncError(
                "TLS with the hub at \(base.absoluteString) failed (\(error)); if its certificate is signed by the fleet's own authority, give --ca FILE"
            )
        } catch {
            throw SyncError("\(SyncError.unreachable) at \(base.absoluteString): \(error)", retryable: true)
        }
        let data = response.body.map { Data($0.readableBytesView) } ?? Data()
        let status = Int(response.status.code)
        guard status == 200 else {
            let failure = try? JSONDecoder().decode(HubWire.Failure.self, from: data)
            let message = failure?.error ?? String(decoding: data.prefix(300), as: UTF8.self)
            throw SyncError("the hub refused (\(status)): \(message)", retryable: status >= 500, status: status)
        }
        return data
    }
}

/// Why a sync failed, in one line; `retryable` when trying again may help.
public struct SyncError: Error, CustomStringConvertible, Sendable {
    /// How a failure to reach the hub begins, as kept for `sync status` and the status bar.
    public static let unreachable = "hub unreachable"
    public let message: String
    public let retryable: Bool
    public let status: Int?
    public init(_ message: String, retryable: Bool = false, status: Int? = nil) {
        self.message = message
        self.retryable = retryable
        self.status = status
    }
    public var description: String { message }
}
