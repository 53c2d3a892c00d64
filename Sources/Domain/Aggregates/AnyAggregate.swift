public import Foundation

/// Any aggregate of the domain, so that folds over the whole log need no casts.
public indirect enum AnyAggregate: Sendable, Equatable {
    case device(Aggregate<DeviceState>)
    case user(Aggregate<UserState>)
    case defect(Aggregate<DefectState>)
    case vehicle(Aggregate<VehicleState>)
    case workOrder(Aggregate<WorkOrderState>)
    case part(Aggregate<PartState>)
    case workshop(Aggregate<WorkshopState>)
    case examPlan(Aggregate<ExamPlanState>)
    case model(Aggregate<ModelState>)

    /// An empty aggregate for a reference, before any event.
    public init(_ ref: AggregateRef) {
        switch ref.kind {
        case .device: self = .device(Aggregate(id: ref.id))
        case .user: self = .user(Aggregate(id: ref.id))
        case .defect: self = .defect(Aggregate(id: ref.id))
        case .vehicle: self = .vehicle(Aggregate(id: ref.id))
        case .workOrder: self = .workOrder(Aggregate(id: ref.id))
        case .part: self = .part(Aggregate(id: ref.id))
        case .workshop: self = .workshop(Aggregate(id: ref.id))
        case .examPlan: self = .examPlan(Aggregate(id: ref.id))
        case .model: self = .model(Aggregate(id: ref.id))
        }
    }

    /// Applies an event the aggregate has not seen before.
    public mutating func apply(_ event: RecordedEvent) {
        mutate(Apply(event: event))
    }

    /// Forgets the removal bookkeeping of events that can never be applied here again
    /// (`AggregateBody.forgetStable`).
    ///
    /// - Returns: how many entries were forgotten.
    @discardableResult
    public mutating func forgetStable(where isStable: (EventID) -> Bool) -> Int {
        withoutActuallyEscaping(isStable) { isStable in mutate(ForgetStable(isStable: isStable)) }
    }

    /// Runs a change on whichever aggregate this is, in place.
    private mutating func mutate<Change: AggregateChange>(_ change: Change) -> Change.Result {
        switch self {
        case .device: Self.modify(&self, { if case .device(let a) = $0 { a } else { nil } }, Self.device, change)
        case .user: Self.modify(&self, { if case .user(let a) = $0 { a } else { nil } }, Self.user, change)
        case .defect: Self.modify(&self, { if case .defect(let a) = $0 { a } else { nil } }, Self.defect, change)
        case .vehicle: Self.modify(&self, { if case .vehicle(let a) = $0 { a } else { nil } }, Self.vehicle, change)
        case .workOrder:
            Self.modify(&self, { if case .workOrder(let a) = $0 { a } else { nil } }, Self.workOrder, change)
        case .part: Self.modify(&self, { if case .part(let a) = $0 { a } else { nil } }, Self.part, change)
        case .workshop: Self.modify(&self, { if case .workshop(let a) = $0 { a } else { nil } }, Self.workshop, change)
        case .examPlan: Self.modify(&self, { if case .examPlan(let a) = $0 { a } else { nil } }, Self.examPlan, change)
        case .model: Self.modify(&self, { if case .model(let a) = $0 { a } else { nil } }, Self.model, change)
        }
    }

    /// Takes the payload out, leaves a placeholder so that the box is released, changes the
    /// payload and puts it back. The payload is then uniquely referenced and its dictionaries
    /// change in place: a payload bound in a `switch` case keeps the box alive (measured: it
    /// copied a vehicle's readings on every event, quadratic in its history).
    private static func modify<Body: AggregateBody, Change: AggregateChange>(
        _ any: inout AnyAggregate, _ extract: (AnyAggregate) -> Aggregate<Body>?,
        _ wrap: (Aggregate<Body>) -> AnyAggregate, _ change: Change
    ) -> Change.Result {
        guard var payload = extract(any) else { preconditionFailure("extracted the wrong kind of aggregate") }
        any = .device(Aggregate(id: ""))
        defer { any = wrap(payload) }
        return change(&payload)
    }

    /// The aggregate as a time-travel checkpoint stores it: without the removal bookkeeping
    /// of events the checkpoint covers (its fold drops them if they come again, so they can
    /// never be applied to it), and as `AggregateBody.trimmedForCheckpoint` leaves it.
    public func trimmedForCheckpoint(covered: CausalContext) -> AnyAggregate {
        var trimmed = self
        trimmed.forgetStable(where: covered.contains)
        trimmed.mutate(Trim())
        return trimmed
    }

    /// Whether an event needs this kind's whole state rather than a checkpoint's.
    public static func needsWholeState(_ event: RecordedEvent) -> Bool {
        event.aggregate.kind == .vehicle && VehicleState.needsWholeState(event.event)
    }

    public var ref: AggregateRef {
        switch self {
        case .device(let a): a.ref
        case .user(let a): a.ref
        case .defect(let a): a.ref
        case .vehicle(let a): a.ref
        case .workOrder(let a): a.ref
        case .part(let a): a.ref
        case .workshop(let a): a.ref
        case .examPlan(let a): a.ref
        case .model(let a): a.ref
        }
    }

    /// The latest valid time among its events.
    public var lastStamp: HLCTimestamp? {
        switch self {
        case .device(let a): a.lastStamp
        case .user(let a): a.lastStamp
        case .defect(let a): a.lastStamp
        case .vehicle(let a): a.lastStamp
        case .workOrder(let a): a.lastStamp
        case .part(let a): a.lastStamp
        case .workshop(let a): a.lastStamp
        case .examPlan(let a): a.lastStamp
        case .model(let a): a.lastStamp
        }
    }

    public var version: Int {
        switch self {
        case .device(let a): a.version
        case .user(let a): a.version
        case .defect(let a): a.version
        case .vehicle(let a): a.version
        case .workOrder(let a): a.version
        case .part(let a): a.version
        case .workshop(let a): a.version
        case .examPlan(let a): a.version
        case .model(let a): a.version
        }
    }

    /// Conflict notices still open on this aggregate.
    public var notices: [ConflictNotice] {
        switch self {
        case .vehicle(let a): a.body.notices(a.ref)
        case .workOrder(let a): a.body.notices(a.ref)
        case .part(let a): a.body.notices(a.ref)
        case .user(let a): a.body.notices(a.ref)
        default: []
        }
    }

    /// The state as JSON, for snapshots and time-travel checkpoints: canonical JSON, which
    /// encodes several times faster than Foundation's.
    public func encoded() throws -> Data {
        switch self {
        case .device(let a): Data(try CanonicalJSON.encode(a))
        case .user(let a): Data(try CanonicalJSON.encode(a))
        case .defect(let a): Data(try CanonicalJSON.encode(a))
        case .vehicle(let a): Data(try CanonicalJSON.encode(a))
        case .workOrder(let a): Data(try CanonicalJSON.encode(a))
        case .part(let a): Data(try CanonicalJSON.encode(a))
        case .workshop(let a): Data(try CanonicalJSON.encode(a))
        case .examPlan(let a): Data(try CanonicalJSON.encode(a))
        case .model(let a): Data(try CanonicalJSON.encode(a))
        }
    }

    /// A state `encoded()` wrote (or an earlier version's Foundation encoder). Foundation's
    /// decoder, not the canonical one: measured, it reads a vehicle with 10,000 readings in
    /// 10.7 ms against 16 ms, and small states as fast.
    public static func decode(_ kind: AggregateKind, from data: Data) throws -> AnyAggregate {
        let decoder = JSONDecoder()
        return switch kind {
        case .device: .device(try decoder.decode(Aggregate<DeviceState>.self, from: data))
        case .user: .user(try decoder.decode(Aggregate<UserState>.self, from: data))
        case .defect: .defect(try decoder.decode(Aggregate<DefectState>.self, from: data))
        case .vehicle: .vehicle(try decoder.decode(Aggregate<VehicleState>.self, from: data))
        case .workOrder: .workOrder(try decoder.decode(Aggregate<WorkOrderState>.self, from: data))
        case .part: .part(try decoder.decode(Aggregate<PartState>.self, from: data))
        case .workshop: .workshop(try decoder.decode(Aggregate<WorkshopState>.self, from: data))
        case .examPlan: .examPlan(try decoder.decode(Aggregate<ExamPlanState>.self, from: data))
        case .model: .model(try decoder.decode(Aggregate<ModelState>.self, from: data))
        }
    }
}

/// Every aggregate a set of events builds: the whole replica's state, as one CRDT.
///
/// Applying an event is commutative, associative and idempotent: its causal context (a
/// version vector plus out-of-order dots) drops an event seen before. The context is
/// replica-wide because a replica receives each device's events without gaps, so it stays
/// a plain version vector once delivery catches up.
public struct AggregateSet: Sendable, Equatable {
    public private(set) var aggregates: [AggregateRef: AnyAggregate] = [:]
    public private(set) var covered = CausalContext()

    public init() {}

    /// A set as a checkpoint stored it: its aggregates and the events they cover.
    public init(aggregates: [AggregateRef: AnyAggregate], covered: CausalContext) {
        self.aggregates = aggregates
        self.covered = covered
    }

    /// Folds events in any order; the result depends only on the set of events.
    public init(_ events: some Sequence<RecordedEvent>) {
        for event in events { apply(event) }
    }

    /// Applies an event; returns false (and changes nothing) if it was seen before.
    @discardableResult
    public mutating func apply(_ event: RecordedEvent) -> Bool {
        guard covered.insert(event.id) else { return false }
        aggregates[event.aggregate, default: AnyAggregate(event.aggregate)].apply(event)
        return true
    }

    public subscript(ref: AggregateRef) -> AnyAggregate? {
        get { aggregates[ref] }
        set { aggregates[ref] = newValue }
    }

    /// The set as a time-travel checkpoint stores it (`AnyAggregate.trimmedForCheckpoint`).
    public func trimmedForCheckpoint() -> AggregateSet {
        AggregateSet(aggregates: aggregates.mapValues { $0.trimmedForCheckpoint(covered: covered) }, covered: covered)
    }
}

/// A change that works on an aggregate of any kind (see `AnyAggregate.mutate`).
private protocol AggregateChange {
    associatedtype Result
    func callAsFunction<Body: AggregateBody>(_ aggregate: inout Aggregate<Body>) -> Result
}

private struct Apply: AggregateChange {
    let event: RecordedEvent
    func callAsFunction<Body: AggregateBody>(_ aggregate: inout Aggregate<Body>) { aggregate.apply(event) }
}

private struct Trim: AggregateChange {
    func callAsFunction<Body: AggregateBody>(_ aggregate: inout Aggregate<Body>) {
        aggregate = aggregate.trimmedForCheckpoint()
    }
}

private struct ForgetStable: AggregateChange {
    let isStable: (EventID) -> Bool
    func callAsFunction<Body: AggregateBody>(_ aggregate: inout Aggregate<Body>) -> Int {
        aggregate.forgetStable(where: isStable)
    }
}
