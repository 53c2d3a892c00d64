import Dispatch
import Storage
import Synchronization

/// Read-only connections to the hub's replica, each on a queue of its own, for the sync work
/// that only reads (pulls, status, signature checks). SQLite in WAL mode lets them read while
/// a push writes, so they no longer wait behind the pushes in the writer's queue.
final class SyncReaders: Sendable {
    /// A connection and the only queue that uses it.
    private struct Lane: @unchecked Sendable {
        let queue: DispatchQueue
        let store: RailFleetStore
    }
    private let lanes: [Lane]
    /// Reads given to each lane and not yet finished: a read goes to the least busy.
    private let queued: Mutex<[Int]>

    /// - Parameters:
    ///   - path: the hub's replica.
    ///   - count: how many connections (at least one).
    /// - Throws: `StorageError` when the replica cannot be opened for reading.
    init(path: String, count: Int) throws {
        lanes = try (0..<max(1, count)).map { i in
            Lane(
                queue: DispatchQueue(label: "railfleet.hub.reader.\(i)"),
                store: try RailFleetStore(path: path, access: .readOnly))
        }
        queued = Mutex(Array(repeating: 0, count: lanes.count))
    }

    /// Runs `work` on the least busy connection.
    func read<T: Sendable>(_ work: @escaping @Sendable (RailFleetStore) throws -> T) async throws -> T {
        let index = queued.withLock { queued in
            let index = queued.indices.min { queued[$0] < queued[$1] } ?? 0
            queued[index] += 1
            return index
        }
        let lane = lanes[index]
        return try await QueueExecutor.blocking(on: lane.queue) {
            defer { self.queued.withLock { $0[index] -= 1 } }
            return try work(lane.store)
        }
    }
}
