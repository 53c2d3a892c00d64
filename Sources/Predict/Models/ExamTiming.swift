/// When a vehicle should next see the workshop for its most frequent exam: the day its
/// chance of failing within the following 30 days (a Weibull on km since that exam) reaches a
/// threshold, and never later than its plan's limit (km or days, whichever first, with the
/// allowed overrun).
public struct ExamTiming: Sendable, Equatable, Codable {
    public var vehicle: String
    public var level: String
    /// Day number (days since 1970-01-01) recommended, and the plan's last allowed day.
    public var day: Int
    public var limitDay: Int
    /// `risk` when the risk reaches the threshold first, `plan` when the limit comes first.
    public var reason: String
    /// The 30-day failure probability on the recommended day.
    public var risk: Double

    static let dayMs: Int64 = 86_400_000

    /// Spans of km from an exam of each class's most frequent level (or one including it) to
    /// the first failure after it, or to the next such exam (cut short): what the survival
    /// model is fitted to.
    public static func spans(_ history: FleetHistory) -> (durations: [Double], failed: [Bool]) {
        var durations: [Double] = []
        var failed: [Bool] = []
        for id in history.vehicles.keys.sorted() {
            guard let v = history.vehicles[id], let level = firstLevel(history, v.vehicleClass) else { continue }
            let resets = v.exams.filter { covers($0.level, level, history.plans[v.vehicleClass]) }.sorted {
                $0.ms < $1.ms
            }
            for (exam, next) in zip(resets, resets.dropFirst()) {
                if let failure = v.defects.filter({ $0.isFailure && $0.ms > exam.ms && $0.ms < next.ms }).min(by: {
                    $0.ms < $1.ms
                }), let km = km(v, at: failure.ms) {
                    durations.append(Double(max(1, km - exam.km)))
                    failed.append(true)
                } else {
                    durations.append(Double(max(1, next.km - exam.km)))
                    failed.append(false)
                }
            }
        }
        return (durations, failed)
    }

    /// The recommendation for a vehicle as of `t`; nil without a plan or a reading.
    public static func recommend(
        _ v: FleetHistory.Vehicle, in history: FleetHistory, at t: Int64, survival: WeibullSurvival,
        threshold: Double = 0.15
    ) -> ExamTiming? {
        guard let level = firstLevel(history, v.vehicleClass), let plan = history.plans[v.vehicleClass]?[level],
            let (kmSince, rate, lastMs) = wear(v, in: history, at: t)
        else { return nil }
        let allowance = 1 + Double(plan.tolerancePercent) / 100
        let today = Int((t - t % dayMs) / dayMs)
        let daysSince = Int((t - lastMs) / dayMs)
        let byDays = Int(Double(plan.days) * allowance) - daysSince
        let byKm = Int(((Double(plan.km) * allowance) - kmSince) / rate)
        let limit = max(0, min(byDays, byKm))
        for d in 0...limit {
            let risk = survival.failureProbability(after: kmSince + rate * Double(d), within: rate * 30)
            if risk >= threshold {
                return ExamTiming(
                    vehicle: v.id, level: level, day: today + d, limitDay: today + limit, reason: "risk", risk: risk)
            }
        }
        return ExamTiming(
            vehicle: v.id, level: level, day: today + limit, limitDay: today + limit, reason: "plan",
            risk: survival.failureProbability(after: kmSince + rate * Double(limit), within: rate * 30))
    }

    /// As of `t`: km since the vehicle's most frequent exam (or its registration), its km a
    /// day over the last 90 days (at least 1), and when that exam was; nil without a plan or
    /// a reading.
    static func wear(_ v: FleetHistory.Vehicle, in history: FleetHistory, at t: Int64) -> (
        kmSince: Double, rate: Double, lastMs: Int64
    )? {
        guard let level = firstLevel(history, v.vehicleClass), let now = km(v, at: t) else { return nil }
        let last = v.exams.filter { $0.ms < t && covers($0.level, level, history.plans[v.vehicleClass]) }
            .max { $0.ms < $1.ms }
        let kmSince = Double(now - (last?.km ?? v.readings.first?.km ?? now))
        let earlier = km(v, at: t - 90 * dayMs) ?? v.readings.first?.km ?? now
        return (kmSince, max(1, Double(now - earlier) / 90), last?.ms ?? v.registeredMs)
    }

    /// The chance a vehicle fails within `days` after `t` by the survival model alone; nil
    /// without a plan or a reading.
    public static func failureProbability(
        _ v: FleetHistory.Vehicle, in history: FleetHistory, at t: Int64, within days: Int, survival: WeibullSurvival
    ) -> Double? {
        wear(v, in: history, at: t).map {
            survival.failureProbability(after: $0.kmSince, within: $0.rate * Double(days))
        }
    }

    /// The plan's most frequent level: the shortest km interval.
    static func firstLevel(_ history: FleetHistory, _ vehicleClass: String) -> String? {
        history.plans[vehicleClass]?.values.min { ($0.km, $0.level) < ($1.km, $1.level) }?.level
    }

    /// Whether an exam at `done` satisfies `level` (it is that level or includes it, at any depth).
    static func covers(_ done: String, _ level: String, _ plan: [String: FleetHistory.PlanLevel]?) -> Bool {
        var seen: Set<String> = []
        var stack = [done]
        while let next = stack.popLast() {
            if next == level { return true }
            guard seen.insert(next).inserted else { continue }
            stack += plan?[next]?.includes ?? []
        }
        return false
    }

    static func km(_ v: FleetHistory.Vehicle, at ms: Int64) -> Int? { v.readings.filter { $0.ms < ms }.map(\.km).max() }
}
