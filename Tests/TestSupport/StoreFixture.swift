public import Domain
public import Foundation
public import Storage

/// A replica in its own temporary folder, with a clock the test moves.
public final class StoreFixture {
    public let folder: URL
    public let path: String
    public var nowMs: Int64 = 1_700_000_000_000
    public private(set) var store: RailFleetStore!

    /// - Parameters:
    ///   - snapshotInterval: events between snapshots, when not the store's default.
    ///   - startMs: the clock when the replica is founded.
    ///   - beginning: founding a fleet with alice as its admin, unless said otherwise.
    public init(
        snapshotInterval: Int? = nil, startMs: Int64 = 1_700_000_000_000,
        beginning: Beginning = .founding(admin: "alice")
    ) throws {
        nowMs = startMs
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("railfleet-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("replica.sqlite").path
        store = try RailFleetStore.create(
            at: path, deviceName: "bench-1", beginning: beginning, wallClockMs: { [unowned self] in nowMs })
        if let snapshotInterval { try store.setSnapshotInterval(snapshotInterval) }
    }

    /// A replica that joins `founder`'s fleet: made with `init --join`, enrolled by alice on
    /// the founder, and given the founder's events (the enrolment and the users among them).
    public init(joining founder: StoreFixture, snapshotInterval: Int? = nil, startMs: Int64? = nil) throws {
        nowMs = max(startMs ?? founder.nowMs, founder.nowMs)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("railfleet-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("replica.sqlite").path
        store = try RailFleetStore.create(
            at: path, deviceName: "bench-2", beginning: .joining(fleet: founder.store.identity?.fleet),
            wallClockMs: { [unowned self] in nowMs })
        if let snapshotInterval { try store.setSnapshotInterval(snapshotInterval) }
        founder.nowMs += 60_000
        try founder.store.enrol(try store.enrolmentRequest(), as: "alice")
        try founder.deliver(to: self)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Sends `other` everything it lacks, as a sync would. The clocks agree: the receiver's
    /// is at least the sender's when the bundle arrives.
    public func deliver(to other: StoreFixture) throws {
        other.nowMs = max(other.nowMs, nowMs)
        try other.store.merge(try store.bundle(after: try other.store.versionVector()), at: other.nowMs)
    }

    /// Opens the same file again, as another process would.
    public func reopen() throws -> RailFleetStore {
        try RailFleetStore(path: path, wallClockMs: { [unowned self] in nowMs })
    }

    @discardableResult
    public func run(_ command: Command, as user: String = "alice") throws -> [StoredEvent] {
        nowMs += 60_000
        return try store.execute(command, as: user)
    }

    /// The shared workshop floor (`WorkshopFloor`) on this replica.
    public func makeWorkshopFloor() throws -> (vehicle: String, part: String, workOrder: String) {
        let floor = try WorkshopFloor.build(with: self)
        return (floor.vehicle, floor.part, floor.workOrder)
    }
}

extension StoreFixture: CommandRunner {
    public func perform(_ command: Command, as user: String) throws -> [AggregateRef] {
        try run(command, as: user).map(\.event.aggregate)
    }
}
