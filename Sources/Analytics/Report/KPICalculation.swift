import Domain

/// Computes every measure of every vehicle, order, booking and stock location over a list of
/// contiguous periods, in one pass over the facts, and hands each to a sink.
struct KPICalculation {
    let facts: FleetFacts
    let periods: [ReportPeriod]
    /// The last moment the report knows of (its time, or the log's latest fact if earlier):
    /// facts are those known then, and periods end there.
    let asOf: Int64

    /// Days a location counts as short while the part was issued there within this many days.
    static let demandWindowDays: Int64 = 90
    /// A defect within this many days of the previous one's release on the same system repeats it.
    static let repeatWindowDays: Int64 = 30

    func period(of ms: Int64) -> Int? {
        guard let first = periods.first, let last = periods.last, ms >= first.from, ms < last.to else { return nil }
        var lo = 0
        var hi = periods.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if periods[mid].to <= ms { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    func run<S: MeasureSink>(_ sink: inout S) {
        guard !periods.isEmpty else { return }
        for (i, v) in facts.vehicles.enumerated() where v.registeredMs < .max {
            vehicle(i, v, &sink)
        }
        for order in facts.orders { self.order(order, &sink) }
        for booking in facts.bookings { self.booking(booking, &sink) }
        for (i, part) in facts.parts.enumerated() { stock(i, part, &sink) }
    }

    // MARK: Vehicles

    private func vehicle<S: MeasureSink>(_ i: Int, _ v: FleetFacts.Vehicle, _ sink: inout S) {
        let unit = Unit(vehicle: i)
        let life = (from: v.registeredMs, to: v.withdrawnMs)
        // Hours: the status is a step function, in service from registration until the first change.
        var segments: [(from: Int64, status: VehicleStatus, event: EventID?)] = [(v.registeredMs, .inService, nil)]
        for s in v.statuses { segments.append((max(s.ms, v.registeredMs), s.value, s.event)) }
        for (k, segment) in segments.enumerated() {
            let end = min(k + 1 < segments.count ? segments[k + 1].from : .max, life.to)
            let start = max(segment.from, life.from)
            guard start < end else { continue }
            let isDown = segment.status == .outOfService || segment.status == .inWorkshop
            overlap(start, end) { p, a, b in
                let time = Double(b - a)
                sink.add(unit, p, .vehicleTime, time)
                guard isDown else { return }
                sink.add(unit, p, .downTime, time)
                if sink.wantsEvidence, let event = segment.event {
                    sink.explain(
                        unit, p,
                        Evidence(
                            ms: a, subject: v.fleetNumber,
                            text: "\(segment.status.rawValue) \(UTC.format(ms: a)) → \(UTC.format(ms: b))",
                            measures: [.downTime: time], events: [event]))
                }
            }
        }
        if sink.wantsEvidence, let registration = v.registration {
            for (p, period) in periods.enumerated() {
                let a = max(period.from, life.from)
                let b = min(period.to, life.to)
                guard a < b else { continue }
                let withdrawal = v.statuses.first { $0.value == .withdrawn && $0.ms == v.withdrawnMs }
                sink.explain(
                    unit, p,
                    Evidence(
                        ms: a, subject: v.fleetNumber,
                        text: "in the fleet \(UTC.format(ms: a)) → \(UTC.format(ms: b))"
                            + (withdrawal == nil ? "" : ", withdrawn"),
                        measures: [.vehicleTime: Double(b - a)],
                        events: [registration] + (withdrawal.map { [$0.event] } ?? [])))
            }
        }
        // Km run: the odometer at the end less the odometer at the start (or at registration).
        let odometer = Odometer(v.readings)
        for (p, period) in periods.enumerated() {
            guard let end = odometer.at(period.to), let start = odometer.at(period.from) ?? odometer.first,
                end.km > start.km
            else { continue }
            sink.add(unit, p, .kmRun, Double(end.km - start.km))
            if sink.wantsEvidence {
                sink.explain(
                    unit, p,
                    Evidence(
                        ms: period.from, subject: v.fleetNumber, text: "odometer \(start.km) km → \(end.km) km",
                        measures: [.kmRun: Double(end.km - start.km)], events: [start.event, end.event]))
            }
        }
        defects(unit, v, &sink)
        if let plan = facts.plans[v.vehicleClass] {
            // A withdrawn vehicle has no exams falling due after its withdrawal.
            for cycle in ExamCycle.cycles(of: v, plan: plan, odometer: odometer, asOf: min(asOf, v.withdrawnMs))
            where cycle.countsAtMs < v.withdrawnMs {
                exam(unit, v, cycle, &sink)
            }
        }
    }

    private func defects<S: MeasureSink>(_ unit: Unit, _ v: FleetFacts.Vehicle, _ sink: inout S) {
        var previous: [String: FleetFacts.Defect] = [:]
        for d in v.defects {
            defer { previous[d.system] = d }
            guard let p = period(of: d.ms) else { continue }
            if d.isFailure {
                sink.add(unit, p, .failures, 1)
                if sink.wantsEvidence {
                    sink.explain(
                        unit, p,
                        Evidence(
                            ms: d.ms, subject: v.fleetNumber, text: "\(d.severity.rawValue) \(d.system) defect \(d.id)",
                            measures: [.failures: 1], events: [d.event]))
                }
            }
            guard let before = previous[d.system], let released = releaseMs(of: before),
                released <= d.ms, d.ms - released <= Self.repeatWindowDays * 86_400_000
            else { continue }
            sink.add(unit, p, .repeatDefects, 1)
            if sink.wantsEvidence {
                sink.explain(
                    unit, p,
                    Evidence(
                        ms: d.ms, subject: v.fleetNumber,
                        text:
                            "\(d.system) defect \(d.id) \(UTC.format(ms: d.ms)), \(before.id) released \(UTC.format(ms: released))",
                        measures: [.repeatDefects: 1], events: [before.event, d.event]))
            }
        }
    }

    /// When a defect's repair was released to service: the first release of an order that
    /// closed it or was linked to it, else the defect's closing.
    private func releaseMs(of d: FleetFacts.Defect) -> Int64? {
        let orders = (d.closingOrder.map { [$0] } ?? []) + d.orders
        return orders.compactMap(facts.releaseMs(ofOrder:)).min() ?? d.closedMs
    }

    private func exam<S: MeasureSink>(_ unit: Unit, _ v: FleetFacts.Vehicle, _ c: ExamCycle, _ sink: inout S) {
        if c.decided, let p = period(of: c.countsAtMs), c.countsAtMs <= asOf {
            sink.add(unit, p, .examsDue, 1)
            if c.onTime { sink.add(unit, p, .examsOnTime, 1) }
            if sink.wantsEvidence {
                sink.explain(
                    unit, p,
                    Evidence(
                        ms: c.countsAtMs, subject: v.fleetNumber, text: c.text,
                        measures: [.examsDue: 1, .examsOnTime: c.onTime ? 1 : 0], events: c.events))
            }
        }
        // Overdue at a period's end: past its tolerance then, and not yet done.
        for (p, period) in periods.enumerated()
        where c.overdueFromMs < period.to && (c.doneMs ?? .max) >= period.to && period.to <= v.withdrawnMs {
            sink.add(unit, p, .overdueExams, 1)
            if sink.wantsEvidence {
                sink.explain(
                    unit, p,
                    Evidence(
                        ms: c.overdueFromMs, subject: v.fleetNumber, text: c.text + ", overdue at the period's end",
                        measures: [.overdueExams: 1], events: c.events))
            }
        }
    }

    // MARK: Work orders

    private func order<S: MeasureSink>(_ o: FleetFacts.Order, _ sink: inout S) {
        guard let opened = o.openedMs, let openedEvent = o.opened else { return }
        let unit = Unit(vehicle: o.vehicle ?? -1, workshop: o.workshop ?? -1)
        if let released = o.releasedMs, let releaseEvent = o.released, let p = period(of: released) {
            let minutes = o.bookings.reduce(0) { $0 + facts.bookings[$1].minutes }
            sink.add(unit, p, .ordersCompleted, 1)
            sink.add(unit, p, .completedMinutes, Double(minutes))
            let repairTime = Double(released - opened)
            if o.type == .corrective {
                sink.add(unit, p, .repairs, 1)
                sink.add(unit, p, .repairTime, repairTime)
            }
            let turnaround = o.startedMs.map { Double(released - $0) }
            if let turnaround {
                sink.add(unit, p, .turnarounds, 1)
                sink.add(unit, p, .turnaroundTime, turnaround)
            }
            if sink.wantsEvidence {
                var measures: [Measure: Double] = [.completedMinutes: Double(minutes)]
                if o.type == .corrective { measures[.repairTime] = repairTime }
                if let turnaround { measures[.turnaroundTime] = turnaround }
                sink.explain(
                    unit, p,
                    Evidence(
                        ms: released, subject: o.number,
                        text:
                            "\(o.type.rawValue) order opened \(UTC.format(ms: opened)), released \(UTC.format(ms: released))"
                            + (o.startedMs.map { ", started \(UTC.format(ms: $0))" } ?? ""),
                        measures: measures, events: [openedEvent, releaseEvent]))
            }
        }
        // Backlog at each period's end that finds it open.
        let ended = o.endedMs ?? .max
        for (p, period) in periods.enumerated() where opened < period.to && ended >= period.to {
            let age = Double(period.to - opened)
            sink.add(unit, p, .openOrders, 1)
            sink.add(unit, p, .openAge, age)
            if sink.wantsEvidence {
                sink.explain(
                    unit, p,
                    Evidence(
                        ms: opened, subject: o.number,
                        text: "\(o.type.rawValue) order open at the period's end, \(Int(age / 86_400_000)) days old",
                        measures: [.openAge: age], events: [openedEvent]))
            }
        }
    }

    private func booking<S: MeasureSink>(_ b: FleetFacts.Booking, _ sink: inout S) {
        guard let p = period(of: b.ms) else { return }
        let o = facts.orders[b.order]
        let unit = Unit(vehicle: o.vehicle ?? -1, workshop: o.workshop ?? -1, part: b.part ?? -1)
        sink.add(unit, p, .labourMinor, b.labourMinor)
        sink.add(unit, p, .partsMinor, b.partsMinor)
        sink.add(unit, p, .bookedMinutes, Double(b.minutes))
        if o.type == .preventive { sink.add(unit, p, .preventiveMinutes, Double(b.minutes)) }
        if sink.wantsEvidence {
            let what =
                b.minutes > 0
                ? "\(b.minutes) min booked on \(o.type.rawValue) order"
                : "\(b.quantity) × \(b.part.map { facts.parts[$0].number } ?? "part") booked"
            sink.explain(
                unit, p,
                Evidence(
                    ms: b.ms, subject: o.number, text: what,
                    measures: [
                        .labourMinor: b.labourMinor, .partsMinor: b.partsMinor, .bookedMinutes: Double(b.minutes),
                    ], events: [b.event]))
        }
    }

    // MARK: Stock

    private func stock<S: MeasureSink>(_ i: Int, _ part: FleetFacts.Part, _ sink: inout S) {
        var onHandAtEnd = [Double](repeating: 0, count: periods.count)
        for (location, legs) in part.legs {
            let unit = Unit(part: i, location: location)
            // On hand after each leg, and the issues, for the demand window.
            var level = 0
            var levels: [(ms: Int64, onHand: Int)] = []
            var issues: [Int64] = []
            var issuedIn = [Double](repeating: 0, count: periods.count)
            for leg in legs {
                level += leg.value.delta
                levels.append((leg.ms, level))
                if leg.value.reason == .issue {
                    issues.append(leg.ms)
                    if let p = period(of: leg.ms) { issuedIn[p] -= Double(leg.value.delta) }
                }
            }
            func onHand(at t: Int64) -> Int {
                var lo = 0
                var hi = levels.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if levels[mid].ms <= t { lo = mid + 1 } else { hi = mid }
                }
                return lo == 0 ? 0 : levels[lo - 1].onHand
            }
            func issued(in from: Int64, _ to: Int64) -> Bool {
                var lo = 0
                var hi = issues.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if issues[mid] <= from { lo = mid + 1 } else { hi = mid }
                }
                return lo < issues.count && issues[lo] <= to
            }
            for (p, period) in periods.enumerated() {
                let end = onHand(at: period.to - 1)
                onHandAtEnd[p] += Double(end)
                sink.add(unit, p, .onHandAtEnd, Double(end))
                sink.add(unit, p, .issued, issuedIn[p])
                if sink.wantsEvidence, end != 0 || issuedIn[p] != 0 {
                    let last = legs.last { $0.ms < period.to }
                    sink.explain(
                        unit, p,
                        Evidence(
                            ms: period.to - 1, subject: part.number,
                            text: "\(location): \(end) on hand at the period's end, \(Int(issuedIn[p])) issued in it",
                            measures: [.onHandAtEnd: Double(end), .issued: issuedIn[p]],
                            events: last.map { [$0.event] } ?? []))
                }
                // Days short: whole days of the period that ended with nothing on hand while
                // the part had been issued here within the demand window.
                var day = UTC.day(ofMs: period.from)
                var short = 0
                var firstShort: Int?
                while Int64(day) * 86_400_000 < period.to {
                    let dayEnd = min(Int64(day + 1) * 86_400_000, period.to) - 1
                    if onHand(at: dayEnd) <= 0, issued(in: dayEnd - Self.demandWindowDays * 86_400_000, dayEnd) {
                        short += 1
                        firstShort = firstShort ?? day
                    }
                    day += 1
                }
                guard short > 0 else { continue }
                sink.add(unit, p, .outOfStockDays, Double(short))
                if sink.wantsEvidence, let firstShort {
                    let last = legs.last { $0.ms <= Int64(firstShort + 1) * 86_400_000 }
                    sink.explain(
                        unit, p,
                        Evidence(
                            ms: Int64(firstShort) * 86_400_000, subject: part.number,
                            text:
                                "\(location): \(short) days with none on hand, the first \(UTC.formatDay(firstShort))",
                            measures: [.outOfStockDays: Double(short)], events: last.map { [$0.event] } ?? []))
                }
            }
        }
        let unit = Unit(part: i)
        for (p, onHand) in onHandAtEnd.enumerated() where onHand <= Double(part.reorderPoint) && !part.legs.isEmpty {
            sink.add(unit, p, .partsAtReorder, 1)
            if sink.wantsEvidence {
                sink.explain(
                    unit, p,
                    Evidence(
                        ms: periods[p].to - 1, subject: part.number,
                        text: "\(Int(onHand)) on hand at the period's end, reorder point \(part.reorderPoint)",
                        measures: [.partsAtReorder: 1], events: []))
            }
        }
    }

    /// Calls `body` with each period a span [from, to) overlaps and the overlap's ends.
    private func overlap(_ from: Int64, _ to: Int64, _ body: (Int, Int64, Int64) -> Void) {
        var p = period(of: max(from, periods[0].from)) ?? (from < periods[0].from ? 0 : periods.count)
        while p < periods.count, periods[p].from < to {
            let a = max(from, periods[p].from)
            let b = min(to, periods[p].to)
            if a < b { body(p, a, b) }
            p += 1
        }
    }
}
