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
        if access == .readWrite { try extendCheckpoints(axis: axis, upTo: ms) }
        do {
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
        } catch let damage as TimeCheckpoints.Damaged {
            // Made again from the log where the file may be written; folded from the start
            // where it may not.
            if access == .readWrite {
                try writer.write { db in try TimeCheckpoints.drop(db, axis: axis, from: damage.number) }
                return try liveState(at: ms, axis: axis)
            }
            return try writer.read { db in
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
    /// - Returns: the checkpoint's live state, how many events come before it, the events of
    ///   the window in the axis' order, and how many events the log holds.
    /// - Throws: `StorageError` when the log cannot be read.
    public func window(axis: TimeAxis, around ms: Int64?) throws -> (
        base: AggregateSet, offset: Int, events: [StoredEvent], total: Int
    ) {
        if access == .readWrite { try extendCheckpoints(axis: axis) }
        return try writer.read { db in
            let bound = try TimeCheckpoints.usable(db, axis: axis, prune: false)
            var header = try TimeCheckpoints.header(db, axis: axis, below: bound, atOrBefore: ms ?? .max)
            // One checkpoint further back, so that the cursor has history behind it.
            if let h = header { header = try TimeCheckpoints.header(db, axis: axis, below: h.number) }
            var fold = TimeCheckpoints.Fold.empty
            if let h = header {
                do { fold = try TimeCheckpoints.load(db, h, axis: axis) } catch is TimeCheckpoints.Damaged {
                    header = nil
                }
            }
            let events = try TimeCheckpoints.events(
                db, axis: axis, after: fold.key, limit: ms == nil ? nil : 2 * checkpointStride)
            // The window is folded in memory without the log: what a fold from the
            // checkpoint would read from it comes now (closed orders the window touches again,
            // vehicles it corrects, whole).
            var base = Self.live(fold.set)
            var checked: Set<AggregateRef> = []
            for e in events where base[e.event.aggregate] == nil && checked.insert(e.event.aggregate).inserted {
                let ref = e.event.aggregate
                if let h = header,
                    let (state, _) = try TimeCheckpoints.stored(db, ref, axis: axis, atOrBefore: h.number)
                {
                    base[ref] = state
                }
            }
            if let first = events.first {
                for e in events where fold.trimmed.contains(e.event.aggregate) && AnyAggregate.needsWholeState(e.event)
                {
                    base[e.event.aggregate] = try TimeCheckpoints.whole(
                        e.event.aggregate, before: AxisKey(first, on: axis), axis: axis, db)
                }
            }
            // Counted from the newest checkpoint, which knows how many events lie before it.
            let newest = try TimeCheckpoints.header(db, axis: axis, below: bound)
            let total =
                (newest?.number ?? 0) * checkpointStride
                + (try TimeCheckpoints.count(db, axis: axis, after: newest?.key, limit: .max))
            return (base, (header?.number ?? 0) * checkpointStride, events, total)
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
        while true {
            let more = try writer.write { db -> Bool in
                let bound = try TimeCheckpoints.usable(db, axis: axis, prune: true)
                let header = try TimeCheckpoints.header(db, axis: axis, below: bound)
                // Nothing to load when no whole stride follows the newest checkpoint.
                let following = try TimeCheckpoints.count(
                    db, axis: axis, after: header?.key, limit: checkpointStride)
                if following < checkpointStride || (header?.key.ms ?? .min) > ms { return false }
                // The fold in hand goes on only if the newest checkpoint is still the one it saved
                // (another process may have dropped and made it again).
                if fold == nil || fold?.base != header?.number || fold?.key != header?.key {
                    fold = .empty
                    if let header {
                        do { fold = try TimeCheckpoints.load(db, header, axis: axis) } catch is TimeCheckpoints.Damaged
                        {
                            try TimeCheckpoints.drop(db, axis: axis, from: header.number)
                            fold = nil
                            return true
                        }
                    }
                }
                guard var next = fold else { return true }
                let events = try TimeCheckpoints.events(db, axis: axis, after: next.key, limit: checkpointStride)
                guard events.count == checkpointStride, let last = events.last, axis.time(of: last) <= ms else {
                    return false
                }
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

    /// Forgets every time-travel checkpoint: they are made again when next needed.
    public func dropCheckpoints() throws {
        try writer.write { db in
            for axis in [TimeAxis.valid, .recorded] { try TimeCheckpoints.drop(db, axis: axis, from: 0) }
        }
    }
}
