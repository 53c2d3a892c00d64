public import Domain

/// The fleet's facts arranged for the figures: per vehicle, per work order, per part and
/// location, each list in valid-time order. Built from facts in any order: ties at one
/// millisecond are settled by the rest of the HLC stamp and the event's identity, so that
/// two replicas holding the same events compute the same figures.
public struct FleetFacts: Sendable {
    /// A total order of facts: the HLC stamp, then the event.
    struct Stamp: Comparable, Sendable {
        var ms: Int64
        var logical: UInt32
        var event: EventID
        /// The fact's place in what was given: it only settles legs of one event.
        var leg: Int

        static func < (a: Self, b: Self) -> Bool {
            (a.ms, a.logical, a.event, a.leg) < (b.ms, b.logical, b.event, b.leg)
        }
    }
    struct Dated<Value: Sendable>: Sendable {
        var ms: Int64
        var event: EventID
        var value: Value
    }
    struct Vehicle: Sendable {
        var id: String
        var fleetNumber = ""
        var vehicleClass = ""
        var depot = ""
        var depotStamp: Stamp?
        var registeredMs: Int64 = .max
        var registration: EventID?
        var registrationKm = 0
        /// The first withdrawal: the vehicle's hours end there.
        var withdrawnMs: Int64 = .max
        var statuses: [Dated<VehicleStatus>] = []
        /// Readings still standing (withdrawn ones removed), the registration's first.
        var readings: [Dated<Int>] = []
        var exams: [Dated<(level: String, km: Int, day: Int)>] = []
        var defects: [Defect] = []
    }
    struct Defect: Sendable {
        var id: String
        var ms: Int64
        var event: EventID
        var severity: DefectSeverity
        var system: String
        var orders: [String] = []
        var closedMs: Int64?
        var closingOrder: String?
        var isFailure: Bool { severity != .minor }
    }
    struct Order: Sendable {
        var id: String
        var number = ""
        var vehicle: Int?
        var type: WorkOrderType = .corrective
        var openedMs: Int64?
        var opened: EventID?
        var workshop: Int?
        var workshopStamp: Stamp?
        var startedMs: Int64?
        var releasedMs: Int64?
        var released: EventID?
        var endedMs: Int64?
        var ended: EventID?
        var bookings: [Int] = []
    }
    struct Booking: Sendable {
        var ms: Int64
        var event: EventID
        var order: Int
        var minutes: Int
        var labourMinor: Double
        var partsMinor: Double
        var part: Int?
        var quantity: Int
    }
    struct Part: Sendable {
        var id: String
        var number: String
        var reorderPoint = 0
        /// Each location's movements, in order.
        var legs: [String: [Dated<(delta: Int, reason: StockMoveReason)>]] = [:]
    }

    private(set) var vehicles: [Vehicle] = []
    private(set) var vehicleIndex: [String: Int] = [:]
    private(set) var orders: [Order] = []
    private(set) var bookings: [Booking] = []
    private(set) var workshops: [(id: String, name: String)] = []
    private(set) var parts: [Part] = []
    /// Each class's plan: the latest definition of each level.
    private(set) var plans: [String: [ExamLevelDefined]] = [:]
    /// The latest valid time of any fact: figures after it are unknown, not zero.
    public private(set) var latestMs: Int64?

    public var vehicleCount: Int { vehicles.count }

    /// The start of the first month the fleet was there for the whole of: months before it
    /// would read as months without failures, km or costs.
    public var firstCompleteMonth: Int64? {
        guard let first = vehicles.map(\.registeredMs).min(), first < .max else { return nil }
        let start = Granularity.month.start(of: first)
        return start == first ? start : Granularity.month.next(after: first)
    }

    public init(_ facts: [AnalyticsFact]) {
        // Sorted as indices, by keys held apart: moving the facts themselves costs more than
        // the comparisons. Legs of one event tie on the stamp; their order changes no sum.
        let keys = facts.map { (ms: $0.ms, logical: $0.logical) }
        let order = facts.indices.sorted { i, j in
            if keys[i] != keys[j] { return keys[i] < keys[j] }
            let (a, b) = (facts[i].event, facts[j].event)
            return a != b ? a < b : i < j
        }
        let stamped = order.lazy.map { i in
            (Stamp(ms: keys[i].ms, logical: keys[i].logical, event: facts[i].event, leg: i), facts[i])
        }
        latestMs = order.last.map { keys[$0].ms }

        // Identities first, so that later facts find their vehicle, order, workshop or part
        // whatever the order of their events.
        var workshopIndex: [String: Int] = [:]
        var partIndex: [String: Int] = [:]
        var orderIndex: [String: Int] = [:]
        var defectIndex: [String: (vehicle: Int, defect: Int)] = [:]
        var planStamps: [String: [String: (Stamp, ExamLevelDefined)]] = [:]
        for (stamp, fact) in stamped {
            switch fact.body {
            case .vehicleRegistered(let id, let number, let cls, let depot, let km):
                let i = vehicleSlot(id)
                guard stamp.ms < vehicles[i].registeredMs else { continue }
                vehicles[i].fleetNumber = number
                vehicles[i].vehicleClass = cls
                vehicles[i].registeredMs = stamp.ms
                vehicles[i].registration = fact.event
                vehicles[i].registrationKm = km
                if vehicles[i].depotStamp == nil { vehicles[i].depot = depot }
            case .workshop(let id, let name):
                if workshopIndex[id] == nil {
                    workshopIndex[id] = workshops.count
                    workshops.append((id, name))
                }
            case .partRegistered(let id, let number, let reorder):
                if partIndex[id] == nil {
                    partIndex[id] = parts.count
                    parts.append(Part(id: id, number: number, reorderPoint: reorder))
                }
            case .examLevel(let d):
                if let held = planStamps[d.vehicleClass]?[d.level], held.0 > stamp { continue }
                planStamps[d.vehicleClass, default: [:]][d.level] = (stamp, d)
            default: continue
            }
        }
        plans = planStamps.mapValues { $0.values.map(\.1).sorted { $0.level < $1.level } }
        // Readings a correction withdrew, per vehicle.
        var withdrawn: [String: Set<EventID>] = [:]
        for (_, fact) in stamped {
            if case .correction(let v, _, let ids) = fact.body, !ids.isEmpty {
                withdrawn[v, default: []].formUnion(ids)
            }
        }
        for (stamp, fact) in stamped {
            switch fact.body {
            case .vehicleRegistered(let v, _, _, _, let km):
                let i = vehicleSlot(v)
                vehicles[i].readings.append(Dated(ms: stamp.ms, event: fact.event, value: km))
            case .depotChanged(let v, let depot):
                let i = vehicleSlot(v)
                if let held = vehicles[i].depotStamp, held > stamp { continue }
                vehicles[i].depot = depot
                vehicles[i].depotStamp = stamp
            case .status(let v, let status):
                let i = vehicleSlot(v)
                vehicles[i].statuses.append(Dated(ms: stamp.ms, event: fact.event, value: status))
                if status == .withdrawn { vehicles[i].withdrawnMs = min(vehicles[i].withdrawnMs, stamp.ms) }
            case .reading(let v, let km), .correction(let v, let km, _):
                let i = vehicleSlot(v)
                vehicles[i].readings.append(Dated(ms: stamp.ms, event: fact.event, value: km))
            case .exam(let v, let level, let km, let day):
                let i = vehicleSlot(v)
                vehicles[i].exams.append(Dated(ms: stamp.ms, event: fact.event, value: (level, km, day)))
            case .defect(let id, let v, let severity, let system):
                guard defectIndex[id] == nil else { continue }
                let i = vehicleSlot(v)
                defectIndex[id] = (i, vehicles[i].defects.count)
                vehicles[i].defects.append(
                    Defect(id: id, ms: stamp.ms, event: fact.event, severity: severity, system: system))
            case .orderOpened(let id, let v, let number, let type):
                let o = orderSlot(id, &orderIndex)
                guard orders[o].openedMs == nil else { continue }
                orders[o].number = number
                orders[o].vehicle = vehicleSlot(v)
                orders[o].type = type
                orders[o].openedMs = stamp.ms
                orders[o].opened = fact.event
            default: continue
            }
        }
        for (v, ids) in withdrawn {
            if let i = vehicleIndex[v] { vehicles[i].readings.removeAll { ids.contains($0.event) } }
        }
        for (stamp, fact) in stamped {
            switch fact.body {
            case .orderStage(let id, let stage):
                let o = orderSlot(id, &orderIndex)
                switch stage {
                case .inProgress: orders[o].startedMs = min(orders[o].startedMs ?? .max, stamp.ms)
                case .releasedToService where orders[o].releasedMs == nil:
                    orders[o].releasedMs = stamp.ms
                    orders[o].released = fact.event
                case .closed where orders[o].endedMs == nil:
                    orders[o].endedMs = stamp.ms
                    orders[o].ended = fact.event
                default: continue
                }
            case .orderCancelled(let id):
                let o = orderSlot(id, &orderIndex)
                if orders[o].endedMs == nil {
                    orders[o].endedMs = stamp.ms
                    orders[o].ended = fact.event
                }
            case .orderAssigned(let id, let workshop):
                let o = orderSlot(id, &orderIndex)
                if let held = orders[o].workshopStamp, held > stamp { continue }
                if workshopIndex[workshop] == nil {
                    workshopIndex[workshop] = workshops.count
                    workshops.append((workshop, workshop))
                }
                orders[o].workshop = workshopIndex[workshop]
                orders[o].workshopStamp = stamp
            case .hours(let id, let minutes, let rate):
                let o = orderSlot(id, &orderIndex)
                orders[o].bookings.append(bookings.count)
                bookings.append(
                    Booking(
                        ms: stamp.ms, event: fact.event, order: o, minutes: minutes,
                        labourMinor: Double(minutes) * Double(rate) / 60, partsMinor: 0, part: nil, quantity: 0))
            case .partBooked(let id, let part, let quantity, let cost):
                let o = orderSlot(id, &orderIndex)
                orders[o].bookings.append(bookings.count)
                bookings.append(
                    Booking(
                        ms: stamp.ms, event: fact.event, order: o, minutes: 0, labourMinor: 0,
                        partsMinor: Double(quantity) * Double(cost), part: partIndex[part], quantity: quantity))
            case .defectLinked(let id, let order):
                guard let (v, d) = defectIndex[id] else { continue }
                vehicles[v].defects[d].orders.append(order)
            case .defectClosed(let id, let order):
                guard let (v, d) = defectIndex[id], vehicles[v].defects[d].closedMs == nil else { continue }
                vehicles[v].defects[d].closedMs = stamp.ms
                vehicles[v].defects[d].closingOrder = order
            case .stock(let part, let location, let delta, let reason):
                guard let p = partIndex[part] else { continue }
                parts[p].legs[location, default: []].append(
                    Dated(ms: stamp.ms, event: fact.event, value: (delta, reason)))
            default: continue
            }
        }
        self.orderIndex = orderIndex
    }

    private(set) var orderIndex: [String: Int] = [:]

    private mutating func vehicleSlot(_ id: String) -> Int {
        if let i = vehicleIndex[id] { return i }
        vehicleIndex[id] = vehicles.count
        vehicles.append(Vehicle(id: id))
        return vehicles.count - 1
    }

    private mutating func orderSlot(_ id: String, _ index: inout [String: Int]) -> Int {
        if let i = index[id] { return i }
        index[id] = orders.count
        orders.append(Order(id: id))
        return orders.count - 1
    }

    /// When an order's repair held: its release to service.
    func releaseMs(ofOrder id: String) -> Int64? { orderIndex[id].flatMap { orders[$0].releasedMs } }
}
