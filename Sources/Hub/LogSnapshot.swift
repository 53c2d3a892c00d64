import Foundation

/// Something derived from the whole log (the fleet's history for the models, the facts for
/// the figures) that is too dear to derive for every request (1.4 s to decode the default
/// demo's events), kept per log position; a rebuild is given the last value, to make the
/// next from it where it can. When the log moves on, requests go on being
/// answered from the last snapshot while a new one is made in the background, at most one at
/// a time and at most one every `interval`, or every five times the last rebuild's duration
/// when that is longer: an answer is never more than one rebuild behind the log, and a stream
/// of pushes cannot keep more than a fifth of a core busy rebuilding, however loaded the
/// machine (a rebuild takes longer on busy cores).
actor LogSnapshot<Value: Sendable> {
    private let interval: Duration
    private let build: @Sendable (_ previous: (value: Value, seq: Int64)?) throws -> (value: Value, seq: Int64)
    private var current: (value: Value, seq: Int64, made: ContinuousClock.Instant)?
    /// When the rebuild under way started, and how long the last one took.
    private var started = ContinuousClock.now
    private var took: Duration = .zero
    /// The rebuild under way: the first one is awaited by every request that finds no value.
    private var pending: Task<(value: Value, seq: Int64), any Error>?

    /// - Parameters:
    ///   - interval: the least time between two rebuilds' starts.
    ///   - build: reads the log once, given the last value made, if any; returns the value
    ///     and the log position it reflects.
    init(
        interval: Duration = .seconds(5),
        build: @escaping @Sendable (_ previous: (value: Value, seq: Int64)?) throws -> (value: Value, seq: Int64)
    ) {
        self.interval = interval
        self.build = build
    }

    /// The newest value, made now when there is none yet; a rebuild starts in the background
    /// when the log is past it.
    ///
    /// - Parameter seq: the log's position now.
    /// - Returns: the value and the log position it reflects.
    /// - Throws: what the first build threw.
    func value(at seq: Int64) async throws -> (value: Value, seq: Int64) {
        guard let current else {
            let task = pending ?? start()
            do {
                let made = try await task.value
                install(made)
                return made
            } catch {
                pending = nil
                throw error
            }
        }
        if current.seq < seq, pending == nil, ContinuousClock.now - current.made >= max(interval, took * 5) {
            let task = start()
            Task {
                let made = try? await task.value
                self.install(made)
            }
        }
        return (current.value, current.seq)
    }

    private func start() -> Task<(value: Value, seq: Int64), any Error> {
        let build = build
        let previous = current.map { (value: $0.value, seq: $0.seq) }
        // On a thread of its own: a rebuild must not hold up the answers from the last snapshot.
        let task = Task { try await QueueExecutor.blocking { try build(previous) } }
        started = .now
        pending = task
        return task
    }

    private func install(_ made: (value: Value, seq: Int64)?) {
        // Once per rebuild: the first one is installed by each request that awaited it.
        if pending != nil { took = .now - started }
        if let made, made.seq >= current?.seq ?? .min { current = (made.value, made.seq, .now) }
        pending = nil
    }
}
