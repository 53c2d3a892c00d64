import Domain
import Foundation
import Storage

/// The hub's own replica, one request at a time: a member of the fleet like any terminal,
/// which takes pushes, answers pulls and says what it holds.
actor HubReplica {
    private let executor = QueueExecutor("railfleet.hub.replica")
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    private let store: RailFleetStore
    /// Signatures of requests seen, each until its request's time leaves the window (a
    /// request may be stamped up to the window ahead), to refuse replays.
    private var seen: [Data: Int64] = [:]
    /// When `seen` was last cleared of signatures older than the window.
    private var prunedMs: Int64 = 0

    private let log: any HubLog
    /// How many times a push is tried again after losing a race with another hub.
    static let attempts = 5

    /// - Parameters:
    ///   - path: the hub's replica.
    ///   - log: where acknowledged events are kept besides (nothing besides: `ReplicaFile`).
    /// - Throws: `StorageError` when the replica is missing, not enrolled, or empty.
    init(path: String, log: sending any HubLog = ReplicaFile()) throws {
        self.log = log
        // Opening a missing file would make an empty database there.
        guard FileManager.default.fileExists(atPath: path) else {
            throw StorageError(
                .notInitialised,
                "no database at \(path): make the hub's replica with `railfleet init --device hub --join --db \(path)`")
        }
        let store = try RailFleetStore(path: path)
        guard let identity = store.identity else {
            throw StorageError(.notInitialised, "\(path) is not a replica: make one with `railfleet init --join`")
        }
        // It needs the fleet's id, and the enrolments of the devices it is to let in: until
        // the founder's arrive (a bundle file imported), it can only refuse everyone.
        guard identity.fleet != nil, try store.eventCount > 0 else {
            throw StorageError(
                .notInitialised,
                "\(path) holds nothing of its fleet yet: an admin enrols its request (`railfleet device request --db \(path)`), exports a bundle (`railfleet sync export`), and the hub imports it with `railfleet sync import`"
            )
        }
        // Nobody reads a hub's tables; it keeps its log, aggregates and the facts its API reads.
        store.maintainsReadModels = false
        self.store = store
    }

    var fleet: String { store.identity?.fleet ?? "" }

    /// Checks a request's signature, time and sender, and refuses one seen before.
    func authenticate(
        _ request: SignedRequest, method: String, target: String, body: Data,
        nowMs now: Int64 = RailFleetStore.systemMs()
    ) throws -> DeviceID {
        // At most once a second: filtering on every request costs as much as the window holds.
        if now - prunedMs >= 1_000 {
            seen = seen.filter { $0.value >= now }
            prunedMs = now
        }
        let device: DeviceID
        do {
            device = try store.authenticate(request, method: method, target: target, body: body, nowMs: now)
        } catch {
            // A device enrolled through another hub is known here once this hub catches up.
            guard try log.catchUp(store) > 0 else { throw error }
            device = try store.authenticate(request, method: method, target: target, body: body, nowMs: now)
        }
        let expires = request.timeMs + SignedRequest.windowMs
        guard seen.updateValue(expires, forKey: request.signature) == nil,
            try log.claim(request.signature, untilMs: expires, nowMs: now)
        else {
            throw RequestRefusal(status: 401, "this request was sent before: a replay is refused")
        }
        return device
    }

    /// Takes in what other hubs on the shared log appended.
    func catchUp() throws { try log.catchUp(store) }

    func push(_ bundle: EventBundle, from device: DeviceID) throws -> HubWire.PushReply {
        guard bundle.sender == device.rawValue else {
            throw RequestRefusal(status: 400, "the bundle says it is from \(bundle.sender ?? "nobody"), not \(device)")
        }
        // Validated in this replica, kept in the log inside the same transaction; a race lost
        // to another hub is caught up with and tried again (the events it stored are then
        // held, and merged no more).
        for attempt in 1...Self.attempts {
            try log.catchUp(store)
            do {
                let log = log
                let merged = try store.merge(bundle) { entries, heads in try log.append(entries, heads: heads) }
                return HubWire.PushReply(merged: merged.count, holds: try store.versionVector())
            } catch is SharedLogRace where attempt < Self.attempts {
                continue
            }
        }
        throw StorageError(.busy, "other hubs kept extending the same chains: try again")
    }

    func pull(after vector: VersionVector, limit: Int, for device: DeviceID) throws -> HubWire.PullReply {
        try log.catchUp(store)
        // What a device asks to get after is what it holds: the hub learns its acknowledgements.
        try store.recordPeer(device.rawValue, holds: vector)
        let (bundle, more) = try store.bundle(after: vector, limit: limit)
        return HubWire.PullReply(bundle: bundle, more: more)
    }

    /// Compacts the hub's replica by the acknowledgements its pulls recorded.
    func compact() throws -> CompactionReport {
        guard log is ReplicaFile else {
            throw RequestRefusal(
                status: 409, "this hub keeps its log in \(log): compaction works on a single hub's replica only")
        }
        return try store.compact()
    }

    func status() throws -> HubWire.Status {
        try log.catchUp(store)
        return HubWire.Status(
            fleet: fleet, hub: store.identity?.device.rawValue ?? "", events: try store.eventCount,
            holds: try store.versionVector())
    }
}
