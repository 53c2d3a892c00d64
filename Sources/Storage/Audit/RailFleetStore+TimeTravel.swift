public import Domain
import GRDB

extension RailFleetStore {
    /// The replica's live aggregates as of a time of an axis: everything but the work orders
    /// and defects closed by then (most of a long history, and nothing a view of the fleet
    /// shows). One checkpoint is read and the events after it folded (`TimeCheckpoints`): at
    /// most two strides of them (`checkpointStride`) once the checkpoints reach the time. A
    /// writable store first makes the checkpoints missing up to that time.
    ///
    /// - Parameters:
    ///   - ms: the time on the axis.
    ///   - axis: valid time (what had happened) or recorded time (what this replica held).
    /// - Returns: the live aggregates then; vehicles may hold only their odometer reading, and
    ///   no state holds the removal bookkeeping of events it covers
    ///   (`AnyAggregate.trimmedForCheckpoint`).
    /// - Throws: `StorageError` when the log cannot be read.
    public func liveState(at ms: Int64, axis: TimeAxis = .valid) throws -> AggregateSet {
        try repairingCheckpoints(axis: axis) {
            if access == .readWrite { try extendCheckpoints(axis: axis, upTo: ms) }
            return try writer.read { db in
                let bound = try TimeCheckpoints.usable(db, axis: axis, prune: false)
                var fold =
                    try TimeCheckpoints.header(db, axis: axis, below: bound, atOrBefore: ms).map {
                        try TimeCheckpoints.load(db, $0, axis: axis)
                    } ?? .empty
                try TimeCheckpoints.fold(
                    TimeCheckpoints.events(db, axis: axis, after: fold.key, upTo: ms), into: &fold, axis: axis, db)
                return Self.live(fold.set)
            }
        } otherwise: {
            // A read-only copy is not repaired: folded from the start instead.
            try writer.read { db in
                var fold = TimeCheckpoints.Fold.empty
                try TimeCheckpoints.fold(
                    TimeCheckpoints.events(db, axis: axis, after: nil, upTo: ms), into: &fold, axis: axis, db)
                return Self.live(fold.set)
            }
        }
    }

    /// A window of the log for the audit timeline: the stored checkpoint before the time
    /// (one more back, so that the cursor has history behind it) and the events after it,
    /// two strides of them (to the end of the log for the last window).
    ///
    /// - Parameters:
    ///   - axis: the time axis.
    ///   - ms: a time on it; nil for the last window.
    /// - Returns: the checkpoint's live state, with what folding the window's events on it
    ///   needs from the log (`TimeCheckpoints.prepare`); how many events come before it; the
    ///   events of the window in the axis' order; and how many events the log holds.
    /// - Throws: `StorageError` when the log cannot be read, or the checkpoints of a
    ///   read-only file are damaged.
    public func window(axis: TimeAxis, around ms: Int64?) throws -> (
        base: AggregateSet, offset: Int, events: [StoredEvent], total: Int
    ) {
        try repairingCheckpoints(axis: axis) {
            if access == .readWrite { try extendCheckpoints(axis: axis) }
            return try writer.read { db in
                let bound = try TimeCheckpoints.usable(db, axis: axis, prune: false)
                var header = try TimeCheckpoints.header(db, axis: axis, below: bound, atOrBefore: ms ?? .max)
                // One checkpoint further back, so that the cursor has history behind it.
                if let h = header { header = try TimeCheckpoints.header(db, axis: axis, below: h.number) }
                var fold = try header.map { try TimeCheckpoints.load(db, $0, axis: axis) } ?? .empty
                let events = try TimeCheckpoints.events(
                    db, axis: axis, after: fold.key, limit: ms == nil ? nil : 2 * checkpointStride)
                // The window is folded in memory, away from the log: what it needs from there comes now.
                if let first = events.first {
                    var absent: Set<AggregateRef> = []
                    for e in events where !absent.contains(e.event.aggregate) {
                        try TimeCheckpoints.prepare(&fold, for: e, at: AxisKey(first, on: axis), axis: axis, db)
                        if fold.set[e.event.aggregate] == nil { absent.insert(e.event.aggregate) }
                    }
                }
                // Counted from the newest checkpoint, which knows how many events lie before it.
                let newest = try TimeCheckpoints.header(db, axis: axis, below: bound)
                let total =
                    (newest?.number ?? 0) * checkpointStride
                    + (try TimeCheckpoints.count(db, axis: axis, after: newest?.key, limit: .max))
                return (fold.set, (header?.number ?? 0) * checkpointStride, events, total)
            }
        } otherwise: {
            throw StorageError(
                .corruptDatabase,
                "the time-travel checkpoints of \(path) are damaged; open it where it may be written to make them again"
            )
        }
    }

    /// Runs a read of the checkpoints. Damage found drops them from the damaged one on and,
    /// where the file may be written, runs the read again (which makes them again);
    /// otherwise runs `otherwise`.
    private func repairingCheckpoints<T>(
        axis: TimeAxis, _ read: () throws -> T, otherwise: () throws -> T
    ) throws -> T {
        do { return try read() } catch let damage as TimeCheckpoints.Damaged {
            guard access == .readWrite else { return try otherwise() }
            try writer.write { db in try TimeCheckpoints.drop(db, axis: axis, from: damage.number) }
            do { return try read() } catch let again as TimeCheckpoints.Damaged {
                throw StorageError(
                    .corruptDatabase,
                    "time-travel checkpoint \(again.number) of \(path) does not read back after it was made again")
            }
        }
    }

    /// A set without its closed work orders and defects.
    static func live(_ set: AggregateSet) -> AggregateSet {
        AggregateSet(aggregates: set.aggregates.filter { TimeCheckpoints.isLive($0.value) }, covered: set.covered)
    }

    /// Makes the time-travel checkpoints of an axis that are missing, up to a time (to the
    /// end of the log without one), dropping first any the log has outgrown. Each checkpoint
    /// is its own transaction, so writers wait for one stride at most.
    ///
    /// - Parameters:
    ///   - axis: the time axis.
    ///   - ms: make the checkpoints whose events all lie at or before this time.
    ///   - progress: called after each checkpoint with the number of events made into
    ///     checkpoints so far in this call.
    /// - Returns: how many checkpoints were made.
    /// - Throws: `StorageError` when the log cannot be read or the checkpoints written.
    @discardableResult
    public func extendCheckpoints(axis: TimeAxis, upTo ms: Int64 = .max, progress: ((Int) -> Void)? = nil) throws
        -> Int
    {
        var fold: TimeCheckpoints.Fold?
        var made = 0
        // A checkpoint found damaged again after it was made again is not made a third time.
        var damaged: Set<Int> = []
        while true {
            let more = try writer.write { db -> Bool in
                let bound = try TimeCheckpoints.usable(db, axis: axis, prune: true)
                let header = try TimeCheckpoints.header(db, axis: axis, below: bound)
                // Nothing to load when no whole stride follows the newest checkpoint before `ms`
                // (a query of the past must not fold the stride after it for nothing).
                guard
                    let end = try TimeCheckpoints.time(
                        ofEvent: checkpointStride, axis: axis, after: header?.key, db),
                    end <= ms
                else { return false }
                // The fold in hand goes on only if the newest checkpoint is still the one it saved
                // (another process may have dropped and made it again).
                if fold == nil || fold?.base != header?.number || fold?.key != header?.key {
                    fold = .empty
                    if let header {
                        do { fold = try TimeCheckpoints.load(db, header, axis: axis) } catch is TimeCheckpoints.Damaged
                        {
                            guard damaged.insert(header.number).inserted else {
                                throw StorageError(
                                    .corruptDatabase,
                                    "time-travel checkpoint \(header.number) of \(path) does not read back after it was made again"
                                )
                            }
                            try TimeCheckpoints.drop(db, axis: axis, from: header.number)
                            fold = nil
                            return true
                        }
                    }
                }
                guard var next = fold else { return true }
                let events = try TimeCheckpoints.events(db, axis: axis, after: next.key, limit: checkpointStride)
                guard events.count == checkpointStride else { return false }
                try TimeCheckpoints.fold(events, into: &next, axis: axis, db)
                try TimeCheckpoints.save(&next, number: (header?.number ?? 0) + 1, axis: axis, db)
                fold = next
                return true
            }
            guard more else { return made }
            if fold != nil {
                made += 1
                progress?(made * checkpointStride)
            }
        }
    }

    /// How many events follow the newest usable checkpoint on an axis (all of them when there
    /// is none), counting no further than `limit`; nothing is made or repaired here.
    public func eventsBeyondCheckpoints(axis: TimeAxis, limit: Int = .max) throws -> Int {
        try writer.read { db in
            let bound = try TimeCheckpoints.usable(db, axis: axis, prune: false)
            let newest = try TimeCheckpoints.header(db, axis: axis, below: bound)
            return try TimeCheckpoints.count(db, axis: axis, after: newest?.key, limit: limit)
        }
    }

    /// Forgets every time-travel checkpoint: they are made again when next needed.
    public func dropCheckpoints() throws {
        try writer.write { db in
            for axis in [TimeAxis.valid, .recorded] { try TimeCheckpoints.drop(db, axis: axis, from: 0) }
        }
    }
}
