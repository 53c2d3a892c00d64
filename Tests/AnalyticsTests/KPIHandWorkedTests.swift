import Analytics
import Domain
import Testing

/// A small fleet built fact by fact, whose every figure is worked out by hand in the comments.
struct HandBuiltFleet {
    var facts: [AnalyticsFact] = []
    private var counter: UInt64 = 0

    static func ms(_ text: String) -> Int64 { UTC.parse(text)! }

    mutating func add(_ time: String, _ body: AnalyticsFact.Body) {
        counter += 1
        facts.append(
            AnalyticsFact(
                event: EventID(device: DeviceID("d1"), counter: counter), ms: Self.ms(time),
                body: body))
    }

    /// V1 and V2 of class A, V3 of class B; one workshop; one part at one location.
    static func standard() -> HandBuiltFleet {
        var f = HandBuiltFleet()
        for cls in ["A", "B"] {
            f.add(
                "2025-01-01T00:00:00Z",
                .examLevel(
                    ExamLevelDefined(
                        vehicleClass: cls, level: "A", intervalKm: 10_000, intervalDays: 30, tolerancePercent: 10,
                        includes: [])))
        }
        f.add("2025-01-01T00:00:00Z", .workshop(workshop: "S1", name: "Werk X"))
        f.add("2025-01-01T00:00:00Z", .partRegistered(part: "P1", partNumber: "PN-1", reorderPoint: 5))
        f.add(
            "2026-01-01T00:00:00Z",
            .vehicleRegistered(vehicle: "V1", fleetNumber: "101", vehicleClass: "A", depot: "D", km: 1000))
        f.add(
            "2025-12-01T00:00:00Z",
            .vehicleRegistered(vehicle: "V2", fleetNumber: "102", vehicleClass: "A", depot: "D", km: 5000))
        f.add(
            "2025-12-01T00:00:00Z",
            .vehicleRegistered(vehicle: "V3", fleetNumber: "103", vehicleClass: "B", depot: "E", km: 0))
        // V1 down 48 h in January, then 12 h either side of the month's end.
        f.add("2026-01-10T00:00:00Z", .status(vehicle: "V1", status: .outOfService))
        f.add("2026-01-11T00:00:00Z", .status(vehicle: "V1", status: .inWorkshop))
        f.add("2026-01-12T00:00:00Z", .status(vehicle: "V1", status: .released))
        f.add("2026-01-12T06:00:00Z", .status(vehicle: "V1", status: .inService))
        f.add("2026-01-31T12:00:00Z", .status(vehicle: "V1", status: .outOfService))
        f.add("2026-02-01T12:00:00Z", .status(vehicle: "V1", status: .inService))
        // V2 withdrawn mid-January: 15 days of hours.
        f.add("2026-01-16T00:00:00Z", .status(vehicle: "V2", status: .withdrawn))
        // Readings: V1 500 km in January, 1,100 in February; V2 has no reading on 1 January,
        // so its odometer then is December's 5,400: 200 km.
        f.add("2026-01-15T00:00:00Z", .reading(vehicle: "V1", km: 1500))
        f.add("2026-02-10T00:00:00Z", .reading(vehicle: "V1", km: 2600))
        f.add("2025-12-20T00:00:00Z", .reading(vehicle: "V2", km: 5400))
        f.add("2026-01-10T00:00:00Z", .reading(vehicle: "V2", km: 5600))
        // Defects: December's brake failure repaired by W1; a repeat in January; a minor one.
        f.add("2025-12-29T00:00:00Z", .defect(defect: "F0", vehicle: "V1", severity: .major, system: "brakes"))
        f.add("2025-12-30T00:00:00Z", .defectLinked(defect: "F0", order: "W1"))
        f.add("2026-01-20T00:00:00Z", .defect(defect: "F1", vehicle: "V1", severity: .major, system: "brakes"))
        f.add("2026-01-21T00:00:00Z", .defect(defect: "F2", vehicle: "V1", severity: .minor, system: "doors"))
        f.add("2026-02-05T00:00:00Z", .defect(defect: "F3", vehicle: "V1", severity: .critical, system: "hvac"))
        // W1: opened before the period, started 2 January, released 3 January, closed the 4th.
        f.add("2025-12-30T00:00:00Z", .orderOpened(order: "W1", vehicle: "V1", number: "WO-1", type: .corrective))
        f.add("2025-12-30T01:00:00Z", .orderAssigned(order: "W1", workshop: "S1"))
        f.add("2026-01-02T00:00:00Z", .orderStage(order: "W1", stage: .inProgress))
        f.add("2026-01-02T10:00:00Z", .hours(order: "W1", minutes: 120, rateMinor: 6000))
        f.add("2026-01-02T11:00:00Z", .partBooked(order: "W1", part: "P1", quantity: 2, unitCostMinor: 5000))
        f.add("2026-01-03T00:00:00Z", .orderStage(order: "W1", stage: .releasedToService))
        f.add("2026-01-04T00:00:00Z", .orderStage(order: "W1", stage: .closed))
        // W2: preventive, opened 5 January and still open.
        f.add("2026-01-05T00:00:00Z", .orderOpened(order: "W2", vehicle: "V1", number: "WO-2", type: .preventive))
        f.add("2026-01-06T00:00:00Z", .hours(order: "W2", minutes: 60, rateMinor: 6000))
        // V1's A exam: due 31 January, done 2 February within the 10 % tolerance (3 February).
        f.add("2026-02-02T00:00:00Z", .exam(vehicle: "V1", level: "A", km: 2000, day: UTC.parseDay("2026-02-02")!))
        // Stock: nothing left at D from 20 to 24 January while it was being issued.
        f.add("2025-12-01T00:00:00Z", .stock(part: "P1", location: "D", delta: 10, reason: .receipt))
        f.add("2026-01-10T00:00:00Z", .stock(part: "P1", location: "D", delta: -4, reason: .issue))
        f.add("2026-01-20T00:00:00Z", .stock(part: "P1", location: "D", delta: -6, reason: .issue))
        f.add("2026-01-25T00:00:00Z", .stock(part: "P1", location: "D", delta: 10, reason: .receipt))
        // The log reaches the end of February: figures go no further than its latest entry.
        f.add("2026-03-01T00:00:00Z", .reading(vehicle: "V3", km: 0))
        return f
    }
}

@Suite struct KPIHandWorkedTests {
    let january = ReportPeriod(
        from: HandBuiltFleet.ms("2026-01-01T00:00:00Z"), to: HandBuiltFleet.ms("2026-02-01T00:00:00Z"))
    let february = ReportPeriod(
        from: HandBuiltFleet.ms("2026-02-01T00:00:00Z"), to: HandBuiltFleet.ms("2026-03-01T00:00:00Z"))
    let end = HandBuiltFleet.ms("2026-03-01T00:00:00Z")

    func rows(_ grouping: Grouping, asOf: Int64? = nil, facts: [AnalyticsFact] = HandBuiltFleet.standard().facts)
        -> [KPIRow]
    {
        let at = asOf ?? end
        return KPIReport(facts: FleetFacts(facts.filter { $0.ms <= at }), asOf: at)
            .rows(by: grouping, periods: [january, february])
    }

    func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) < 1e-9 } ?? false }

    @Test func theFleetsJanuaryIsWorkedOutByHand() throws {
        let jan = try #require(rows(.fleet).first)
        // Hours: V1 31 days, V2 15 (withdrawn on the 16th), V3 31. Down: V1 24+24+12.
        #expect(close(jan.value(.vehicleHours), 744 + 360 + 744))
        #expect(close(jan.value(.availability), 1 - 60.0 / 1848))
        #expect(close(jan.value(.kmRun), 500 + 200))
        #expect(jan.value(.failures) == 1)
        #expect(jan.value(.mdbfKm) == 700)
        #expect(close(jan.value(.mtbfDays), 1848.0 / 24))
        // W1: opened 30 December, released 3 January: 96 hours; started the 2nd: 24.
        #expect(jan.value(.repairs) == 1)
        #expect(jan.value(.mttrHours) == 96)
        #expect(jan.value(.turnaroundHours) == 24)
        #expect(jan.value(.ordersCompleted) == 1)
        #expect(jan.value(.hoursPerOrder) == 2)
        // Labour 120 + 60, parts 100; 60 of the 180 minutes preventive.
        #expect(jan.value(.labourCost) == 180)
        #expect(jan.value(.partsCost) == 100)
        #expect(jan.value(.cost) == 280)
        #expect(close(jan.value(.costPer1000Km), 400))
        #expect(close(jan.value(.preventiveShare), 1.0 / 3))
        // W2 open at the end, 27 days old; W1 closed on the 4th.
        #expect(jan.value(.backlog) == 1)
        #expect(jan.value(.backlogAgeDays) == 27)
        // F1 is on brakes 17 days after W1 released F0's repair; F2 is minor and on doors.
        #expect(jan.value(.repeatDefects) == 1)
        // V1's exam counts when it fell due (31 January) and was on time. V3's fell due on
        // 31 December; past its tolerance since 4 January, it is overdue at both month ends.
        #expect(jan.value(.examsDue) == 1)
        #expect(jan.value(.examCompliance) == 1)
        #expect(jan.value(.overdueExams) == 1)
        // Stock: the 20th to the 24th short; 10 on hand at the end; 10 issued in 31 days.
        #expect(jan.value(.daysOutOfStock) == 5)
        #expect(close(jan.value(.daysOfCover), 31))
        #expect(jan.value(.partsAtReorder) == 0)
    }

    @Test func februaryCarriesTheBoundaryStatusAndTheWithdrawal() throws {
        let feb = try #require(rows(.fleet).last)
        // V1 was out of service from 31 January 12:00 to 1 February 12:00: 12 hours each side.
        #expect(close(feb.value(.vehicleHours), 672 * 2))
        #expect(close(feb.value(.availability), 1 - 12.0 / 1344))
        #expect(feb.value(.kmRun) == 1100)
        #expect(feb.value(.failures) == 1)
        #expect(feb.value(.mttrHours) == nil, "no repair was released in February")
        #expect(feb.value(.examsDue) == 0)
        #expect(feb.value(.examCompliance) == nil)
        #expect(feb.value(.overdueExams) == 1)
        #expect(feb.value(.backlog) == 1)
    }

    @Test func groupsSplitTheFleet() throws {
        let classes = rows(.vehicleClass)
        #expect(Set(classes.map(\.group)) == ["A", "B"])
        let a = try #require(classes.first { $0.group == "A" && $0.period == january })
        #expect(close(a.value(.vehicleHours), 744 + 360))
        #expect(a.value(.overdueExams) == 0)
        let workshops = rows(.workshop)
        let werk = try #require(workshops.first { $0.group == "Werk X" && $0.period == january })
        #expect(werk.value(.mttrHours) == 96)
        #expect(werk.value(.cost) == 220, "W1's labour and parts; W2 has no workshop")
        let parts = rows(.part)
        let p1 = try #require(parts.first { $0.group == "PN-1" && $0.period == january })
        #expect(p1.value(.partsCost) == 100)
        #expect(p1.value(.daysOutOfStock) == 5)
    }

    @Test func asOfATimeOnlyWhatWasKnownCounts() throws {
        // As of 15 January: W1 is closed, W2 open; V1's reading of the 15th (at midnight) is known.
        let at = HandBuiltFleet.ms("2026-01-15T00:00:00Z")
        let jan = try #require(rows(.fleet, asOf: at).first)
        #expect(jan.period.to == at + 1)
        #expect(close(jan.value(.kmRun), 500 + 200))
        #expect(jan.value(.failures) == 0)
        #expect(jan.value(.backlog) == 1)
        // Three vehicles from 1 to 15 January, the period ending a millisecond after the look.
        #expect(close(jan.value(.vehicleHours), 3 * (336 + 1 / 3_600_000.0)))
        #expect(rows(.fleet, asOf: at).count == 1, "February had not begun")
    }

    /// An exam due on 27 February with its tolerance running to 2 March is undecided while the
    /// log ends on 1 March: a look from any later time (the terminal's "now") must not call
    /// it late for lack of news.
    @Test func aDueWhoseToleranceOutlastsTheLogIsUndecided() throws {
        var f = HandBuiltFleet.standard()
        f.add(
            "2026-01-28T00:00:00Z",
            .vehicleRegistered(vehicle: "V4", fleetNumber: "104", vehicleClass: "B", depot: "E", km: 0))
        let atEnd = KPIReport(facts: FleetFacts(f.facts), asOf: end).rows(by: .fleet, periods: [january, february])
        let later = KPIReport(facts: FleetFacts(f.facts), asOf: .max).rows(by: .fleet, periods: [january, february])
        #expect(later == atEnd)
        #expect(later.last?.value(.examsDue) == 0, "V4's due is not decided")
    }

    @Test func aCorrectionWithdrawsTheReadingItReplaces() throws {
        var f = HandBuiltFleet.standard()
        let wrong = EventID(device: DeviceID("d1"), counter: 1000)
        f.facts.append(
            AnalyticsFact(
                event: wrong, ms: HandBuiltFleet.ms("2026-01-20T00:00:00Z"),
                body: .reading(vehicle: "V1", km: 90_000)))
        f.add("2026-01-21T00:00:00Z", .correction(vehicle: "V1", km: 1600, withdrawn: [wrong]))
        let jan = try #require(rows(.fleet, facts: f.facts).first)
        #expect(close(jan.value(.kmRun), 600 + 200))
    }

    @Test func theDrillDownListsTheEventsBehindAFigure() throws {
        let f = HandBuiltFleet.standard()
        let report = KPIReport(facts: FleetFacts(f.facts), asOf: end)
        let mdbf = try #require(report.explain(.mdbfKm, group: "fleet", by: .fleet, period: january))
        #expect(mdbf.row.value(.mdbfKm) == 700)
        let failure = try #require(mdbf.evidence.first { $0.measures[.failures] == 1 })
        #expect(failure.subject == "101")
        #expect(
            failure.events == [
                f.facts.first { if case .defect("F1", _, _, _) = $0.body { true } else { false } }!.event
            ])
        #expect(mdbf.evidence.filter { $0.measures[.kmRun] != nil }.map(\.subject).sorted() == ["101", "102"])
        let availability = try #require(report.explain(.availability, group: "A", by: .vehicleClass, period: january))
        #expect(
            availability.evidence.compactMap { $0.measures[.downTime] }.map { $0 / 3_600_000 } == [24, 24, 12])
        #expect(report.explain(.availability, group: "Z", by: .vehicleClass, period: january) == nil)
        // Days of cover: the location's stock at the end and what was issued, with the last movement.
        let cover = try #require(report.explain(.daysOfCover, group: "PN-1", by: .part, period: january))
        #expect(cover.evidence.map(\.text) == ["D: 10 on hand at the period's end, 10 issued in it"])
        #expect(cover.evidence.first?.events.count == 1)
    }

    @Test func factsInAnyOrderGiveTheSameFigures() {
        var facts = HandBuiltFleet.standard().facts
        let before = rows(.vehicle, facts: facts)
        var g = SeededGenerator(seed: 7)
        facts.shuffle(using: &g)
        #expect(rows(.vehicle, facts: facts) == before)
    }

    @Test func periodsAreNamedAndParsedAlike() throws {
        let weeks = Granularity.week.periods(from: january.from, to: february.to)
        #expect(weeks.first?.label(.week) == "2026-W01")
        #expect(weeks.reduce(0) { $0 + $1.days } == 59)
        for (name, days) in [("2026-03", 31.0), ("2026-W11", 7), ("2026-03-14", 1), ("2026-01-01..2026-02-01", 31)] {
            let named = try #require(ReportPeriod.named(name))
            #expect(named.period.days == days)
            #expect(named.period.label(named.granularity) == name)
        }
        #expect(ReportPeriod.named("2026-W54") == nil)
        #expect(ReportPeriod.named("2026-13") == nil)
        #expect(ReportPeriod.named("2026-02-01..2026-01-01") == nil)
    }
}
