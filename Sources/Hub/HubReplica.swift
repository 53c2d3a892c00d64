import Domain
import Foundation
import Storage

/// The hub's own replica, written one request at a time: a member of the fleet like any
/// terminal, which takes pushes. What only reads it (pulls, status, signature checks) is
/// answered beside it by `SyncReaders`.
actor HubReplica {
    private let executor = QueueExecutor("railfleet.hub.replica")
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    private let store: RailFleetStore
    private let log: any HubLog
    /// Whether other hubs append to the same log: then reads catch up first.
    nonisolated let sharesLog: Bool
    /// When the last catch-up with the shared log started: a request that arrived before it
    /// needs no other.
    private var caughtUpFrom = ContinuousClock.Instant.now
    /// How many times a push is tried again after losing a race with another hub.
    static let attempts = 5

    /// - Parameters:
    ///   - path: the hub's replica.
    ///   - log: where acknowledged events are kept besides (nothing besides: `ReplicaFile`).
    /// - Throws: `StorageError` when the replica is missing, not enrolled, or empty.
    init(path: String, log: sending any HubLog = ReplicaFile()) throws {
        sharesLog = log.isShared
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

    /// Takes in what other hubs on the shared log appended.
    func catchUp() throws {
        caughtUpFrom = .now
        try log.catchUp(store)
    }

    /// Takes in what other hubs appended before `arrival`, unless a catch-up that started
    /// since has done so: requests queued together share one.
    func catchUp(arrivedAt arrival: ContinuousClock.Instant) throws {
        guard caughtUpFrom <= arrival else { return }
        try catchUp()
    }

    /// The same, but not starting sooner than `spacing` after the last catch-up started: the
    /// requests waiting meanwhile share the one that follows.
    func catchUp(arrivedAt arrival: ContinuousClock.Instant, spacedBy spacing: Duration) async throws {
        let next = caughtUpFrom + spacing
        if caughtUpFrom <= arrival, next > .now { try await Task.sleep(until: next) }
        try catchUp(arrivedAt: arrival)
    }

    func push(_ bundle: EventBundle, from device: DeviceID) throws -> HubWire.PushReply {
        guard bundle.sender == device.rawValue else {
            throw RequestRefusal(status: 400, "the bundle says it is from \(bundle.sender ?? "nobody"), not \(device)")
        }
        var bundle = bundle
        bundle.holds = try bundle.holds.map(heldHere)
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

    /// Records what devices said they hold when they pulled, in one transaction.
    func record(_ acknowledgements: [PeerHoldings]) throws {
        guard !acknowledgements.isEmpty else { return }
        try store.recordPeers(
            try acknowledgements.map { PeerHoldings(peer: $0.peer, holds: try heldHere($0.holds), atMs: $0.atMs) })
    }

    /// What a device says it holds, taken no further than this replica holds: a counter
    /// beyond it, recorded, would count the device as holding events that reach the hub later
    /// (a device's own events in a push are recorded by its next pull).
    private func heldHere(_ holds: VersionVector) throws -> VersionVector {
        holds.meet(try store.versionVector())
    }

    /// Compacts the hub's replica by the acknowledgements its pulls recorded.
    func compact() throws -> CompactionReport {
        guard !sharesLog else {
            throw RequestRefusal(
                status: 409, "this hub keeps its log in \(log): compaction works on a single hub's replica only")
        }
        return try store.compact()
    }
}
