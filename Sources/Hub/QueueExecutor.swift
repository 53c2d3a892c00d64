import Dispatch

/// A serial executor on a dispatch queue of its own, for the hub's actors whose work blocks
/// (SQLite, model training, decoding the log): on the cooperative pool, two such jobs on a
/// two-core machine would stall every other request, its timeouts included.
final class QueueExecutor: SerialExecutor {
    private let queue: DispatchQueue

    init(_ label: String) { queue = DispatchQueue(label: label) }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }

    /// Runs blocking work off the cooperative pool, on `queue`, and awaits its result.
    static func blocking<T: Sendable>(
        on queue: DispatchQueue = .global(), _ work: @escaping @Sendable () throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
