public import Domain
public import Predict
public import Storage

/// What the hub's models read, taken from the log up to one position: its events in time
/// order, the fleet's history folded from them, and the cut they make.
public struct ModelInputs: Sendable, Equatable {
    public private(set) var events: [RecordedEvent]
    public private(set) var history: FleetHistory
    public private(set) var cut = VersionVector()

    /// - Parameter events: the log's events in time order (as `RailFleetStore.events()`).
    public init(_ events: [RecordedEvent]) {
        self.events = events
        history = FleetHistory(events)
        for e in events { cut.advance(e.id.device, to: e.id.counter) }
    }

    /// The inputs of the log up to `seq`, made from `previous` (the inputs up to an earlier
    /// position) when the log only grew since, else from the whole log: a snapshot then costs
    /// decoding what was stored since, not the whole history again.
    public static func read(
        _ reader: RailFleetStore, through seq: Int64, previous: (value: ModelInputs, seq: Int64)?
    ) throws -> ModelInputs {
        if let previous, previous.seq <= seq {
            let since = try reader.events(storedAfter: previous.seq, through: seq)
            if since.held == previous.value.events.count + since.gained.count {
                return previous.value.adding(since.gained.map(\.event))
            }
        }
        return ModelInputs(try reader.events(storedAfter: 0, through: seq).gained.map(\.event))
    }

    /// These inputs and `later` events (in time order), as reading the whole log would make them.
    public func adding(_ later: [RecordedEvent]) -> ModelInputs {
        guard let first = later.first else { return self }
        var next = self
        for e in later { next.cut.advance(e.id.device, to: e.id.counter) }
        if let last = events.last, first.timestamp < last.timestamp {
            // One happened before the newest held (a terminal back from days offline): the
            // history is folded again in time order, from events already decoded.
            next.events = Self.merged(events, later)
            next.history = FleetHistory(next.events)
        } else {
            next.events += later
            for e in later { next.history.apply(e) }
        }
        return next
    }

    /// Two runs in time order as one.
    private static func merged(_ a: [RecordedEvent], _ b: [RecordedEvent]) -> [RecordedEvent] {
        var result: [RecordedEvent] = []
        result.reserveCapacity(a.count + b.count)
        var i = a.startIndex
        var j = b.startIndex
        while i < a.endIndex, j < b.endIndex {
            if b[j].timestamp < a[i].timestamp {
                result.append(b[j])
                j += 1
            } else {
                result.append(a[i])
                i += 1
            }
        }
        result += a[i...]
        result += b[j...]
        return result
    }
}
