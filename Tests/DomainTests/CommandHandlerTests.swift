import Domain
import TestSupport
import Testing

func refusal<T>(_ body: () throws -> T) -> DomainError? {
    do { _ = try body() } catch { return error as? DomainError }
    return nil
}

@Suite struct CommandHandlerTests {
    /// A context with a technician, a workshop, a vehicle, a part with stock and an open work order in progress.
    func makeWorkshopFloor() throws -> (MemoryContext, vehicle: String, part: String, workOrder: String) {
        let c = MemoryContext()
        let floor = try WorkshopFloor.build(with: c)
        return (c, floor.vehicle, floor.part, floor.workOrder)
    }

    @Test func aWorkOrderRunsItsWholeLifecycleAndCostsItsHoursAndParts() throws {
        let (c, _, part, wo) = try makeWorkshopFloor()
        try c.run(.bookHours(workOrderID: wo, minutes: 90, technician: "tara"), as: .technician, user: "tara")
        try c.run(
            .bookPart(workOrderID: wo, partID: part, quantity: 2, location: "main"), as: .technician, user: "tara")
        for stage in [WorkOrderStage.technicallyComplete, .releasedToService, .closed] {
            try c.run(.advanceWorkOrder(workOrderID: wo, to: stage, plannedDay: nil))
        }
        let w = try #require(c.workOrder(wo))
        #expect(w.body.status == .closed)
        #expect(w.body.cost.minorUnits == 90 * 6000 / 60 + 2 * WorkshopFloor.unitCost.minorUnits)
        #expect(c.part(part)?.body.onHand(at: "main") == WorkshopFloor.stock - 2)
    }

    @Test func illegalStepsAreRefusedWithTheReason() throws {
        let (c, vehicle, part, wo) = try makeWorkshopFloor()
        #expect(
            refusal { try c.run(.advanceWorkOrder(workOrderID: wo, to: .closed, plannedDay: nil)) }?.kind
                == .illegalTransition)
        try c.run(.bookHours(workOrderID: wo, minutes: 30, technician: "tara"))
        #expect(
            refusal { try c.run(.cancelWorkOrder(workOrderID: wo, reason: "duplicate")) }?.message.contains(
                "hours or parts booked") == true)
        #expect(
            refusal {
                try c.run(.bookPart(workOrderID: wo, partID: part, quantity: WorkshopFloor.stock + 1, location: "main"))
            }?.kind
                == .insufficientStock)
        #expect(
            refusal { try c.run(.bookPart(workOrderID: wo, partID: part, quantity: 0, location: "main")) }?.kind
                == .invalidInput)
        #expect(
            refusal { try c.run(.bookHours(workOrderID: wo, minutes: -5, technician: "tara")) }?.kind == .invalidInput)
        #expect(
            refusal { try c.run(.recordOdometer(vehicleID: vehicle, km: 10, source: "manual")) }?.kind == .invalidInput)
        #expect(
            refusal { try c.run(.changeVehicleStatus(vehicleID: vehicle, status: .released, reason: nil)) }?.kind
                == .illegalTransition)
        #expect(
            refusal { try c.run(.changeVehicleStatus(vehicleID: vehicle, status: .withdrawn, reason: nil)) }?.kind
                == .invalidInput)
        #expect(
            refusal { try c.run(.advanceWorkOrder(workOrderID: "nope", to: .approved, plannedDay: nil)) }?.kind
                == .notFound)
    }

    @Test func holdBlocksProgressUntilResumed() throws {
        let (c, _, _, wo) = try makeWorkshopFloor()
        try c.run(.holdWorkOrder(workOrderID: wo, hold: true, reason: "waiting for wheelset"))
        #expect(c.workOrder(wo)?.body.status == .onHold)
        #expect(
            refusal { try c.run(.advanceWorkOrder(workOrderID: wo, to: .technicallyComplete, plannedDay: nil)) } != nil)
        try c.run(.holdWorkOrder(workOrderID: wo, hold: false, reason: nil))
        try c.run(.advanceWorkOrder(workOrderID: wo, to: .technicallyComplete, plannedDay: nil))
        #expect(c.workOrder(wo)?.body.status == .technicallyComplete)
    }

    @Test func reservationsReduceAvailableStockAndAreReleasedWhenBooked() throws {
        let (c, _, part, wo) = try makeWorkshopFloor()
        try c.run(.reserveStock(partID: part, location: "main", quantity: WorkshopFloor.stock - 1, workOrderID: wo))
        #expect(c.part(part)?.body.available(at: "main") == 1)
        #expect(
            refusal {
                try c.run(.issueStock(partID: part, location: "main", quantity: 2, workOrderID: nil, note: nil))
            }?.kind == .insufficientStock)
        try c.run(.bookPart(workOrderID: wo, partID: part, quantity: WorkshopFloor.stock - 1, location: "main"))
        let p = try #require(c.part(part)?.body)
        #expect(p.onHand(at: "main") == 1 && p.reserved() == 0 && p.available(at: "main") == 1)
    }

    @Test func releasingPreventiveWorkRecordsTheExamOnTheVehicle() throws {
        let (c, vehicle, _, _) = try makeWorkshopFloor()
        let wo = try c.run(
            .openWorkOrder(
                vehicleID: vehicle, title: "A exam", type: .preventive, priority: .normal, examLevel: "A", defectID: nil
            )
        ).first!.aggregate.id
        for stage in [WorkOrderStage.approved, .planned, .inProgress, .technicallyComplete] {
            try c.run(.advanceWorkOrder(workOrderID: wo, to: stage, plannedDay: nil))
        }
        let events = try c.run(.advanceWorkOrder(workOrderID: wo, to: .releasedToService, plannedDay: nil))
        #expect(events.map(\.event.eventType) == ["WorkOrderAdvanced", "ExamRecorded"])
        #expect(c.vehicle(vehicle)?.body.exams["A"]?.value?.km == 1200, "the odometer when the work was released")
    }

    @Test func aDefectIsTakenUpByAWorkOrderAndClosedWhenTheWorkIsReleased() throws {
        let (c, vehicle, _, _) = try makeWorkshopFloor()
        let defect = try c.run(
            .reportDefect(vehicleID: vehicle, description: "door 3 does not close", severity: .major, system: "doors"),
            as: .technician, user: "tara"
        ).first!.aggregate.id
        let events = try c.run(
            .openWorkOrder(
                vehicleID: vehicle, title: "Door 3", type: .corrective, priority: .high, examLevel: nil,
                defectID: defect))
        #expect(events.map(\.event.eventType) == ["WorkOrderOpened", "DefectLinked"])
        let wo = events[0].aggregate.id
        #expect(c.workOrder(wo)?.body.opened.value?.defect == "door 3 does not close")
        for stage in [WorkOrderStage.approved, .planned, .inProgress, .technicallyComplete] {
            try c.run(.advanceWorkOrder(workOrderID: wo, to: stage, plannedDay: nil))
        }
        #expect(c.defect(defect)?.body.isClosed == false)
        let released = try c.run(.advanceWorkOrder(workOrderID: wo, to: .releasedToService, plannedDay: nil))
        #expect(released.map(\.event.eventType) == ["WorkOrderAdvanced", "DefectClosed"])
        #expect(c.defect(defect)?.body.isClosed == true)
        #expect(refusal { try c.run(.closeDefect(defectID: defect, resolution: "again")) }?.kind == .illegalTransition)
        #expect(
            refusal {
                try c.run(
                    .reportDefect(vehicleID: vehicle, description: "x", severity: .minor, system: nil), as: .storekeeper
                )
            }?.kind == .forbidden)
    }

    @Test func aDefectOfAnotherVehicleCannotBeTakenUp() throws {
        let (c, vehicle, _, _) = try makeWorkshopFloor()
        let other = try c.run(
            .registerVehicle(
                VehicleRegistered(
                    fleetNumber: "186-002", evn: "218124712173", vehicleClass: "Class 186", kind: .locomotive,
                    keeper: nil, depot: nil, commissionedOn: nil, odometerKm: 0))
        ).first!.aggregate.id
        let defect = try c.run(
            .reportDefect(vehicleID: other, description: "flat wheel", severity: .critical, system: "bogies")
        ).first!.aggregate.id
        #expect(
            refusal {
                try c.run(
                    .openWorkOrder(
                        vehicleID: vehicle, title: "x", type: .corrective, priority: .high, examLevel: nil,
                        defectID: defect))
            }?.kind == .invalidInput)
        #expect(
            refusal {
                try c.run(
                    .openWorkOrder(
                        vehicleID: vehicle, title: "x", type: .corrective, priority: .high, examLevel: nil,
                        defectID: "D-nope"))
            }?.kind == .notFound)
    }

    @Test func duplicatesAreRefused() throws {
        let (c, _, _, _) = try makeWorkshopFloor()
        #expect(
            refusal {
                try c.run(
                    .registerVehicle(
                        VehicleRegistered(
                            fleetNumber: "186-001", evn: "918061860014", vehicleClass: "C", kind: .locomotive,
                            keeper: nil, depot: nil, commissionedOn: nil, odometerKm: 0)))
            }?.kind == .duplicate)
        #expect(refusal { try c.run(.addUser(name: "tara", role: .planner)) }?.kind == .duplicate)
    }
}

@Suite struct RoleMatrixTests {
    /// Restoring an admin is the one exception: its authority is the founding device's key.
    @Test(arguments: CommandKind.allCases.filter { $0 != .restoreAdmin })
    func auditorsOnlyRead(kind: CommandKind) {
        #expect(!RoleMatrix.allows(.auditor, kind))
    }

    @Test(arguments: CommandKind.allCases)
    func adminsMayDoEverything(kind: CommandKind) {
        #expect(RoleMatrix.allows(.admin, kind))
    }

    @Test func eachRoleHasItsJob() {
        #expect(RoleMatrix.allows(.technician, .bookHours) && !RoleMatrix.allows(.technician, .addUser))
        #expect(RoleMatrix.allows(.storekeeper, .moveStock) && !RoleMatrix.allows(.storekeeper, .bookHours))
        #expect(RoleMatrix.allows(.dispatcher, .changeVehicleStatus) && !RoleMatrix.allows(.dispatcher, .moveStock))
        #expect(RoleMatrix.allows(.planner, .closeWorkOrder) && !RoleMatrix.allows(.technician, .closeWorkOrder))
    }

    @Test func aRefusedRoleIsToldWhoMay() {
        let c = MemoryContext()
        let error = refusal { try c.run(.addUser(name: "x", role: .planner), as: .technician, user: "tara") }
        #expect(error?.kind == .forbidden)
        #expect(error?.message == "role 'technician' may not add users (allowed: admin)")
    }
}

@Suite struct EVNTests {
    @Test(arguments: ["21 81 2471 217-3", "918061860014", "91 80 6186 001-4"])
    func validNumbersAreAccepted(text: String) throws {
        #expect(try EVN(text).digits.count == 12)
    }

    @Test(arguments: ["21 81 2471 217-4", "12345", "9180618600a5", ""])
    func invalidNumbersAreRefused(text: String) {
        #expect(throws: DomainError.self) { _ = try EVN(text) }
    }

    @Test func printsInTheUsualGroups() throws {
        #expect(try EVN("218124712173").description == "21 81 2471 217-3")
    }
}

@Suite struct ExamScheduleTests {
    func makeVehicle(km: Int, readingDay: Int, exams: [(String, Int, Int)] = []) -> VehicleState {
        var r = Replica("x")
        var set = AggregateSet()
        let ref = AggregateRef(.vehicle, "V")
        set.apply(r.issue(ref, RandomHistory.opening()[0].1, nowMs: 0))
        for (level, day, examKm) in exams {
            set.apply(
                r.issue(
                    ref, .examRecorded(ExamRecorded(level: level, km: examKm, day: day, workOrderID: nil)),
                    nowMs: Int64(day) * 86_400_000))
        }
        set.apply(
            r.issue(
                ref, .odometerRecorded(OdometerRecorded(km: km, source: "t")), nowMs: Int64(readingDay) * 86_400_000))
        guard case .vehicle(let v)? = set[ref] else { fatalError() }
        return v.body
    }

    func makePlan() -> ExamPlanState {
        var r = Replica("p")
        var set = AggregateSet()
        let ref = AggregateRef(.examPlan, "Class 186")
        for (level, km, days, includes) in [("A", 10_000, 60, [String]()), ("B", 50_000, 365, ["A"])] {
            set.apply(
                r.issue(
                    ref,
                    .examLevelDefined(
                        ExamLevelDefined(
                            vehicleClass: "Class 186", level: level, intervalKm: km, intervalDays: days,
                            tolerancePercent: 10, includes: includes)), nowMs: 0))
        }
        guard case .examPlan(let p)? = set[ref] else { fatalError() }
        return p.body
    }

    @Test func kmOrDaysWhicheverComesFirst() {
        // 100 km/day: A's 10,000 km come after 100 days, its 60 days first.
        let v = makeVehicle(km: 10 + 3000, readingDay: 30)
        let a = ExamSchedule.dues(vehicle: v, plan: makePlan()).first { $0.level == "A" }!
        #expect(a.dueDay == 60 && a.dueKm == 10_010 && a.expectedDay == 60)
        #expect(a.urgency(today: 30, odometerKm: 3010) == .ok)
        #expect(a.urgency(today: 50, odometerKm: 3010) == .due)
        #expect(a.urgency(today: 67, odometerKm: 3010) == .overdue)
    }

    @Test func aHigherExamResetsTheLowerOnesItIncludes() {
        let v = makeVehicle(km: 20_000, readingDay: 100, exams: [("B", 90, 19_000)])
        let a = ExamSchedule.dues(vehicle: v, plan: makePlan()).first { $0.level == "A" }!
        #expect(a.dueKm == 29_000 && a.dueDay == 150)
    }
}

@Suite struct UTCTests {
    @Test(arguments: [
        ("2026-11-29", Int64(20_786) * 86_400_000), ("2026-11-29T16:17:18Z", Int64(20_786) * 86_400_000 + 58_638_000),
        ("2026-11-29T16:17:18.345Z", Int64(20_786) * 86_400_000 + 58_638_345),
        ("2024-02-29T00:00", Int64(19_782) * 86_400_000),
    ])
    func timesParseAndPrintBack(text: String, ms: Int64) {
        #expect(UTC.parse(text) == ms)
        #expect(UTC.parse(UTC.format(ms: ms)) == ms)
    }

    @Test(arguments: ["2026-13-01", "2025-02-29", "yesterday", "2026-11-29T25:00", "2026-1-1"])
    func impossibleTimesAreRefused(text: String) {
        #expect(UTC.parse(text) == nil)
    }
}
