public import Domain

/// A replica in memory: it issues events from what it sees and receives others' events in
/// any order, duplicates included. Convergence tests run several of them.
public struct Replica {
    public let device: DeviceID
    public var clock: HybridLogicalClock
    public var counter: UInt64 = 0
    public var state = AggregateSet()
    public var log: [RecordedEvent] = []

    public init(_ name: String) {
        device = DeviceID(name)
        clock = HybridLogicalClock(device: device)
    }

    public mutating func receive(_ event: RecordedEvent) {
        clock.observe(event.timestamp)
        if state.apply(event) { log.append(event) }
    }

    public mutating func issue(_ ref: AggregateRef, _ event: DomainEvent, nowMs: Int64) -> RecordedEvent {
        counter += 1
        let recorded = RecordedEvent(
            id: EventID(device: device, counter: counter), timestamp: clock.tick(nowMs: nowMs), recordedAtMs: nowMs,
            aggregate: ref,
            user: "u", role: .admin, correlationID: "c", causationID: nil, event: event)
        receive(recorded)
        return recorded
    }
}
