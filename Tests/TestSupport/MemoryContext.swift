public import Domain

/// An in-memory replica for deciding commands: the domain's own fold, no storage.
public final class MemoryContext: DecisionContext {
    public init() {}

    public var state = AggregateSet()
    public var replica = Replica("t1")
    public var nowMs: Int64 = 86_400_000 * 20_000
    public var ids = 0
    public var labourRate = Money(minorUnits: 6000)

    public func typed<T>(_ ref: AggregateRef, _ extract: (AnyAggregate) -> T?) -> T? { state[ref].flatMap(extract) }
    public func vehicle(_ id: String) -> Aggregate<VehicleState>? {
        typed(AggregateRef(.vehicle, id)) { if case .vehicle(let a) = $0 { a } else { nil } }
    }
    public func workOrder(_ id: String) -> Aggregate<WorkOrderState>? {
        typed(AggregateRef(.workOrder, id)) { if case .workOrder(let a) = $0 { a } else { nil } }
    }
    public func defect(_ id: String) -> Aggregate<DefectState>? {
        typed(AggregateRef(.defect, id)) { if case .defect(let a) = $0 { a } else { nil } }
    }
    public func part(_ id: String) -> Aggregate<PartState>? {
        typed(AggregateRef(.part, id)) { if case .part(let a) = $0 { a } else { nil } }
    }
    public func workshop(_ id: String) -> Aggregate<WorkshopState>? {
        typed(AggregateRef(.workshop, id)) { if case .workshop(let a) = $0 { a } else { nil } }
    }
    public func user(_ name: String) -> Aggregate<UserState>? {
        typed(AggregateRef(.user, name)) { if case .user(let a) = $0 { a } else { nil } }
    }
    /// The in-memory replica keeps no hashes.
    public func eventHash(_ id: EventID) -> String? { nil }
    public func device(_ id: String) -> Aggregate<DeviceState>? {
        typed(AggregateRef(.device, id)) { if case .device(let a) = $0 { a } else { nil } }
    }
    public func vehicleID(forFleetNumber n: String) -> String? {
        state.aggregates.values.compactMap {
            if case .vehicle(let v) = $0, v.body.fleetNumber.value == n { v.id } else { nil }
        }.first
    }
    public func partID(forPartNumber n: String) -> String? {
        state.aggregates.values.compactMap {
            if case .part(let p) = $0, p.body.master.value?.partNumber.lowercased() == n.lowercased() {
                p.id
            } else {
                nil
            }
        }.first
    }
    public func examPlan(_ vehicleClass: String) -> ExamPlanState? {
        typed(AggregateRef(.examPlan, vehicleClass)) { if case .examPlan(let a) = $0 { a.body } else { nil } }
    }
    public func vehicleID(forEVN evn: String) -> String? {
        state.aggregates.values.compactMap {
            if case .vehicle(let v) = $0, v.body.evn.value == evn, v.body.currentStatus != .withdrawn {
                v.id
            } else {
                nil
            }
        }.first
    }
    public func workshopID(forName name: String) -> String? {
        state.aggregates.values.compactMap {
            if case .workshop(let w) = $0, w.body.details.value?.name == name { w.id } else { nil }
        }.first
    }
    public func userNames(withRole role: Role) -> [String] {
        state.aggregates.values.compactMap {
            if case .user(let u) = $0, u.body.role.value == role { u.body.name.value } else { nil }
        }.sorted()
    }
    public func partIDs(reservedFor workOrderID: String) -> [String] {
        state.aggregates.values.compactMap {
            if case .part(let p) = $0, !p.body.reservationTags(for: workOrderID).isEmpty { p.id } else { nil }
        }
    }
    /// The fleet's founding device: this context's own, unless a test says another founded it.
    public var foundingDeviceOverride: DeviceID?
    public var foundingDevice: DeviceID? { foundingDeviceOverride ?? replica.device }
    public func makeID(for kind: AggregateKind) -> String {
        ids += 1
        return "\(kind.rawValue)-\(ids)"
    }
    public func makeWorkOrderNumber() -> String { "WO-\(ids + 1)" }

    /// Decides and applies; returns the events.
    @discardableResult
    public func run(_ command: Command, as role: Role = .admin, user: String = "alice") throws(DomainError)
        -> [RecordedEvent]
    {
        let pending = try CommandHandler.decide(
            command, by: Actor(user: user, role: role, device: replica.device), in: self)
        nowMs += 1000
        return pending.map { p in
            let e = replica.issue(p.aggregate, p.event, nowMs: nowMs)
            state.apply(e)
            return e
        }
    }
}

extension MemoryContext: CommandRunner {
    public func perform(_ command: Command, as user: String) throws -> [AggregateRef] {
        let role = state[AggregateRef(.user, user)].flatMap {
            if case .user(let u) = $0 { u.body.role.value } else { nil }
        }
        return try run(command, as: role ?? .admin, user: user).map(\.aggregate)
    }
}
