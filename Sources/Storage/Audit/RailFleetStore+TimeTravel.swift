public import Domain
import GRDB

extension RailFleetStore {
    /// The whole replica's state as of a time of an axis: one checkpoint read and the events
    /// after it folded (`TimeCheckpoints`), at most two strides of them (`checkpointStride`)
    /// once the checkpoints reach the time. A writable store first makes the checkpoints missing up to that time.
    ///
    /// - Parameters:
    ///   - ms: the time on the axis.
    ///   - axis: valid time (what had happened) or recorded time (what this replica held).
    ///   - fleetOnly: leave out what a view of the fleet does not need (closed work orders
    ///     and defects, parts, people, devices): most of a long history.
    /// - Returns: the state then; vehicles may hold only their odometer reading
    ///   (`AggregateBody.trimmedForCheckpoint`).
    /// - Throws: `StorageError` when the log cannot be read.
    public func replicaState(at ms: Int64, axis: TimeAxis = .valid, fleetOnly: Bool = false) throws -> AggregateSet {
        if access == .readWrite { try extendCheckpoints(axis: axis, upTo: ms) }
        do {
            return try writer.read { db in
                let bound = try TimeCheckpoints.usable(db, axis: axis, prune: false)
                var fold =
                    try TimeCheckpoints.header(db, axis: axis, below: bound, atOrBefore: ms).map {
                        try TimeCheckpoints.load(db, $0, axis: axis, fleetOnly: fleetOnly)
                    } ?? .empty
                try TimeCheckpoints.fold(
                    TimeCheckpoints.events(db, axis: axis, after: fold.key, upTo: ms), into: &fold, axis: axis, db)
                return fold.set
            }
        } catch let damage as TimeCheckpoints.Damaged {
            // Made again from the log where the file may be written; folded from the start
            // where it may not.
            if access == .readWrite {
                try writer.write { db in try TimeCheckpoints.drop(db, axis: axis, from: damage.number) }
                return try replicaState(at: ms, axis: axis, fleetOnly: fleetOnly)
            }
            return try writer.read { db in
                var fold = TimeCheckpoints.Fold.empty
                try TimeCheckpoints.fold(
                    TimeCheckpoints.events(db, axis: axis, after: nil, upTo: ms), into: &fold, axis: axis, db)
                return fold.set
            }
        }
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
                // The fold in hand goes on only if the newest checkpoint is still the one it saved
                // (another process may have dropped and made it again).
                if fold == nil || fold?.base != header?.number || fold?.key != header?.key {
                    fold = .empty
                    if let header {
                        do {
                            fold = try TimeCheckpoints.load(db, header, axis: axis, fleetOnly: false)
                        } catch is TimeCheckpoints.Damaged {
                            try TimeCheckpoints.drop(db, axis: axis, from: header.number)
                            fold = nil
                            return true
                        }
                    }
                }
                guard var next = fold else { return true }
                let events = try TimeCheckpoints.events(db, axis: axis, after: next.key, limit: checkpointStride)
                guard events.count == checkpointStride, let last = events.last,
                    axis.time(of: last) <= ms
                else { return false }
                next.changed = []
                try TimeCheckpoints.fold(events, into: &next, axis: axis, db)
                let number = (next.base ?? 0) + 1
                try TimeCheckpoints.save(next, number: number, axis: axis, db)
                next.base = number
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
