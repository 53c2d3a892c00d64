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
    public init(snapshotInterval: Int? = nil, startMs: Int64 = 1_700_000_000_000) throws {
        nowMs = startMs
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("railfleet-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("replica.sqlite").path
        store = try RailFleetStore.create(
            at: path, deviceName: "bench-1", admin: "alice", wallClockMs: { [unowned self] in nowMs })
        if let snapshotInterval { try store.setSnapshotInterval(snapshotInterval) }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

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
