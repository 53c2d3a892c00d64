import Domain
import Foundation
import Storage

/// The hub's own replica, one request at a time: a member of the fleet like any terminal,
/// which takes pushes, answers pulls and says what it holds.
actor HubReplica {
    private let store: RailFleetStore
    /// Signatures of requests seen, each until its request's time leaves the window (a
    /// request may be stamped up to the window ahead), to refuse replays.
    private var seen: [Data: Int64] = [:]
    /// When `seen` was last cleared of signatures older than the window.
    private var prunedMs: Int64 = 0

    init(path: String) throws {
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
        let device = try store.authenticate(request, method: method, target: target, body: body, nowMs: now)
        guard seen.updateValue(request.timeMs + SignedRequest.windowMs, forKey: request.signature) == nil else {
            throw RequestRefusal(status: 401, "this request was sent before: a replay is refused")
        }
        return device
    }

    func push(_ bundle: EventBundle, from device: DeviceID) throws -> HubWire.PushReply {
        guard bundle.sender == device.rawValue else {
            throw RequestRefusal(status: 400, "the bundle says it is from \(bundle.sender ?? "nobody"), not \(device)")
        }
        let merged = try store.merge(bundle)
        return HubWire.PushReply(merged: merged.count, holds: try store.versionVector())
    }

    func pull(after vector: VersionVector, limit: Int, for device: DeviceID) throws -> HubWire.PullReply {
        // What a device asks to get after is what it holds: the hub learns its acknowledgements.
        try store.recordPeer(device.rawValue, holds: vector)
        let (bundle, more) = try store.bundle(after: vector, limit: limit)
        return HubWire.PullReply(bundle: bundle, more: more)
    }

    /// Compacts the hub's replica by the acknowledgements its pulls recorded.
    func compact() throws -> CompactionReport { try store.compact() }

    func status() throws -> HubWire.Status {
        HubWire.Status(
            fleet: fleet, hub: store.identity?.device.rawValue ?? "", events: try store.eventCount,
            holds: try store.versionVector())
    }
}
