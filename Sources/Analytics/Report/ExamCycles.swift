import Domain

/// One due of an exam level on a vehicle: from the exam (or the registration) it counts from
/// to the next exam satisfying the level, if there is one yet.
struct ExamCycle {
    var level: String
    /// When it counts: when it fell due, or when it was done if done earlier.
    var countsAtMs: Int64
    /// When its tolerance ran out: after `overdueDay`, or past `overdueKm`.
    var overdueFromMs: Int64
    var doneMs: Int64?
    var onTime: Bool
    /// Done, or past its tolerance as of the report's time: compliance counts it.
    var decided: Bool
    var events: [EventID]
    var text: String
}

extension ExamCycle {
    /// Every cycle of every level of the vehicle's plan.
    static func cycles(of v: FleetFacts.Vehicle, plan: [ExamLevelDefined], odometer: Odometer, asOf: Int64)
        -> [ExamCycle]
    {
        guard let registration = v.registration, v.registeredMs < .max else { return [] }
        var cycles: [ExamCycle] = []
        let satisfied = Dictionary(
            Set(v.exams.map(\.value.level)).map { ($0, Set(ExamSchedule.levels(satisfiedBy: $0, in: plan))) },
            uniquingKeysWith: { a, _ in a })
        for level in plan {
            let exams = v.exams.filter {
                $0.ms >= v.registeredMs && satisfied[$0.value.level]?.contains(level.level) == true
            }
            var base = (
                ms: v.registeredMs, day: UTC.day(ofMs: v.registeredMs), km: v.registrationKm, event: registration
            )
            var next = 0
            while true {
                let dueDay = level.intervalDays > 0 ? base.day + level.intervalDays : Int(Int32.max)
                let dueKm = level.intervalKm > 0 ? base.km + level.intervalKm : Int.max
                let overdueDay =
                    level.intervalDays > 0 ? dueDay + level.intervalDays * level.tolerancePercent / 100 : dueDay
                let overdueKm = level.intervalKm > 0 ? dueKm + level.intervalKm * level.tolerancePercent / 100 : dueKm
                let dueMs = min(Int64(dueDay) * 86_400_000, odometer.firstMs(reaching: dueKm) ?? .max)
                let overdueMs = min(
                    Int64(overdueDay + 1) * 86_400_000, odometer.firstMs(reaching: overdueKm &+ 1) ?? .max)
                let limits =
                    "due \(UTC.formatDay(min(dueDay, Int(Int32.max)))) or \(dueKm) km, tolerance to \(overdueKm) km"
                guard next < exams.count else {
                    cycles.append(
                        ExamCycle(
                            level: level.level, countsAtMs: dueMs, overdueFromMs: overdueMs, doneMs: nil, onTime: false,
                            decided: overdueMs <= asOf, events: [base.event],
                            text: "\(level.level) \(limits): not done"))
                    break
                }
                let done = exams[next]
                let onTime = done.value.km <= overdueKm && done.value.day <= overdueDay
                cycles.append(
                    ExamCycle(
                        level: level.level, countsAtMs: min(dueMs, done.ms), overdueFromMs: overdueMs, doneMs: done.ms,
                        onTime: onTime, decided: true, events: [base.event, done.event],
                        text:
                            "\(level.level) \(limits): done \(UTC.formatDay(done.value.day)) at \(done.value.km) km"
                            + (onTime ? "" : ", late")))
                base = (done.ms, done.value.day, done.value.km, done.event)
                next += 1
            }
        }
        return cycles
    }
}

/// A vehicle's odometer as a step function: at t, the largest reading with valid time ≤ t.
struct Odometer {
    private let ms: [Int64]
    private let maxKm: [Int]
    private let maxEvent: [EventID]

    init(_ readings: [FleetFacts.Dated<Int>]) {
        var ms: [Int64] = []
        var maxKm: [Int] = []
        var maxEvent: [EventID] = []
        for r in readings {
            ms.append(r.ms)
            if let last = maxKm.last, last >= r.value {
                maxKm.append(last)
                maxEvent.append(maxEvent[maxEvent.count - 1])
            } else {
                maxKm.append(r.value)
                maxEvent.append(r.event)
            }
        }
        (self.ms, self.maxKm, self.maxEvent) = (ms, maxKm, maxEvent)
    }

    var isEmpty: Bool { ms.isEmpty }
    var firstMs: Int64? { ms.first }

    /// The reading standing at `t`, and the event that recorded it; nil before the first.
    func at(_ t: Int64) -> (km: Int, event: EventID)? {
        var lo = 0
        var hi = ms.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ms[mid] <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : (maxKm[lo - 1], maxEvent[lo - 1])
    }

    /// When the odometer first stood at `km` or more.
    func firstMs(reaching km: Int) -> Int64? {
        var lo = 0
        var hi = maxKm.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if maxKm[mid] >= km { hi = mid } else { lo = mid + 1 }
        }
        return lo < ms.count ? ms[lo] : nil
    }

    /// The first reading: the registration's.
    var first: (km: Int, event: EventID)? { ms.isEmpty ? nil : (maxKm[0], maxEvent[0]) }
}
