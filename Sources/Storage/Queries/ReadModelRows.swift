public import Domain

/// The read models' rows computed from aggregate state, exactly as the projections write
/// them: what the panes show of a past moment, where no table holds it.
public struct ReadModelRows: Sendable, Equatable {
    /// Every registered vehicle, by fleet number.
    public var fleet: [FleetRow]
    /// Every work order (or only the open ones), in the order they were opened.
    public var workOrders: [WorkOrderRow]
    /// Every registered part, by part number.
    public var parts: [PartRow]

    /// - Parameters:
    ///   - set: the aggregates' state.
    ///   - today: the day against which exam urgency is judged.
    ///   - closedWorkOrders: whether closed and cancelled work orders get rows too; a fleet's
    ///     history holds thousands, and a screen showing open ones need not build them.
    public init(_ set: AggregateSet, today: Int, closedWorkOrders: Bool = true) {
        var openWorkOrders: [String: Int] = [:]
        var openDefects: [String: Int] = [:]
        var fleetNumbers: [String: String] = [:]
        var workOrders: [Aggregate<WorkOrderState>] = []
        var parts: [PartRow] = []
        for aggregate in set.aggregates.values {
            switch aggregate {
            case .workOrder(let w):
                guard let v = w.body.opened.value?.vehicleID else { continue }
                let isOpen = w.body.status.isOpen
                if isOpen { openWorkOrders[v, default: 0] += 1 }
                if isOpen || closedWorkOrders { workOrders.append(w) }
            case .defect(let d):
                if let v = d.body.report.value?.vehicleID, !d.body.isClosed { openDefects[v, default: 0] += 1 }
            case .vehicle(let v): if let number = v.body.fleetNumber.value { fleetNumbers[v.id] = number }
            case .part(let p): if let row = PartRow(p) { parts.append(row) }
            default: break
            }
        }
        fleet = set.aggregates.values.compactMap { aggregate -> FleetRow? in
            guard case .vehicle(let v) = aggregate, v.body.isRegistered else { return nil }
            return FleetRow(
                vehicle: v, plan: set.examPlan(of: v.body), today: today, openWorkOrders: openWorkOrders[v.id] ?? 0,
                openDefects: openDefects[v.id] ?? 0)
        }
        .sorted(byKey: \.listKey)
        // The work-order query's order, from state: when opened, then number.
        self.workOrders = workOrders.sorted(byKey: \.openingKey)
            .compactMap { WorkOrderRow($0, fleetNumber: fleetNumbers[$0.body.opened.value?.vehicleID ?? ""]) }
        self.parts = parts.sorted(byKey: \.listKey)
    }

    /// One vehicle's defects (newest first) and work orders (oldest first), all of them.
    public static func history(of vehicleID: String, in set: AggregateSet) -> (
        defects: [DefectRow], workOrders: [WorkOrderRow]
    ) {
        let fleetNumber: String? =
            if case .vehicle(let v)? = set[AggregateRef(.vehicle, vehicleID)] { v.body.fleetNumber.value } else { nil }
        var defects: [Aggregate<DefectState>] = []
        var workOrders: [Aggregate<WorkOrderState>] = []
        for aggregate in set.aggregates.values {
            switch aggregate {
            case .defect(let d) where d.body.report.value?.vehicleID == vehicleID: defects.append(d)
            case .workOrder(let w) where w.body.opened.value?.vehicleID == vehicleID: workOrders.append(w)
            default: break
            }
        }
        // Newest defect first, as the defects query lists them.
        let newest = defects.sorted { ($0.body.reportedAtMs ?? 0, $1.id) > ($1.body.reportedAtMs ?? 0, $0.id) }
        return (
            newest.compactMap { DefectRow($0, fleetNumber: fleetNumber) },
            workOrders.sorted(byKey: \.openingKey).compactMap { WorkOrderRow($0, fleetNumber: fleetNumber) }
        )
    }
}

extension Array {
    /// The elements in the order of a two-part key computed once per element, moving
    /// indices rather than the elements: rows are a few hundred bytes, and thousands of
    /// them are sorted on every scrub step.
    public func sorted<A: Comparable, B: Comparable>(byKey key: (Element) -> (A, B)) -> [Element] {
        let keys = map(key)
        return keys.indices.sorted { keys[$0] < keys[$1] }.map { self[$0] }
    }
}

extension FleetRow {
    /// The fleet list's order: fleet number, then id.
    public var listKey: (String, String) { (fleetNumber, vehicleID) }
}

extension PartRow {
    /// The parts list's order: part number, then id.
    public var listKey: (String, String) { (partNumber, partID) }
}

extension WorkOrderRow {
    /// The work-order list's order: when opened, then number, as the query orders them.
    public var listKey: (Instant, String) { (openedAt, number) }
}

extension Aggregate<WorkOrderState> {
    /// The work-order query's order, from state: when opened, then number.
    var openingKey: (Int64, String) { (body.reachedAtMs[.requested] ?? 0, body.opened.value?.number ?? "") }
}

extension AggregateSet {
    /// The maintenance plan of a vehicle's class, if one is defined.
    func examPlan(of vehicle: VehicleState) -> ExamPlanState? {
        guard let cls = vehicle.vehicleClass.value, case .examPlan(let p)? = self[AggregateRef(.examPlan, cls)] else {
            return nil
        }
        return p.body
    }
}

extension FleetRow {
    /// A fleet row computed from a vehicle's state, as the projection would write it.
    init(vehicle v: Aggregate<VehicleState>, plan: ExamPlanState?, today: Int, openWorkOrders: Int, openDefects: Int) {
        let s = v.body
        let next = ExamSchedule.dues(vehicle: s, plan: plan).first.map {
            NextExam($0, today: today, odometerKm: s.odometerKm)
        }
        self.init(
            vehicleID: v.id, fleetNumber: s.fleetNumber.value ?? "", evn: s.evn.value ?? "",
            vehicleClass: s.vehicleClass.value ?? "",
            kind: s.kind.value, keeper: s.keeper.value, depot: s.depot.value, status: s.currentStatus,
            statusReason: s.statusReason.value.flatMap { $0.isEmpty ? nil : $0 }, odometerKm: s.odometerKm,
            tags: s.tags.elements.sorted(),
            nextExam: next, openWorkOrders: openWorkOrders, openDefects: openDefects)
    }
}

extension WorkOrderRow {
    /// Nil before the work order is opened.
    init?(_ w: Aggregate<WorkOrderState>, fleetNumber: String?) {
        let s = w.body
        guard let o = s.opened.value else { return nil }
        self.init(
            workOrderID: w.id, number: o.number, vehicleID: o.vehicleID, fleetNumber: fleetNumber, title: o.title,
            type: o.type, priority: o.priority, status: s.status, examLevel: o.examLevel, defect: o.defect,
            workshopID: s.workshopID.value, technicians: s.technicians.elements.sorted(),
            plannedDate: s.plannedDay.value.map(Day.init), bookedMinutes: s.bookedMinutes, cost: s.cost,
            failureCode: s.failureCode.value, openedAt: Instant(ms: s.reachedAtMs[.requested] ?? 0))
    }
}

extension PartRow {
    /// Nil before the part is registered.
    init?(_ p: Aggregate<PartState>) {
        let s = p.body
        guard let m = s.master.value else { return nil }
        self.init(
            partID: p.id, partNumber: m.partNumber, name: m.name, kind: m.kind, unit: m.unit,
            minimum: m.minimum, maximum: m.maximum,
            reorderPoint: m.reorderPoint, leadTimeDays: m.leadTimeDays, unitCost: m.unitCost, onHand: s.onHand,
            reserved: s.reserved(),
            available: s.available, belowReorderPoint: s.available <= m.reorderPoint,
            locations: s.stockLocations.map {
                StockLevel(
                    location: $0, onHand: s.onHand(at: $0), reserved: s.reserved(at: $0), available: s.available(at: $0)
                )
            })
    }
}

extension PartState {
    /// Every location with stock or a reservation, sorted: the stock-level rows.
    var stockLocations: [String] { Set(locations).union(reservations.elements.map(\.location)).sorted() }
}

extension DefectRow {
    /// Nil before the defect is reported.
    init?(_ d: Aggregate<DefectState>, fleetNumber: String?) {
        guard let r = d.body.report.value else { return nil }
        self.init(
            defectID: d.id, vehicleID: r.vehicleID, fleetNumber: fleetNumber, description: r.description,
            severity: r.severity,
            system: r.system, isOpen: !d.body.isClosed, workOrders: d.body.workOrders.elements.sorted(),
            resolution: d.body.resolution.value,
            reportedAt: Instant(ms: d.body.reportedAtMs ?? 0))
    }
}
