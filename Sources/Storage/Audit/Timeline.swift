public import Domain
import GRDB

/// Which time a timeline runs on.
public enum TimeAxis: String, Sendable, Equatable {
    /// When things happened: the state as of a moment, with what arrived late included.
    case valid
    /// When this replica stored them: what it knew at a moment.
    case recorded

    /// An event's time on this axis.
    public func time(of e: StoredEvent) -> Int64 {
        self == .valid ? e.event.timestamp.physicalMs : e.event.recordedAtMs
    }

    /// The total order of the axis: its time, then the clock and counter (valid) or the
    /// local sequence (recorded).
    func orders(_ a: StoredEvent, before b: StoredEvent) -> Bool {
        switch self {
        case .valid: (a.event.timestamp, a.event.id.counter) < (b.event.timestamp, b.event.id.counter)
        case .recorded: (a.event.recordedAtMs, a.seq) < (b.event.recordedAtMs, b.seq)
        }
    }
}

/// The whole log in the order of one time axis, held in memory with the replica's state
/// checkpointed every `stride` events, so that the fleet as of any moment is one checkpoint
/// plus at most `stride` events folded: what lets an auditor scrub through time fluidly.
///
/// Folding in either order gives the same state as the log's order would for the same
/// events: aggregates are CRDTs (a remove seen before its add still wins), and a device's
/// own events keep their order on both axes.
public final class Timeline: Sendable {
    /// Every event, ordered by the axis (valid time: then logical clock and counter;
    /// recorded time: then local sequence).
    public let events: [StoredEvent]
    public let axis: TimeAxis
    /// `checkpoints[c]` is the state after the first `c × stride` events.
    let checkpoints: [AggregateSet]
    public let stride: Int
    /// The log's highest local sequence number when this was loaded: later events are added
    /// with `adding` (a window is loaded again).
    public let lastSeq: Int64
    /// What people call each entity (fleet number, work-order number, part number, name),
    /// from the latest state.
    public let names: [AggregateRef: String]
    /// Events of the whole log that sort before `events[0]`: a window of a long history
    /// starts at a stored checkpoint (see `window(from:axis:around:)`); 0 for the whole log.
    public let offset: Int
    /// Events on the axis in the whole log.
    public let total: Int

    /// Whether this holds only part of the log: a cursor beyond it needs another window.
    public var isWindow: Bool { offset > 0 || events.count < total }
    /// Whether the window reaches the log's last event.
    public var reachesEnd: Bool { offset + events.count >= total }

    /// Whether a time of the axis (nil: now) lies beyond what this window holds: before its
    /// first event with history before that, or after its last short of the log's end.
    /// Never for the whole log.
    public func lacks(_ ms: Int64?) -> Bool {
        guard isWindow, let first = events.first, let last = events.last else { return false }
        guard let ms else { return !reachesEnd }
        return (ms < axis.time(of: first) && offset > 0) || (ms > axis.time(of: last) && !reachesEnd)
    }

    public convenience init(_ events: [StoredEvent], axis: TimeAxis = .valid, stride: Int = 4096) {
        self.init(sorted: events.sorted(by: axis.orders), axis: axis, reusing: [], stride: stride)
    }

    /// - Parameters:
    ///   - sorted: the events in the axis' order.
    ///   - axis: the time axis.
    ///   - reusing: checkpoints still true of `sorted`'s prefix.
    ///   - stride: events between two checkpoints.
    ///   - base: the state before `sorted`'s first event (a window's stored checkpoint).
    ///   - offset: events before `sorted`'s first in the whole log.
    ///   - total: events in the whole log; `offset` plus `sorted.count` when nil.
    ///   - known: everyday names known beyond the events' own states.
    ///   - logSeq: the log's highest sequence number; the events' own when nil.
    init(
        sorted: [StoredEvent], axis: TimeAxis, reusing: [AggregateSet], stride: Int,
        base: AggregateSet = AggregateSet(),
        offset: Int = 0, total: Int? = nil, names known: [AggregateRef: String] = [:], lastSeq logSeq: Int64? = nil
    ) {
        precondition(stride > 0)
        events = sorted
        self.axis = axis
        self.stride = stride
        self.offset = offset
        self.total = total ?? offset + sorted.count
        lastSeq = logSeq ?? sorted.map(\.seq).max() ?? 0
        var checkpoints = reusing.isEmpty ? [base] : reusing
        var set = checkpoints[checkpoints.count - 1]
        var i = (checkpoints.count - 1) * stride
        while i < sorted.count {
            set.apply(sorted[i].event)
            i += 1
            if i % stride == 0 { checkpoints.append(set) }
        }
        self.checkpoints = checkpoints
        names = known.merging(set.aggregates.compactMapValues(Self.everydayName)) { _, new in new }
    }

    /// What people call an entity, read straight from its state (all its fields are not
    /// needed, and every refresh names every entity).
    static func everydayName(_ aggregate: AnyAggregate) -> String? {
        switch aggregate {
        case .vehicle(let a): a.body.fleetNumber.value
        case .workOrder(let a): a.body.opened.value?.number
        case .part(let a): a.body.master.value?.partNumber
        case .user(let a): a.body.name.value
        case .workshop(let a): a.body.details.value?.name
        case .device(let a): a.body.enrolment.value?.name
        case .defect, .examPlan, .model: nil
        }
    }

    /// An entity's everyday name, or its id.
    public func name(of ref: AggregateRef) -> String { names[ref] ?? ref.id }

    /// Loads the whole log of a store.
    public static func load(from store: RailFleetStore, axis: TimeAxis = .valid, stride: Int = 4096) throws -> Timeline
    {
        Timeline(try store.storedEvents(after: 0), axis: axis, stride: stride)
    }

    /// A window of a long log: the events of two checkpoint strides from the stored
    /// checkpoint before `ms` (the last ones without a time), over that checkpoint's state.
    /// Memory is bounded by the window and the live aggregates, whatever the log's length;
    /// closed work orders and defects outside the window are not in it.
    public static func window(from store: RailFleetStore, axis: TimeAxis = .valid, around ms: Int64?) throws
        -> Timeline
    {
        let logSeq = try store.lastSeq
        let window = try store.window(axis: axis, around: ms)
        // Names of what the window shows only: a long history names hundreds of thousands.
        let refs = Set(window.base.aggregates.keys).union(window.events.map(\.event.aggregate))
        return Timeline(
            sorted: window.events, axis: axis, reusing: [], stride: 4096, base: window.base, offset: window.offset,
            total: window.total, names: try store.everydayNames(of: refs), lastSeq: logSeq)
    }

    /// This timeline with the store's events stored since it was loaded; checkpoints before
    /// the first late arrival are kept. Returns `self` when nothing is new. A window is loaded
    /// again around the same place (at the end if it reached it).
    public func refreshed(from store: RailFleetStore) throws -> Timeline {
        if isWindow {
            guard try store.lastSeq > lastSeq else { return self }
            return try Self.window(
                from: store, axis: axis, around: reachesEnd ? nil : events.last.map(axis.time))
        }
        let new = try store.storedEvents(after: lastSeq)
        return new.isEmpty ? self : adding(new)
    }

    /// This timeline with more events merged in at their times.
    public func adding(_ more: [StoredEvent]) -> Timeline {
        let more = more.sorted(by: axis.orders)
        guard let first = more.first else { return self }
        let position = insertionIndex(of: first)
        var merged = Array(events[..<position])
        merged.reserveCapacity(events.count + more.count)
        var a = position
        var b = 0
        while a < events.count || b < more.count {
            if b == more.count || (a < events.count && axis.orders(events[a], before: more[b])) {
                merged.append(events[a])
                a += 1
            } else {
                merged.append(more[b])
                b += 1
            }
        }
        return Timeline(
            sorted: merged, axis: axis, reusing: Array(checkpoints.prefix(position / stride + 1)), stride: stride)
    }

    /// Where an event would go: after every event that orders before it.
    func insertionIndex(of event: StoredEvent) -> Int {
        var low = 0
        var high = events.count
        while low < high {
            let mid = (low + high) / 2
            if axis.orders(events[mid], before: event) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The replica's state after the events `0...index` (-1: before the first event).
    ///
    /// - Complexity: O(stride) folds after copying a checkpoint.
    public func state(through index: Int) -> AggregateSet {
        let applied = max(0, min(events.count, index + 1))
        var set = checkpoints[applied / stride]
        for i in (applied / stride * stride)..<applied { set.apply(events[i].event) }
        return set
    }

    /// The last event at or before a time of the axis; -1 if the time is before every event.
    public func index(atOrBefore ms: Int64) -> Int {
        var low = 0
        var high = events.count
        while low < high {
            let mid = (low + high) / 2
            if axis.time(of: events[mid]) <= ms { low = mid + 1 } else { high = mid }
        }
        return low - 1
    }

    /// The nearest event of an aggregate before (`direction` -1) or after (+1) an index.
    public func neighbour(of ref: AggregateRef, from index: Int, direction: Int) -> Int? {
        var i = index + direction.signum()
        while events.indices.contains(i) {
            if events[i].event.aggregate == ref { return i }
            i += direction.signum()
        }
        return nil
    }

    /// An aggregate's latest events up to an index, newest first.
    public func latest(of ref: AggregateRef, through index: Int, limit: Int) -> [StoredEvent] {
        var found: [StoredEvent] = []
        var i = min(index, events.count - 1)
        while i >= 0, found.count < limit {
            if events[i].event.aggregate == ref { found.append(events[i]) }
            i -= 1
        }
        return found
    }

    /// What the read models showed after the events `0...index`, with exam urgency judged on
    /// the day of `ms`.
    public func rows(through index: Int, asOf ms: Int64, closedWorkOrders: Bool = true) -> ReadModelRows {
        ReadModelRows(state(through: index), today: UTC.day(ofMs: ms), closedWorkOrders: closedWorkOrders)
    }

    /// Every aggregate that changed between two points, field by field, in valid-time order
    /// of its first change.
    public func changes(between a: Int, and b: Int) -> [(aggregate: AggregateRef, changes: [FieldChange])] {
        let (from, to) = (min(a, b), max(a, b))
        guard from < to else { return [] }
        let before = state(through: from)
        let after = state(through: to)
        var seen = Set<AggregateRef>()
        var refs: [AggregateRef] = []
        for i in (from + 1)...to where seen.insert(events[i].event.aggregate).inserted {
            refs.append(events[i].event.aggregate)
        }
        return refs.compactMap { ref in
            let old = before[ref].map { AggregateFields($0, naming: { names[$0] }) } ?? .empty
            let new = after[ref].map { AggregateFields($0, naming: { names[$0] }) } ?? .empty
            let changes = old.changes(to: new)
            return changes.isEmpty ? nil : (ref, changes)
        }
    }
}

extension RailFleetStore {
    /// Stored events after a local sequence number, decoded, roughly in valid-time order
    /// (the timeline sorts them exactly).
    func storedEvents(after seq: Int64) throws -> [StoredEvent] {
        try writer.read { db in
            try EventRow.fetchStored(
                db, where: "seq > ?", arguments: [seq], suffix: "ORDER BY hlc_ms, hlc_logical, device, counter")
        }
    }
}
