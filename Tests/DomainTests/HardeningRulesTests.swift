import Domain
import TestSupport
import Testing

/// The domain's rules against hostile or mistaken input: each would have been accepted
/// before the hardening issue.
@Suite struct HardeningRulesTests {
    func makeFloor() throws -> (MemoryContext, WorkshopFloor.IDs) {
        let c = MemoryContext()
        return (c, try WorkshopFloor.build(with: c))
    }

    // MARK: Text

    static let hostile = [
        "\u{1B}[31mRED\u{1B}[2J", "bell\u{7}", "line\nbreak", "carriage\rreturn", "back\u{8}space", "nul\u{0}",
        "c1\u{9B}31m", "bidi\u{202E}txt.exe", "isolate\u{2066}x", "sep\u{2028}x", "del\u{7F}",
    ]

    /// Every text field of every command, each given one hostile value.
    static func commands(_ f: WorkshopFloor.IDs, _ text: String) -> [Command] {
        [
            .addUser(name: text, role: .technician),
            .registerWorkshop(WorkshopRegistered(name: text, depot: "Koeln", roads: 1, skills: [])),
            .registerWorkshop(WorkshopRegistered(name: "W", depot: text, roads: 1, skills: [])),
            .registerWorkshop(WorkshopRegistered(name: "W", depot: "K", roads: 1, skills: [text])),
            .registerVehicle(
                VehicleRegistered(
                    fleetNumber: text, evn: "918061860022", vehicleClass: "Class 186", kind: .locomotive, keeper: nil,
                    depot: nil, commissionedOn: nil, odometerKm: 0)),
            .registerVehicle(
                VehicleRegistered(
                    fleetNumber: "186-009", evn: "918061860022", vehicleClass: text, kind: .locomotive, keeper: text,
                    depot: nil, commissionedOn: nil, odometerKm: 0)),
            .changeVehicleDetails(vehicleID: f.vehicle, depot: text, keeper: nil),
            .changeVehicleDetails(vehicleID: f.vehicle, depot: nil, keeper: text),
            .recordOdometer(vehicleID: f.vehicle, km: 5000, source: text),
            .changeVehicleStatus(vehicleID: f.vehicle, status: .restricted, reason: text),
            .tagVehicle(vehicleID: f.vehicle, tag: text, remove: false),
            .reportDefect(vehicleID: f.vehicle, description: text, severity: .minor, system: nil),
            .reportDefect(vehicleID: f.vehicle, description: "d", severity: .minor, system: text),
            .openWorkOrder(
                vehicleID: f.vehicle, title: text, type: .corrective, priority: .normal, examLevel: nil, defectID: nil),
            .holdWorkOrder(workOrderID: f.workOrder, hold: true, reason: text),
            .cancelWorkOrder(workOrderID: f.workOrder, reason: text),
            .addTask(workOrderID: f.workOrder, text: text),
            .recordFailureCode(
                workOrderID: f.workOrder, code: FailureCode(system: text, mode: "m", cause: "c", remedy: "r")),
            .receiveStock(partID: f.part, location: text, quantity: 1, note: nil),
            .receiveStock(partID: f.part, location: "main", quantity: 1, note: text),
            .issueStock(partID: f.part, location: "main", quantity: 1, workOrderID: nil, note: text),
            .transferStock(partID: f.part, from: "main", to: text, quantity: 1),
            .adjustStock(partID: f.part, location: "main", delta: 1, reason: text),
            .registerPart(
                PartRegistered(
                    partNumber: text, name: "n", kind: .consumable, unit: "pc", minimum: 0, maximum: nil,
                    reorderPoint: 0, leadTimeDays: 0, unitCost: Money(minorUnits: 1))),
        ]
    }

    @Test(arguments: hostile)
    func controlCharactersAndBidiOverridesAreRefusedInEveryTextField(text: String) throws {
        let (c, floor) = try makeFloor()
        let before = c.state
        for command in Self.commands(floor, text) {
            let error = refusal { try c.run(command) }
            #expect(error?.kind == .invalidInput, "accepted \(command.kind) with \(Text.escaped(text))")
        }
        #expect(c.state == before, "nothing was written")
    }

    @Test func notesMayBeLongerThanNamesButNotEndless() throws {
        let (c, floor) = try makeFloor()
        try c.run(.addTask(workOrderID: floor.workOrder, text: String(repeating: "a", count: 900)))
        #expect(
            refusal { try c.run(.addTask(workOrderID: floor.workOrder, text: String(repeating: "a", count: 100_000))) }?
                .message == "task is longer than 1000 characters")
        #expect(
            refusal {
                try c.run(.tagVehicle(vehicleID: floor.vehicle, tag: String(repeating: "t", count: 201), remove: false))
            } != nil)
    }

    @Test func escapingShowsEveryForbiddenCharacterAndLeavesTheRest() {
        #expect(Text.escaped("a\u{1B}[2Jb\nc\u{202E}d") == "a\\u{1B}[2Jb\\u{A}c\\u{202E}d")
        #expect(Text.escaped("Köln 東京 🚆") == "Köln 東京 🚆")
    }

    // MARK: Numbers

    @Test func everyQuantityDistanceAndAmountHasBounds() throws {
        let (c, floor) = try makeFloor()
        let extremes = [Int.max, Int.min, 4_611_686_018_427_387_904]
        for n in extremes {
            #expect(
                refusal { try c.run(.receiveStock(partID: floor.part, location: "main", quantity: n, note: nil)) }
                    != nil)
            #expect(
                refusal {
                    try c.run(
                        .bookPart(workOrderID: floor.workOrder, partID: floor.part, quantity: n, location: "main"))
                }
                    != nil)
            #expect(refusal { try c.run(.recordOdometer(vehicleID: floor.vehicle, km: n, source: "t")) } != nil)
            #expect(
                refusal { try c.run(.adjustStock(partID: floor.part, location: "main", delta: n, reason: "r")) } != nil)
            #expect(
                refusal {
                    try c.run(
                        .defineExamLevel(
                            ExamLevelDefined(
                                vehicleClass: "Class 186", level: "A", intervalKm: n, intervalDays: 30,
                                tolerancePercent: 10,
                                includes: [])))
                } != nil)
        }
        #expect(refusal { try c.run(.recordOdometer(vehicleID: floor.vehicle, km: -1, source: "t")) } != nil)
        #expect(
            refusal { try c.run(.receiveStock(partID: floor.part, location: "main", quantity: -1, note: nil)) } != nil)
        // Just past each bound.
        #expect(
            refusal {
                try c.run(.receiveStock(partID: floor.part, location: "main", quantity: Limits.quantity + 1, note: nil))
            } != nil)
        #expect(
            refusal { try c.run(.recordOdometer(vehicleID: floor.vehicle, km: Limits.odometerKm + 1, source: "t")) }
                != nil)
        // A location fills up to its bound, not beyond, whatever the single receipts.
        for _ in 0..<(Limits.stockPerLocation / Limits.quantity) {
            _ = try? c.run(.receiveStock(partID: floor.part, location: "far", quantity: Limits.quantity, note: nil))
        }
        #expect(
            refusal { try c.run(.receiveStock(partID: floor.part, location: "far", quantity: 1, note: nil)) }?.message
                .contains("at most") == true)
    }

    @Test func sumsInStateSaturateInsteadOfTrapping() {
        // Events from elsewhere are not bounded by today's commands: folding them must not trap.
        var r = Replica("far")
        let part = AggregateRef(.part, "P-1")
        _ = r.issue(
            part,
            .partRegistered(
                PartRegistered(
                    partNumber: "BIG", name: "n", kind: .consumable, unit: "pc", minimum: 0, maximum: nil,
                    reorderPoint: 0, leadTimeDays: 0, unitCost: Money(minorUnits: .max))),
            nowMs: 1)
        for location in ["a", "b", "a"] {
            _ = r.issue(
                part,
                .stockMoved(
                    StockMoved(
                        reason: .receipt, legs: [.init(location: location, delta: .max)], workOrderID: nil, note: nil)),
                nowMs: 2)
        }
        _ = r.issue(
            part,
            .stockMoved(
                StockMoved(reason: .issue, legs: [.init(location: "b", delta: .min)], workOrderID: nil, note: nil)),
            nowMs: 3)
        guard case .part(let p)? = r.state[part] else {
            Issue.record("no part")
            return
        }
        #expect(p.body.onHand(at: "a") == Int.max && p.body.onHand == Int.max && p.body.available == Int.max)
    }

    // MARK: Identity and look-alikes

    @Test func identifiersAreUniqueAndCannotLookAlike() throws {
        let (c, floor) = try makeFloor()
        func vehicle(_ number: String, _ evn: String) -> Command {
            .registerVehicle(
                VehicleRegistered(
                    fleetNumber: number, evn: evn, vehicleClass: "Class 186", kind: .locomotive, keeper: nil,
                    depot: nil,
                    commissionedOn: nil, odometerKm: 0))
        }
        #expect(refusal { try c.run(vehicle("186-002", "91 80 6186 001-4")) }?.kind == .duplicate, "same EVN")
        #expect(refusal { try c.run(vehicle("186-001 ", "918061860022")) }?.kind == .invalidInput, "trailing blank")
        #expect(refusal { try c.run(vehicle(floor.vehicle, "918061860022")) }?.kind == .duplicate, "another's id")
        func part(_ number: String) -> Command {
            .registerPart(
                PartRegistered(
                    partNumber: number, name: "n", kind: .consumable, unit: "pc", minimum: 0, maximum: nil,
                    reorderPoint: 0, leadTimeDays: 0, unitCost: Money(minorUnits: 1)))
        }
        #expect(refusal { try c.run(part("brk-1")) }?.kind == .duplicate, "part numbers ignore case")
        #expect(refusal { try c.run(part(" BRK-2")) }?.kind == .invalidInput)
        #expect(
            refusal {
                try c.run(
                    .registerWorkshop(WorkshopRegistered(name: "Werk Koeln", depot: "Koeln", roads: 1, skills: [])))
            }?.kind == .duplicate)
        // Once the first is withdrawn, its EVN may be registered again (a rebuilt vehicle).
        try c.run(.changeVehicleStatus(vehicleID: floor.vehicle, status: .withdrawn, reason: "scrapped"))
        try c.run(vehicle("186-002", "91 80 6186 001-4"))
    }

    @Test func currenciesAreISOCodes() throws {
        let (c, _) = try makeFloor()
        for currency in ["💶", "eur", "EURO", ""] {
            let command = Command.registerPart(
                PartRegistered(
                    partNumber: "X-\(currency.count)", name: "n", kind: .consumable, unit: "pc", minimum: 0,
                    maximum: nil, reorderPoint: 0, leadTimeDays: 0, unitCost: Money(minorUnits: 1, currency: currency)))
            #expect(refusal { try c.run(command) }?.message.contains("ISO 4217") == true)
        }
    }

    // MARK: Work

    @Test func hoursAreBookedForTechniciansAndByThemOnlyForThemselves() throws {
        let (c, floor) = try makeFloor()
        try c.run(.addUser(name: "tom", role: .technician))
        try c.run(.addUser(name: "sven", role: .storekeeper))
        try c.run(.addUser(name: "piet", role: .planner))
        func book(_ technician: String, as role: Role, user: String) -> DomainError? {
            refusal {
                try c.run(
                    .bookHours(workOrderID: floor.workOrder, minutes: 60, technician: technician), as: role, user: user)
            }
        }
        #expect(book("ghost", as: .technician, user: "tara")?.kind == .notFound)
        #expect(book("sven", as: .planner, user: "piet")?.kind == .invalidInput)
        #expect(book("tara", as: .technician, user: "tom")?.kind == .forbidden)
        #expect(book("tara", as: .technician, user: "tara") == nil)
        #expect(book("tom", as: .planner, user: "piet") == nil, "a planner books for a technician")
    }

    @Test func bookingConsumesOnlyWhatItBooksOfAReservationAndClosingReleasesTheRest() throws {
        let (c, floor) = try makeFloor()
        try c.run(.reserveStock(partID: floor.part, location: "main", quantity: 6, workOrderID: floor.workOrder))
        try c.run(.bookPart(workOrderID: floor.workOrder, partID: floor.part, quantity: 1, location: "main"))
        var part = try #require(c.part(floor.part)).body
        #expect(part.onHand(at: "main") == WorkshopFloor.stock - 1)
        #expect(part.reserved(for: floor.workOrder, at: "main") == 5, "the other five stay reserved")
        for stage in [WorkOrderStage.technicallyComplete, .releasedToService, .closed] {
            try c.run(.advanceWorkOrder(workOrderID: floor.workOrder, to: stage, plannedDay: nil))
        }
        part = try #require(c.part(floor.part)).body
        #expect(part.reserved() == 0 && part.available(at: "main") == WorkshopFloor.stock - 1, "released on close")
    }

    @Test func examLevelsComeFromThePlanAndBelongOnPreventiveWork() throws {
        let (c, floor) = try makeFloor()
        try c.run(
            .defineExamLevel(
                ExamLevelDefined(
                    vehicleClass: "Class 186", level: "A", intervalKm: 10_000, intervalDays: 30, tolerancePercent: 10,
                    includes: [])))
        func open(_ type: WorkOrderType, _ exam: String?) -> DomainError? {
            refusal {
                try c.run(
                    .openWorkOrder(
                        vehicleID: floor.vehicle, title: "t", type: type, priority: .normal, examLevel: exam,
                        defectID: nil))
            }
        }
        #expect(open(.preventive, "Z")?.message.contains("has no exam level Z") == true)
        #expect(open(.corrective, "A")?.message.contains("belongs on preventive work") == true)
        #expect(open(.preventive, "A") == nil)
    }

    @Test func datesAndReadingsOutsideReasonAreRefused() throws {
        let (c, floor) = try makeFloor()
        let today = UTC.day(ofMs: c.nowMs)
        let planned = try c.run(
            .openWorkOrder(
                vehicleID: floor.vehicle, title: "t", type: .corrective, priority: .normal, examLevel: nil,
                defectID: nil)
        )[0].aggregate.id
        try c.run(.advanceWorkOrder(workOrderID: planned, to: .approved, plannedDay: nil))
        for day in [UTC.parseDay("1900-01-01") ?? 0, today + 5000] {
            #expect(
                refusal { try c.run(.advanceWorkOrder(workOrderID: planned, to: .planned, plannedDay: day)) } != nil)
        }
        try c.run(.advanceWorkOrder(workOrderID: planned, to: .planned, plannedDay: today + 3))
        #expect(
            refusal {
                try c.run(
                    .registerVehicle(
                        VehicleRegistered(
                            fleetNumber: "186-003", evn: "918061860030", vehicleClass: "Class 186", kind: .locomotive,
                            keeper: nil, depot: nil, commissionedOn: UTC.parseDay("2999-01-01"), odometerKm: 0)))
            }?.message.contains("commissioning date") == true)
        try c.run(.changeVehicleStatus(vehicleID: floor.vehicle, status: .withdrawn, reason: "scrapped"))
        #expect(
            refusal { try c.run(.recordOdometer(vehicleID: floor.vehicle, km: 9000, source: "t")) }?.kind
                == .illegalTransition)
    }

    // MARK: Admins

    @Test func theLastAdminCannotBeDemoted() throws {
        let (c, _) = try makeFloor()
        try c.run(.addUser(name: "alice", role: .admin))
        #expect(
            refusal { try c.run(.changeUserRole(name: "alice", role: .auditor)) }?.message.contains("last admin")
                == true)
        try c.run(.addUser(name: "adam", role: .admin))
        try c.run(.changeUserRole(name: "adam", role: .auditor))
        #expect(refusal { try c.run(.changeUserRole(name: "alice", role: .auditor)) } != nil, "alice is last again")
        #expect(refusal { try c.run(.restoreAdmin(name: "adam")) }?.message.contains("has an admin") == true)
    }

    @Test func twoAdminsDemotingEachOtherOfflineCanBeUndoneOnlyFromTheFoundingDevice() throws {
        // One fleet, two terminals: the founder's and a second one holding the same history.
        let founder = MemoryContext()
        _ = try WorkshopFloor.build(with: founder)
        try founder.run(.addUser(name: "alice", role: .admin))
        try founder.run(.addUser(name: "adam", role: .admin))
        let other = MemoryContext()
        other.replica = Replica("t2")
        other.ids = 1000
        for e in founder.replica.log { other.replica.receive(e) }
        other.state = other.replica.state
        // Offline, each demotes the other; each alone was legal.
        try founder.run(.changeUserRole(name: "adam", role: .auditor))
        try other.run(.changeUserRole(name: "alice", role: .auditor), user: "adam")
        for e in other.replica.log { founder.replica.receive(e) }
        founder.state = founder.replica.state
        for e in founder.replica.log { other.replica.receive(e) }
        other.state = other.replica.state
        #expect(founder.userNames(withRole: .admin).isEmpty && other.userNames(withRole: .admin).isEmpty)
        // The way back needs the founding device; the other terminal is refused.
        other.foundingDeviceOverride = founder.replica.device
        #expect(refusal { try other.run(.restoreAdmin(name: "alice"), as: .auditor) }?.kind == .forbidden)
        try founder.run(.restoreAdmin(name: "alice"), as: .auditor)
        #expect(founder.userNames(withRole: .admin) == ["alice"])
    }

    // MARK: Odometer

    @Test func anImplausibleReadingIsRefusedUnlessForcedAndATypoCanBeCorrected() throws {
        let (c, floor) = try makeFloor()
        let typo = refusal { try c.run(.recordOdometer(vehicleID: floor.vehicle, km: 1_000_000, source: "manual")) }
        #expect(typo?.message.contains("more than 3000 km a day") == true)
        // Forced, it stands (a replaced odometer, say); then every lower reading is refused.
        try c.run(.recordOdometer(vehicleID: floor.vehicle, km: 1_000_000, source: "manual", forcedBecause: "typo"))
        #expect(refusal { try c.run(.recordOdometer(vehicleID: floor.vehicle, km: 1500, source: "manual")) } != nil)
        // The correction withdraws it: the odometer is the largest reading still standing.
        try c.run(.correctOdometer(vehicleID: floor.vehicle, km: 1300, reason: "typed three zeros too many"))
        #expect(c.vehicle(floor.vehicle)?.body.odometerKm == 1300)
        try c.run(.recordOdometer(vehicleID: floor.vehicle, km: 1500, source: "manual"))
        #expect(c.vehicle(floor.vehicle)?.body.odometerKm == 1500)
        #expect(
            refusal { try c.run(.correctOdometer(vehicleID: floor.vehicle, km: 9000, reason: "r")) }?.message
                .contains("nothing to correct") == true)
    }

    /// Readings and withdrawals only grow: replicas that received them in any order, with a
    /// correction made before a concurrent reading arrived, agree on the odometer.
    @Test(arguments: 0..<30 as Range<UInt64>)
    func odometerCorrectionsConvergeInAnyOrder(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let vehicle = AggregateRef(.vehicle, "V-1")
        var replicas = [Replica("a"), Replica("b"), Replica("c")]
        var all: [RecordedEvent] = []
        all.append(
            replicas[0].issue(
                vehicle,
                .vehicleRegistered(
                    VehicleRegistered(
                        fleetNumber: "1", evn: "918061860014", vehicleClass: "C", kind: .locomotive, keeper: nil,
                        depot: nil, commissionedOn: nil, odometerKm: 100)), nowMs: 0))
        for step in 1...40 {
            let i = Int(rng.next() % 3)
            if rng.next() % 3 == 0 {
                // Gossip a random part of what another replica holds.
                let from = replicas[Int(rng.next() % 3)].log.filter { _ in rng.next() % 2 == 0 }
                for e in from { replicas[i].receive(e) }
                continue
            }
            let event: DomainEvent
            if rng.next() % 4 == 0, case .vehicle(let v)? = replicas[i].state[vehicle] {
                let km = Int(rng.next() % 5000)
                event = .odometerCorrected(
                    OdometerCorrected(km: km, withdrawn: v.body.readings(above: km), reason: "r"))
            } else {
                event = .odometerRecorded(OdometerRecorded(km: Int(rng.next() % 10_000), source: "t"))
            }
            all.append(replicas[i].issue(vehicle, event, nowMs: Int64(step * 10)))
        }
        for i in replicas.indices { for e in all.shuffled(using: &rng) { replicas[i].receive(e) } }
        let reference = AggregateSet(all)
        guard case .vehicle(let v)? = reference[vehicle] else {
            Issue.record("no vehicle")
            return
        }
        for r in replicas { #expect(r.state == reference) }
        let standing = v.body.readings.filter { !v.body.withdrawnReadings.contains($0.key) }.values.max() ?? 0
        #expect(v.body.odometerKm == standing, "the odometer is the largest standing reading")
    }
}
