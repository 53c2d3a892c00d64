/// When one exam level of a vehicle falls due: by km or by days, whichever comes first.
public struct ExamDue: Codable, Sendable, Equatable {
    public enum Urgency: String, Codable, Sendable, CaseIterable, DeclarationOrdered {
        case ok, due, overdue
    }

    public let level: String
    public let dueKm: Int
    public let dueDay: Int
    /// The day the exam falls due given the vehicle's average daily mileage.
    public let expectedDay: Int
    /// Past this odometer reading, or after this day, the tolerance is used up.
    public let overdueKm: Int
    public let overdueDay: Int

    public init(level: String, dueKm: Int, dueDay: Int, expectedDay: Int, overdueKm: Int, overdueDay: Int) {
        self.level = level
        self.dueKm = dueKm
        self.dueDay = dueDay
        self.expectedDay = expectedDay
        self.overdueKm = overdueKm
        self.overdueDay = overdueDay
    }

    /// Days ahead in which an exam counts as due rather than merely planned.
    public static let dueWindowDays = 14

    /// Urgency depends on today, so it is read, never stored.
    public func urgency(today: Int, odometerKm: Int) -> Urgency {
        if odometerKm > overdueKm || today > overdueDay { return .overdue }
        if odometerKm >= dueKm || expectedDay - today <= Self.dueWindowDays { return .due }
        return .ok
    }
}

public enum ExamSchedule {
    /// Every level of the class's plan, soonest first. Depends only on the vehicle's state,
    /// so that read models built from it are the same on every replica.
    ///
    /// - Complexity: O(levels²).
    public static func dues(vehicle: VehicleState, plan: ExamPlanState?) -> [ExamDue] {
        guard let plan, let baseline = vehicle.baseline.value else { return [] }
        let levels = plan.definedLevels
        let odometer = vehicle.odometerKm
        let readingDay = vehicle.lastReading.value.map { UTC.day(ofMs: $0.atMs) } ?? baseline.day
        let dailyKm = averageDailyKm(vehicle)
        return levels.map { level in
            // The last exam of this level or of any level that includes it.
            let satisfying = levels.filter { $0.level == level.level || includes($0, level.level, in: levels) }
            let last = satisfying.compactMap { vehicle.exams[$0.level]?.value }.max() ?? baseline
            let dueKm = last.km + level.intervalKm
            let dueDay = last.day + level.intervalDays
            let daysToKm = dailyKm > 0 ? Int((Double(dueKm - odometer) / dailyKm).rounded(.down)) : Int(Int32.max)
            return ExamDue(
                level: level.level, dueKm: dueKm, dueDay: dueDay, expectedDay: min(dueDay, readingDay + daysToKm),
                overdueKm: dueKm + level.intervalKm * level.tolerancePercent / 100,
                overdueDay: dueDay + level.intervalDays * level.tolerancePercent / 100)
        }
        .sorted { ($0.expectedDay, $0.level) < ($1.expectedDay, $1.level) }
    }

    /// Mileage per day since registration, from the latest reading.
    public static func averageDailyKm(_ vehicle: VehicleState) -> Double {
        guard let baseline = vehicle.baseline.value, let reading = vehicle.lastReading.value else { return 0 }
        let days = UTC.day(ofMs: reading.atMs) - baseline.day
        return days > 0 ? Double(reading.km - baseline.km) / Double(days) : 0
    }

    /// The levels an exam at `level` satisfies: its own and every level it includes, directly
    /// or through another (a C exam includes B, which includes A).
    public static func levels(satisfiedBy level: String, in all: [ExamLevelDefined]) -> [String] {
        guard let exam = all.first(where: { $0.level == level }) else { return [level] }
        return [level] + all.map(\.level).filter { $0 != level && includes(exam, $0, in: all) }
    }

    static func includes(_ higher: ExamLevelDefined, _ level: String, in all: [ExamLevelDefined]) -> Bool {
        var seen: Set<String> = []
        var frontier = higher.includes
        while let next = frontier.popLast() {
            if next == level { return true }
            guard seen.insert(next).inserted else { continue }
            frontier += all.first { $0.level == next }?.includes ?? []
        }
        return false
    }
}
