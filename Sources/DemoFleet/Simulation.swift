import Domain
import Foundation
import Storage

/// The day-by-day simulation behind the demo fleet.
final class Simulation {
    typealias Spec = FleetCatalogue.VehicleClass

    enum Step {
        case openForDefect(title: String, priority: WorkOrderPriority, by: String)
        case approveAndPlan(plannedDay: Int)
        case startWork
        case release
        case close
    }

    struct Job {
        var workOrderID: String?
        var defectID: String?
        let examLevel: String?
        let system: String?
        var steps: [(day: Int, step: Step)]
    }

    struct Vehicle {
        let index: Int
        let spec: Spec
        let depot: String
        let registeredDay: Int
        let commissionedDay: Int
        /// Set when its registration is stored; read through `registeredID`.
        var id: String?
        var odometer: Double
        var lastExam: [String: (day: Int, km: Double)] = [:]
        var job: Job?
        var status = VehicleStatus.inService
        /// How failure-prone this vehicle is beside others of its class (mean 1): some
        /// vehicles are bad actors, as in every real fleet.
        var frailty = 1.0
        var lastFailureDay: Int?

        /// Every step after the first day runs on registered vehicles only.
        var registeredID: String {
            guard let id else { preconditionFailure("vehicle \(index) is used before its registration was stored") }
            return id
        }
    }

    /// One replica of the demo: the office desk (dispatch, planning, stores) or the workshop
    /// terminal where technicians record their work. They exchange events every evening.
    final class Terminal {
        let store: RailFleetStore
        var batch: [RailFleetStore.BatchItem] = []
        var callbacks: [(Int, ([StoredEvent]) -> Void)] = []
        init(_ store: RailFleetStore) { self.store = store }

        /// Stores the queued commands; `finish` then hands each its events.
        func execute() throws -> [[StoredEvent]] { batch.isEmpty ? [] : try store.execute(batch: batch) }

        func finish(_ results: [[StoredEvent]]) {
            for (index, callback) in callbacks { callback(results[index]) }
            batch = []
            callbacks = []
        }
    }

    let office: Terminal
    let workshop: Terminal
    let options: DemoOptions
    let startDay: Int
    var rng: SeededGenerator
    var vehicles: [Vehicle] = []
    var actors: [String: Actor] = [:]
    var partIDs: [String: String] = [:]
    var workshopIDs: [String: String] = [:]
    var stock: [String: Int] = [:]
    var pendingOrders: [String: Int] = [:]
    var workOrdersOpened = 0
    var phases = DemoPhases()
    var failures = 0

    /// Receipts become visible to the workshop terminal after the evening exchange.
    var arrivals: [String: Int] = [:]
    private var clockMs: Int64 = 0
    /// Time between two commands: 37 s for the default fleet, shorter for a larger one, so
    /// that a day's commands fit in its working day (06:00 to the evening exchange at 18:00)
    /// and nothing is stamped after the other terminal's clock when it merges.
    private var clockStepMs: Int64 { min(37_000, max(50, 37_000 * 200 / Int64(options.vehicles))) }
    private var day = 0

    init(office: RailFleetStore, workshop: RailFleetStore, options: DemoOptions, startDay: Int, rng: SeededGenerator)
        throws
    {
        self.office = Terminal(office)
        self.workshop = Terminal(workshop)
        self.options = options
        self.startDay = startDay
        self.rng = rng
    }

    func run(progress: ((Int, Int, Int) -> Void)?) throws {
        try setUp()
        let days = options.endDay - startDay + 1
        for day in startDay...options.endDay {
            try simulate(day)
            if let progress { progress(day - startDay + 1, days, try office.store.storedCount) }
        }
    }

    // MARK: Issuing commands

    private func begin(_ day: Int) {
        self.day = day
        clockMs = Int64(day) * 86_400_000 + 6 * 3_600_000
    }

    /// A catalogue part's id, stored when the demo registered it on its first day.
    private func partID(_ number: String) -> String {
        guard let id = partIDs[number] else { preconditionFailure("part \(number) is used before it was registered") }
        return id
    }

    /// Queues a command on the terminal its user works at.
    private func issue(_ command: Command, by user: String, then callback: (([StoredEvent]) -> Void)? = nil) {
        clockMs += clockStepMs
        guard let actor = actors[user] else { preconditionFailure("the demo has no user '\(user)'") }
        let terminal = actor.role == .technician ? workshop : office
        terminal.batch.append(.init(command, by: actor, at: clockMs))
        if let callback { terminal.callbacks.append((terminal.batch.count - 1, callback)) }
    }

    /// Runs the day's commands on both terminals, then lets them exchange what the other lacks.
    private func flush() throws {
        // The two terminals are separate replicas: each step runs on both at once, one per
        // core, and what one hands the other is taken only after both are done.
        var results: ([[StoredEvent]], [[StoredEvent]]) = ([], [])
        phases.commands += try Stopwatch.seconds {
            results = try Self.both({ try office.execute() }, { try workshop.execute() })
        }
        office.finish(results.0)
        workshop.finish(results.1)
        let evening = Int64(day) * 86_400_000 + 18 * 3_600_000
        phases.exchange += try Stopwatch.seconds { try exchange(at: evening) }
        for (key, qty) in arrivals { stock[key, default: 0] += qty }
        arrivals = [:]
    }

    /// The evening exchange: each terminal takes what the other holds and it lacks.
    private func exchange(at evening: Int64) throws {
        let (officeHolds, workshopHolds) = (try office.store.versionVector(), try workshop.store.versionVector())
        let (toWorkshop, toOffice) = try Self.both(
            { try office.store.bundle(after: workshopHolds) }, { try workshop.store.bundle(after: officeHolds) })
        _ = try Self.both(
            { try office.store.merge(toOffice, at: evening) }, { try workshop.store.merge(toWorkshop, at: evening) })
        // Each now holds what the other has: nothing is left unsynced after the evening.
        try office.store.recordPeer(
            workshop.store.identity?.name ?? "workshop", holds: try workshop.store.versionVector(), atMs: evening)
        try workshop.store.recordPeer(
            office.store.identity?.name ?? "office", holds: try office.store.versionVector(), atMs: evening)
    }

    /// Runs two steps at once, one per core; each touches only its own terminal.
    private static func both<T>(_ first: () throws -> T, _ second: () throws -> T) throws -> (T, T) {
        let results = BothResults<T>()
        withoutActuallyEscaping(first) { first in
            withoutActuallyEscaping(second) { second in
                let steps = UncheckedBox([first, second])
                DispatchQueue.concurrentPerform(iterations: 2) { i in results.set(i, Result { try steps.value[i]() }) }
            }
        }
        return (try results.get(0), try results.get(1))
    }

    private func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }

    // MARK: Set-up

    private func setUp() throws {
        begin(startDay)
        let admin = try office.store.actor(for: "admin")
        guard let workshopDevice = workshop.store.identity?.device else {
            throw StorageError(.notInitialised, "the demo's workshop terminal has no identity")
        }
        actors["admin"] = admin
        let people: [(String, Role)] =
            FleetCatalogue.dispatchers.map { ($0, .dispatcher) } + FleetCatalogue.planners.map { ($0, .planner) }
            + FleetCatalogue.technicians.map { ($0, .technician) } + [
                (FleetCatalogue.storekeeper, .storekeeper), (FleetCatalogue.auditor, .auditor),
            ]
        for (name, role) in people {
            issue(.addUser(name: name, role: role), by: "admin")
            actors[name] = Actor(user: name, role: role, device: role == .technician ? workshopDevice : admin.device)
        }
        for depot in FleetCatalogue.depots {
            let workshop = WorkshopRegistered(
                name: "Werk \(depot)", depot: depot, roads: 3 + depot.count % 4,
                skills: ["mechanical", "electrical", "bogies"])
            issue(.registerWorkshop(workshop), by: "admin") { [unowned self] in
                workshopIDs[depot] = $0[0].event.aggregate.id
            }
        }
        for spec in FleetCatalogue.classes {
            for level in spec.examLevels { issue(.defineExamLevel(level), by: "admin") }
        }
        for part in FleetCatalogue.parts {
            let registered = PartRegistered(
                partNumber: part.number, name: part.name, kind: part.kind, unit: "pc", minimum: part.reorderPoint / 2,
                maximum: part.maximum,
                reorderPoint: part.reorderPoint, leadTimeDays: part.leadTimeDays,
                unitCost: Money(minorUnits: part.costMinor))
            issue(.registerPart(registered), by: FleetCatalogue.storekeeper) { [unowned self] in
                partIDs[part.number] = $0[0].event.aggregate.id
            }
        }
        try flush()
        begin(startDay)
        for part in FleetCatalogue.parts {
            for depot in FleetCatalogue.depots {
                let qty = part.maximum * 7 / 10
                issue(
                    .receiveStock(partID: partID(part.number), location: depot, quantity: qty, note: "opening stock"),
                    by: FleetCatalogue.storekeeper)
                arrivals[stockKey(part.number, depot)] = qty
            }
        }
        try flush()
        makeVehicles()
    }

    private func makeVehicles() {
        var counters: [String: Int] = [:]
        for index in 0..<options.vehicles {
            let spec = chooseClass(index)
            counters[spec.name, default: 0] += 1
            let ageDays = 365 + Int(rng.next() % UInt64(25 * 365))
            let registeredDay = startDay + index * 60 / max(1, options.vehicles)
            let odometer = Double(ageDays) * spec.dailyKm * (0.7 + 0.5 * rng.unit())
            var vehicle = Vehicle(
                index: index, spec: spec, depot: FleetCatalogue.depots[index % FleetCatalogue.depots.count],
                registeredDay: registeredDay,
                commissionedDay: registeredDay - ageDays, odometer: odometer.rounded())
            // Log-normal with σ = 1.1, divided by its mean exp(σ²/2).
            let normal = (-2 * log(max(rng.unit(), 1e-12))).squareRoot() * cos(2 * .pi * rng.unit())
            vehicle.frailty = exp(1.1 * normal - 0.605)
            vehicles.append(vehicle)
        }
    }

    private func chooseClass(_ index: Int) -> Spec {
        // Deterministic shares: walk the cumulative distribution at a fixed stride.
        let position = (Double(index) + 0.5) / Double(options.vehicles)
        var cumulative = 0.0
        for spec in FleetCatalogue.classes {
            cumulative += spec.share
            if position < cumulative { return spec }
        }
        return FleetCatalogue.classes[FleetCatalogue.classes.count - 1]
    }

    private func evn(_ spec: Spec, serial: Int) -> String {
        let eleven = spec.evnPrefix + String(format: "%03d", serial % 1000)
        return eleven + String(EVN.checkDigit(of: eleven.compactMap(\.wholeNumberValue)))
    }

    private func stockKey(_ partNumber: String, _ depot: String) -> String { partNumber + "|" + depot }

    // MARK: One day

    private func simulate(_ day: Int) throws {
        begin(day)
        let month = UTC.civil(fromDays: day).month
        for i in vehicles.indices {
            if vehicles[i].registeredDay == day { register(i) }
            guard vehicles[i].id != nil else { continue }
            runJobSteps(i, day: day)
            drive(i, day: day, month: month)
        }
        restock(day)
        try flush()
    }

    private func register(_ i: Int) {
        let v = vehicles[i]
        let serial = vehicles[..<i].filter { $0.spec.name == v.spec.name }.count + 1
        let registered = VehicleRegistered(
            fleetNumber: "\(v.spec.fleetPrefix)-\(String(format: "%03d", serial))", evn: evn(v.spec, serial: serial),
            vehicleClass: v.spec.name,
            kind: v.spec.kind, keeper: "RailFleet Demo GmbH", depot: v.depot, commissionedOn: v.commissionedDay,
            odometerKm: Int(v.odometer))
        issue(.registerVehicle(registered), by: FleetCatalogue.planners[0]) { [unowned self] in
            vehicles[i].id = $0[0].event.aggregate.id
        }
        // The exam clock starts at registration, as the store's baseline does.
        for exam in v.spec.exams { vehicles[i].lastExam[exam.level] = (v.registeredDay, v.odometer) }
    }

    private func drive(_ i: Int, day: Int, month: Int) {
        let v = vehicles[i]
        guard v.status == .inService else { return }
        let weekend = [3, 4].contains((day % 7 + 7) % 7)  // 1970-01-01 was a Thursday
        vehicles[i].odometer += v.spec.dailyKm * (0.6 + 0.8 * rng.unit()) * (weekend ? 0.7 : 1)
        if (day + v.index) % 7 == 0 {
            issue(
                .recordOdometer(vehicleID: v.registeredID, km: Int(vehicles[i].odometer), source: "telematics"),
                by: FleetCatalogue.dispatchers[v.index % 2])
        }
        guard vehicles[i].job == nil else { return }
        if rng.unit() < hazard(vehicles[i], day: day, month: month) {
            fail(i, day: day, month: month)
        } else if let level = examDue(vehicles[i], day: day) {
            scheduleExam(i, level: level, day: day)
        }
    }

    /// Daily failure probability: the vehicle's own frailty; wear since the last exam of the
    /// first level and, slower, of the top level (components near their overhaul); a repair
    /// that did not hold in the weeks after a failure; age; winter.
    func hazard(_ v: Vehicle, day: Int, month: Int) -> Double {
        func used(_ exam: (level: String, km: Int, days: Int, includes: [String])) -> Double {
            (v.odometer - (v.lastExam[exam.level]?.km ?? v.odometer)) / Double(exam.km)
        }
        let wear =
            (1 + 3 * pow(used(v.spec.exams[0]), 2)) * (1 + 4 * pow(used(v.spec.exams[v.spec.exams.count - 1]), 3))
        let repair = v.lastFailureDay.map { 1 + 6 * exp(-Double(day - $0) / 20) } ?? 1
        let age = 1 + Double(day - v.commissionedDay) / 365 / 20
        let season = [12, 1, 2].contains(month) ? 1.5 : ([6, 7, 8].contains(month) ? 1.15 : 1)
        return 0.6 * v.spec.baseHazard * v.frailty * wear * repair * age * season
    }

    private func examDue(_ v: Vehicle, day: Int) -> String? {
        // The highest level that is due: it includes the lower ones.
        for exam in v.spec.exams.reversed() {
            guard let last = v.lastExam[exam.level] else { continue }
            if v.odometer - last.km >= 0.92 * Double(exam.km) || Double(day - last.day) >= 0.92 * Double(exam.days) {
                return exam.level
            }
        }
        return nil
    }

    private func fail(_ i: Int, day: Int, month: Int) {
        failures += 1
        vehicles[i].lastFailureDay = day
        let v = vehicles[i]
        let system = chooseSystem(v.spec, month: month)
        let mode = pick(FleetCatalogue.failureModes[system] ?? [("fault", "unknown", "repair")])
        let dispatcher = FleetCatalogue.dispatchers[v.index % 2]
        issue(
            .changeVehicleStatus(vehicleID: v.registeredID, status: .outOfService, reason: "\(system): \(mode.mode)"),
            by: dispatcher)
        vehicles[i].status = .outOfService
        let severity: DefectSeverity = rng.next() % 4 == 0 ? .critical : .major
        issue(
            .reportDefect(
                vehicleID: v.registeredID, description: "\(mode.mode) reported by driver", severity: severity,
                system: system),
            by: dispatcher
        ) {
            [unowned self] in vehicles[i].job?.defectID = $0[0].event.aggregate.id
        }
        // The planner takes the defect up the next morning; the workshop starts the day after approval.
        let title = "\(system.capitalized): \(mode.mode)"
        vehicles[i].job = makeJob(
            examLevel: nil, system: system, opened: day + 1, startOffset: 2,
            first: [
                (
                    day + 1,
                    .openForDefect(
                        title: title, priority: pick([.urgent, .high, .high, .normal]), by: FleetCatalogue.planners[0])
                )
            ])
    }

    private func chooseSystem(_ spec: Spec, month: Int) -> String {
        let weights = spec.systems.map { s -> Double in
            switch (s.system, month) {
            case ("hvac", 6...8): s.weight * 2.2
            case ("brakes", 11...12), ("brakes", 1...2), ("pantograph", 12), ("pantograph", 1...2): s.weight * 1.6
            default: s.weight
            }
        }
        var r = rng.unit() * weights.reduce(0, +)
        for (s, w) in zip(spec.systems, weights) {
            r -= w
            if r < 0 { return s.system }
        }
        return spec.systems[spec.systems.count - 1].system
    }

    private func scheduleExam(_ i: Int, level: String, day: Int) {
        vehicles[i].job = makeJob(examLevel: level, system: nil, opened: day, startOffset: 2 + Int(rng.next() % 3))
        issueOpen(
            i, title: "\(level) exam", type: .preventive, priority: .normal, examLevel: level, defectID: nil,
            by: FleetCatalogue.planners[0])
    }

    /// The steps of a work order opened on `opened`: approval the next day, work from `opened + startOffset`.
    private func makeJob(
        examLevel: String?, system: String?, opened: Int, startOffset: Int, first: [(day: Int, step: Step)] = []
    ) -> Job {
        let repairDays = system == nil ? 1 : 1 + Int(rng.next() % 3)
        let start = opened + startOffset
        return Job(
            workOrderID: nil, defectID: nil, examLevel: examLevel, system: system,
            steps: first + [
                (opened + 1, .approveAndPlan(plannedDay: start)), (start, .startWork), (start + repairDays, .release),
                (start + repairDays + 1, .close),
            ])
    }

    private func issueOpen(
        _ i: Int, title: String, type: WorkOrderType, priority: WorkOrderPriority, examLevel: String?,
        defectID: String?, by user: String
    ) {
        workOrdersOpened += 1
        issue(
            .openWorkOrder(
                vehicleID: vehicles[i].registeredID, title: title, type: type, priority: priority, examLevel: examLevel,
                defectID: defectID), by: user
        ) {
            [unowned self] in vehicles[i].job?.workOrderID = $0[0].event.aggregate.id
        }
    }

    private func runJobSteps(_ i: Int, day: Int) {
        while let next = vehicles[i].job?.steps.first, next.day <= day { runStep(i, day: day) }
    }

    private func runStep(_ i: Int, day: Int) {
        guard let job = vehicles[i].job, let next = job.steps.first else { return }
        vehicles[i].job?.steps.removeFirst()
        if case .openForDefect(let title, let priority, let user) = next.step {
            return issueOpen(
                i, title: title, type: .corrective, priority: priority, examLevel: nil, defectID: job.defectID, by: user
            )
        }
        guard let wo = job.workOrderID else { return }
        let v = vehicles[i]
        let technician = FleetCatalogue.technicians[(v.index / 4) % FleetCatalogue.technicians.count]
        let planner = FleetCatalogue.planners[0]
        switch next.step {
        case .openForDefect:
            break
        case .approveAndPlan(let plannedDay):
            issue(.advanceWorkOrder(workOrderID: wo, to: .approved, plannedDay: nil), by: planner)
            issue(.advanceWorkOrder(workOrderID: wo, to: .planned, plannedDay: plannedDay), by: planner)
            issue(
                .assignWorkOrder(workOrderID: wo, workshopID: workshopIDs[v.depot], technician: technician), by: planner
            )
        case .startWork:
            if v.status != .inWorkshop {
                issue(.changeVehicleStatus(vehicleID: v.registeredID, status: .inWorkshop, reason: nil), by: planner)
                vehicles[i].status = .inWorkshop
            }
            issue(.advanceWorkOrder(workOrderID: wo, to: .inProgress, plannedDay: nil), by: technician)
            let hours = job.system == nil ? 3 + Int(rng.next() % 6) : 2 + Int(rng.next() % 10)
            issue(
                .bookHours(workOrderID: wo, minutes: hours * 60 + Int(rng.next() % 4) * 15, technician: technician),
                by: technician)
            for (part, qty) in partsNeeded(v, job: job, month: UTC.civil(fromDays: day).month) {
                let key = stockKey(part, v.depot)
                let take = min(qty, stock[key] ?? 0)
                guard take > 0 else { continue }
                stock[key] = (stock[key] ?? 0) - take
                issue(
                    .bookPart(workOrderID: wo, partID: partID(part), quantity: take, location: v.depot),
                    by: technician)
                reorderIfLow(part, depot: v.depot, day: day)
            }
            if let system = job.system {
                let mode = pick(FleetCatalogue.failureModes[system] ?? [("fault", "unknown", "repair")])
                issue(
                    .recordFailureCode(
                        workOrderID: wo,
                        code: FailureCode(system: system, mode: mode.mode, cause: mode.cause, remedy: mode.remedy)),
                    by: technician)
            }
            issue(.advanceWorkOrder(workOrderID: wo, to: .technicallyComplete, plannedDay: nil), by: technician)
        case .release:
            issue(.advanceWorkOrder(workOrderID: wo, to: .releasedToService, plannedDay: nil), by: technician)
            issue(.changeVehicleStatus(vehicleID: v.registeredID, status: .released, reason: nil), by: planner)
            vehicles[i].status = .released
            if let level = job.examLevel {
                for l in ExamSchedule.levels(satisfiedBy: level, in: v.spec.examLevels) {
                    vehicles[i].lastExam[l] = (day, v.odometer)
                }
            }
        case .close:
            issue(.advanceWorkOrder(workOrderID: wo, to: .closed, plannedDay: nil), by: planner)
            issue(
                .changeVehicleStatus(vehicleID: v.registeredID, status: .inService, reason: nil),
                by: FleetCatalogue.dispatchers[v.index % 2])
            vehicles[i].status = .inService
            vehicles[i].job = nil
        }
    }

    private func partsNeeded(_ v: Vehicle, job: Job, month: Int) -> [(String, Int)] {
        if let system = job.system {
            return FleetCatalogue.parts.filter { $0.system == system }.compactMap { part in
                let demand = part.season.factor(month) * (part.kind == .rotable ? 0.45 : 1.2)
                let qty = Int((demand * (0.5 + rng.unit())).rounded())
                return qty > 0 ? (part.number, part.kind == .rotable ? 1 : qty) : nil
            }
        }
        var needs: [(String, Int)] = [("AIR-FLT-01", 1 + Int(rng.next() % 2))]
        if v.spec.kind == .multipleUnitCar || v.spec.kind == .coach {
            needs.append(
                (
                    "HVAC-FLT-02",
                    Int((Double(2 + Int(rng.next() % 3)) * FleetCatalogue.Season.summer.factor(month)).rounded())
                ))
        }
        if job.examLevel != "A" {
            needs.append(("OIL-GBX-01", 1))
            needs.append(
                (
                    "BRK-PAD-01",
                    Int((Double(2 + Int(rng.next() % 4)) * FleetCatalogue.Season.winter.factor(month)).rounded())
                ))
        }
        return needs
    }

    private func reorderIfLow(_ part: String, depot: String, day: Int) {
        let key = stockKey(part, depot)
        guard let spec = FleetCatalogue.parts.first(where: { $0.number == part }),
            (stock[key] ?? 0) <= spec.reorderPoint, pendingOrders[key] == nil
        else { return }
        pendingOrders[key] = day + spec.leadTimeDays
    }

    private func restock(_ day: Int) {
        for (key, due) in pendingOrders.sorted(by: { $0.key < $1.key }) where due <= day {
            let fields = key.split(separator: "|").map(String.init)
            guard let spec = FleetCatalogue.parts.first(where: { $0.number == fields[0] }) else { continue }
            let qty = spec.maximum - (stock[key] ?? 0)
            pendingOrders[key] = nil
            guard qty > 0 else { continue }
            issue(
                .receiveStock(partID: partID(fields[0]), location: fields[1], quantity: qty, note: "purchase order"),
                by: FleetCatalogue.storekeeper)
            arrivals[key, default: 0] += qty
        }
    }
}

/// What the two terminals' simultaneous steps hand back.
private final class BothResults<T>: @unchecked Sendable {
    // Each slot is written by one thread, read after both are done.
    private let lock = NSLock()
    private var slots: [Int: Result<T, any Error>] = [:]
    func set(_ i: Int, _ result: Result<T, any Error>) { lock.withLock { slots[i] = result } }
    func get(_ i: Int) throws -> T {
        guard let slot = lock.withLock({ slots[i] }) else { preconditionFailure("step \(i) did not run") }
        return try slot.get()
    }
}

/// Hands the two steps of `both` to its threads: each touches only its own terminal, whose
/// store no other thread uses meanwhile.
private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

enum Stopwatch {
    /// Wall-clock seconds a step takes.
    static func seconds(_ step: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try step()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
