import Domain
import Foundation
import Storage

/// The sync requests a hub answers for its devices. Only pushes write, one at a time through
/// the replica; signature checks, pulls and status read on connections of their own beside
/// them, so a pull never waits for the pushes queued before it.
final class HubSync: Sendable {
    private let replica: HubReplica
    private let readers: SyncReaders
    private let replays = ReplayGuard()
    /// Where the other hubs on a shared log record the signatures they saw.
    private let claims: PostgresClaims?
    private let acknowledgements = PullAcknowledgements()
    /// The least time between the starts of catch-ups that requests from unknown senders cause.
    private let unknownSenderSpacing: Duration

    /// - Parameters:
    ///   - path: the hub's replica.
    ///   - log: where acknowledged events are kept besides (nothing besides: `ReplicaFile`).
    ///   - claims: the signatures every hub on the shared log sees, if it is shared.
    ///   - readers: how many read connections answer pulls and status.
    ///   - unknownSenderSpacing: the least time between the starts of catch-ups that requests
    ///     from devices this hub does not know cause.
    /// - Throws: `StorageError` when the replica is missing, not enrolled, or empty.
    init(
        path: String, log: sending any HubLog = ReplicaFile(), claims: PostgresClaims? = nil, readers: Int = 2,
        unknownSenderSpacing: Duration = .milliseconds(100)
    ) throws {
        self.claims = claims
        self.unknownSenderSpacing = unknownSenderSpacing
        replica = try HubReplica(path: path, log: log)
        self.readers = try SyncReaders(path: path, count: readers)
    }

    /// Checks a request's signature, time and sender, and refuses one seen before.
    func authenticate(
        _ request: SignedRequest, method: String, target: String, body: Data,
        nowMs now: Int64 = RailFleetStore.systemMs()
    ) async throws -> DeviceID {
        let check: @Sendable (RailFleetStore) throws -> DeviceID = { store in
            try store.authenticate(request, method: method, target: target, body: body, nowMs: now)
        }
        let arrival = ContinuousClock.now
        let device: DeviceID
        do {
            device = try await readers.read(check)
        } catch let refusal as RequestRefusal where refusal.senderUnknown && replica.sharesLog {
            // A device enrolled through another hub is known here once this hub has caught up
            // since the request arrived. Checked again whatever that catch-up took in: the
            // events may have come in through another request's (or the poller's) meanwhile.
            // Anyone can send a request from a device nobody enrolled: such catch-ups are
            // spaced, so that a flood of them cannot keep the writer from the pushes.
            try await replica.catchUp(arrivedAt: arrival, spacedBy: unknownSenderSpacing)
            device = try await readers.read(check)
        }
        let expires = request.timeMs + SignedRequest.windowMs
        var fresh = replays.admit(request.signature, untilMs: expires, nowMs: now)
        // Another hub on the same log may have seen it: a replay sent to the other hub.
        if fresh, let claims {
            fresh = try await claims.claim(request.signature, untilMs: expires, nowMs: now)
        }
        guard fresh else { throw RequestRefusal(status: 401, "this request was sent before: a replay is refused") }
        return device
    }

    func push(_ bundle: EventBundle, from device: DeviceID) async throws -> HubWire.PushReply {
        try await replica.push(bundle, from: device)
    }

    /// What the replica holds beyond `vector`: what was committed before the request arrived,
    /// through this hub or (once caught up with) another on the shared log.
    func pull(after vector: VersionVector, limit: Int, for device: DeviceID) async throws -> HubWire.PullReply {
        try await catchUp(arrivedAt: .now)
        // What a device asks to get after is what it holds: the hub learns its acknowledgements.
        acknowledgements.note(device, holds: vector, atMs: RailFleetStore.systemMs())
        let (bundle, more) = try await readers.read { try $0.bundle(after: vector, limit: limit) }
        return HubWire.PullReply(bundle: bundle, more: more)
    }

    func status() async throws -> HubWire.Status {
        try await catchUp(arrivedAt: .now)
        return try await readers.read { store in
            HubWire.Status(
                fleet: store.identity?.fleet ?? "", hub: store.identity?.device.rawValue ?? "",
                events: try store.eventCount, holds: try store.versionVector())
        }
    }

    /// Compacts the hub's replica by what its devices acknowledged.
    func compact() async throws -> CompactionReport {
        try await recordAcknowledgements()
        return try await replica.compact()
    }

    /// Takes in what other hubs appended before `arrival`, when the log is shared: a hub on its
    /// own file has nothing to take in, and its reads need not queue behind the pushes.
    private func catchUp(arrivedAt arrival: ContinuousClock.Instant) async throws {
        guard replica.sharesLog else { return }
        try await replica.catchUp(arrivedAt: arrival)
    }

    /// Takes in what other hubs appended, when the log is shared.
    func catchUp() async throws {
        guard replica.sharesLog else { return }
        try await replica.catchUp()
    }

    /// Writes what devices acknowledged by their pulls since the last time.
    func recordAcknowledgements() async throws {
        try await replica.record(acknowledgements.take())
    }
}
