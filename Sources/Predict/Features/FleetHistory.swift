public import Domain

/// What the failure models know of each vehicle, gathered from the log's events in any
/// order: every entry keeps its valid time, and features as of a time read only entries
/// before it (`VehicleFeatures`), so that nothing after that time can leak into them.
public struct FleetHistory: Sendable, Equatable {
    public struct Vehicle: Sendable, Equatable {
        public var id: String
        public var vehicleClass = ""
        public var depot = ""
        public var kind = ""
        public var registeredMs: Int64 = .max
        /// Day number (days since 1970-01-01) of commissioning, when given.
        public var commissionedDay: Int?
        public var readings: [Reading] = []
        public var exams: [Exam] = []
        public var defects: [Defect] = []
        public var workOrders: [WorkOrder] = []
        public var partsBooked: [Dated<Int>] = []
        public var statuses: [Dated<String>] = []
    }

    public struct Dated<Value: Sendable & Equatable>: Sendable, Equatable {
        public var ms: Int64
        public var value: Value
    }
    public struct Reading: Sendable, Equatable {
        public var ms: Int64
        public var km: Int
    }
    public struct Exam: Sendable, Equatable {
        public var ms: Int64
        public var level: String
        public var km: Int
    }
    public struct Defect: Sendable, Equatable {
        public var ms: Int64
        public var system: String
        public var severity: DefectSeverity
        /// Major and critical defects are failures (the KPI's definition too).
        public var isFailure: Bool { severity != .minor }
    }
    /// One exam level of a class's plan: due after `km` or `days`, whichever first, with an
    /// allowed overrun of `tolerancePercent`.
    public struct PlanLevel: Sendable, Equatable {
        public var level: String
        public var km: Int
        public var days: Int
        public var tolerancePercent: Int
        public var includes: [String]
    }
    public struct WorkOrder: Sendable, Equatable {
        public var ms: Int64
        public var type: WorkOrderType
    }

    public private(set) var vehicles: [String: Vehicle] = [:]
    /// Each part's number, and every quantity of it booked on a work order.
    public private(set) var partNumbers: [String: String] = [:]
    public private(set) var partUse: [String: [Dated<Double>]] = [:]
    /// Labour and parts booked, in major units, when booked.
    public private(set) var costs: [Dated<Double>] = []
    /// Which vehicle a work order is for: parts are booked on the order. Bookings met
    /// before their order's opening (events come in any order) wait for it.
    private var vehicleOfOrder: [String: String] = [:]
    private var waitingBookings: [String: [Dated<Int>]] = [:]
    /// Exam levels and defect systems seen, for the features' columns.
    public private(set) var levels: Set<String> = []
    public private(set) var systems: Set<String> = []
    /// Each class's exam plan by level (the latest definition of each).
    public private(set) var plans: [String: [String: PlanLevel]] = [:]
    /// Every definition of each class's levels, for the plan as it stood at a time.
    private var planDefinitions: [String: [Dated<PlanLevel>]] = [:]

    public init() {}

    public init(_ events: some Sequence<RecordedEvent>) {
        for e in events { apply(e) }
    }

    public mutating func apply(_ e: RecordedEvent) {
        let ms = e.timestamp.physicalMs
        switch e.event {
        case .vehicleRegistered(let r):
            update(e.aggregate.id) {
                $0.vehicleClass = r.vehicleClass
                $0.depot = r.depot ?? ""
                $0.kind = r.kind.rawValue
                $0.registeredMs = min($0.registeredMs, ms)
                $0.commissionedDay = r.commissionedOn
                $0.readings.append(Reading(ms: ms, km: r.odometerKm))
            }
        case .odometerRecorded(let r):
            update(e.aggregate.id) { $0.readings.append(Reading(ms: ms, km: r.km)) }
        case .examLevelDefined(let d):
            let level = PlanLevel(
                level: d.level, km: d.intervalKm, days: d.intervalDays, tolerancePercent: d.tolerancePercent,
                includes: d.includes)
            planDefinitions[d.vehicleClass, default: []].append(Dated(ms: ms, value: level))
            plans[d.vehicleClass] = plan(of: d.vehicleClass, at: .max)
        case .examRecorded(let x):
            levels.insert(x.level)
            update(e.aggregate.id) { $0.exams.append(Exam(ms: ms, level: x.level, km: x.km)) }
        case .vehicleStatusChanged(let s):
            update(e.aggregate.id) { $0.statuses.append(Dated(ms: ms, value: s.status.rawValue)) }
        case .defectReported(let d):
            let system = d.system ?? "unknown"
            systems.insert(system)
            update(d.vehicleID) { $0.defects.append(Defect(ms: ms, system: system, severity: d.severity)) }
        case .workOrderOpened(let o):
            vehicleOfOrder[e.aggregate.id] = o.vehicleID
            let waiting = waitingBookings.removeValue(forKey: e.aggregate.id) ?? []
            update(o.vehicleID) {
                $0.workOrders.append(WorkOrder(ms: ms, type: o.type))
                $0.partsBooked += waiting
            }
        case .partRegistered(let p):
            partNumbers[e.aggregate.id] = p.partNumber
        case .hoursBooked(let h):
            costs.append(Dated(ms: ms, value: Double(h.minutes) * Double(h.rate.minorUnits) / 6_000))
        case .partBooked(let p):
            partUse[p.partID, default: []].append(Dated(ms: ms, value: Double(p.quantity)))
            costs.append(Dated(ms: ms, value: Double(p.quantity) * Double(p.unitCost.minorUnits) / 100))
            let booking = Dated(ms: ms, value: p.quantity)
            guard let vehicle = vehicleOfOrder[e.aggregate.id] else {
                return waitingBookings[e.aggregate.id, default: []].append(booking)
            }
            update(vehicle) { $0.partsBooked.append(booking) }
        default:
            return
        }
    }

    /// A class's plan by level as it stood before `t`: of two definitions of a level the
    /// later counts, and of two at the same time the one with the longer intervals, so that
    /// the order the events came in does not matter.
    public func plan(of vehicleClass: String, at t: Int64) -> [String: PlanLevel] {
        var latest: [String: Dated<PlanLevel>] = [:]
        for d in planDefinitions[vehicleClass] ?? [] where d.ms < t {
            let key = (d.ms, d.value.km, d.value.days, d.value.tolerancePercent)
            if let held = latest[d.value.level],
                key <= (held.ms, held.value.km, held.value.days, held.value.tolerancePercent)
            {
                continue
            }
            latest[d.value.level] = d
        }
        return latest.mapValues(\.value)
    }

    /// The same history without anything that happened at or after `t`.
    public func before(_ t: Int64) -> FleetHistory {
        var copy = self
        copy.plans = plans.keys.reduce(into: [:]) { plans, cls in
            let plan = plan(of: cls, at: t)
            if !plan.isEmpty { plans[cls] = plan }
        }
        for (id, v) in vehicles {
            var kept = v
            kept.readings = v.readings.filter { $0.ms < t }
            kept.exams = v.exams.filter { $0.ms < t }
            kept.defects = v.defects.filter { $0.ms < t }
            kept.workOrders = v.workOrders.filter { $0.ms < t }
            kept.partsBooked = v.partsBooked.filter { $0.ms < t }
            kept.statuses = v.statuses.filter { $0.ms < t }
            copy.vehicles[id] = v.registeredMs < t ? kept : nil
        }
        copy.partUse = partUse.mapValues { $0.filter { $0.ms < t } }
        copy.costs = costs.filter { $0.ms < t }
        return copy
    }

    /// Dated values summed per calendar month (UTC) from `firstMonth` up to the month
    /// before `endMonth` (months since year 0), so that a month not yet over is left out.
    public static func monthly(_ values: [Dated<Double>], from firstMonth: Int, to endMonth: Int) -> [Double] {
        var sums = [Double](repeating: 0, count: max(0, endMonth - firstMonth))
        for v in values {
            let m = month(ofMs: v.ms) - firstMonth
            if m >= 0, m < sums.count { sums[m] += v.value }
        }
        return sums
    }

    /// Months since year 0 of a time.
    public static func month(ofMs ms: Int64) -> Int {
        let civil = UTC.civil(fromDays: UTC.day(ofMs: ms))
        return civil.year * 12 + civil.month - 1
    }

    /// The month of the first vehicle's registration: where the fleet's monthly series begin.
    public var firstMonth: Int? { vehicles.values.map(\.registeredMs).min().map(Self.month(ofMs:)) }

    /// The valid time of the latest entry held. Outcomes after it are unknown, not absent: a
    /// replica that heard nothing for months has not seen months without failures, so
    /// training and monthly series end here when asked about a later time.
    public var latestMs: Int64? {
        var latest: Int64?
        func see(_ ms: Int64) { latest = max(latest ?? ms, ms) }
        for v in vehicles.values {
            if v.registeredMs < .max { see(v.registeredMs) }
            for r in v.readings { see(r.ms) }
            for x in v.exams { see(x.ms) }
            for d in v.defects { see(d.ms) }
            for o in v.workOrders { see(o.ms) }
            for p in v.partsBooked { see(p.ms) }
            for s in v.statuses { see(s.ms) }
        }
        for c in costs { see(c.ms) }
        return latest
    }

    /// The months the monthly series of a look at `t` cover: from the first registration to
    /// the month before `t`'s, and no further than the log reaches (its latest entry's month
    /// counts when the entry falls on the month's last day).
    public func months(at t: Int64) -> Range<Int>? {
        guard let first = firstMonth, let latest = latestMs else { return nil }
        let end = min(Self.month(ofMs: t), Self.month(ofMs: latest + 86_400_000))
        return first < end ? first..<end : nil
    }

    /// The same history with only these vehicles.
    public mutating func keepVehicles(_ ids: Set<String>) {
        vehicles = vehicles.filter { ids.contains($0.key) }
    }

    /// Puts a vehicle or a plan's level as it is, for tests of what reads the history.
    mutating func insertForTests(_ vehicle: Vehicle) { vehicles[vehicle.id] = vehicle }
    mutating func insertPlanForTests(_ vehicleClass: String, _ level: PlanLevel) {
        planDefinitions[vehicleClass, default: []].append(Dated(ms: .min, value: level))
        plans[vehicleClass] = plan(of: vehicleClass, at: .max)
    }

    private mutating func update(_ id: String, _ change: (inout Vehicle) -> Void) {
        var vehicle = vehicles[id] ?? Vehicle(id: id)
        change(&vehicle)
        vehicles[id] = vehicle
    }
}
