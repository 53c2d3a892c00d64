public import Domain

/// A vehicle's features as of a time, read only from what happened before it: age, km,
/// mileage rate, km and days since each exam level, recent failures by system, orders and
/// parts, season, class, depot and status.
public struct VehicleFeatures: Sendable {
    static let dayMs: Int64 = 86_400_000

    /// The exam levels and defect systems that get columns of their own.
    public let levels: [String]
    public let systems: [String]

    public init(levels: some Sequence<String>, systems: some Sequence<String>) {
        self.levels = levels.sorted()
        self.systems = systems.sorted()
    }

    public var numberNames: [String] {
        ["age days", "km", "km a day (90 days)", "days since any exam"]
            + levels.flatMap { ["days since exam \($0)", "km since exam \($0)", "plan used \($0)"] }
            + ["most of a plan used"]
            + ["failures (90 days)", "failures (365 days)", "minor defects (365 days)", "days since a failure"]
            + systems.map { "failures of \($0) (365 days)" }
            + ["corrective orders (365 days)", "preventive orders (365 days)", "parts booked (365 days)", "month"]
    }
    public static let categoryNames = ["class", "depot", "kind", "status"]

    /// The numbers of `numberNames` and the categories of `categoryNames`; nil before the
    /// vehicle was registered. "Plan used" is the share of a level's interval (km or days,
    /// whichever is further on) used since that exam, by the plan as it stood at `t`.
    public func values(of v: FleetHistory.Vehicle, in history: FleetHistory, at t: Int64) -> (
        numbers: [Double], categories: [String]
    )? {
        guard v.registeredMs < t else { return nil }
        let plan = history.plan(of: v.vehicleClass, at: t)
        let day = Self.dayMs
        func days(_ ms: Int64) -> Double { Double(t - ms) / Double(day) }
        func km(at ms: Int64) -> Int? { v.readings.filter { $0.ms < ms }.map(\.km).max() }
        let now = km(at: t) ?? 0
        let ninetyAgo = km(at: t - 90 * day) ?? v.readings.filter { $0.ms < t }.map(\.km).min() ?? now
        let startMs = v.commissionedDay.map { Int64($0) * day } ?? v.registeredMs
        let registrationKm = v.readings.filter { $0.ms <= v.registeredMs }.map(\.km).first ?? 0
        var numbers: [Double] = [
            days(min(startMs, t)), Double(now), Double(now - ninetyAgo) / 90,
            days(v.exams.filter { $0.ms < t }.map(\.ms).max() ?? v.registeredMs),
        ]
        var mostUsed = Double.nan
        for level in levels {
            // Never examined at this level: counted from registration, as the plan counts.
            let last = v.exams.filter { $0.level == level && $0.ms < t }.max { $0.ms < $1.ms }
            let daysSince = days(last?.ms ?? v.registeredMs)
            let kmSince = Double(now - (last?.km ?? registrationKm))
            numbers.append(daysSince)
            numbers.append(kmSince)
            if let limit = plan[level], limit.km > 0, limit.days > 0 {
                let used = max(kmSince / Double(limit.km), daysSince / Double(limit.days))
                numbers.append(used)
                mostUsed = mostUsed.isNaN ? used : max(mostUsed, used)
            } else {
                numbers.append(.nan)
            }
        }
        numbers.append(mostUsed)
        let failures = v.defects.filter { $0.ms < t && $0.isFailure }
        func within(_ d: Int64, _ ms: Int64) -> Bool { ms >= t - d * day }
        numbers.append(Double(failures.filter { within(90, $0.ms) }.count))
        numbers.append(Double(failures.filter { within(365, $0.ms) }.count))
        numbers.append(Double(v.defects.filter { $0.ms < t && !$0.isFailure && within(365, $0.ms) }.count))
        numbers.append(failures.map(\.ms).max().map(days) ?? .nan)
        for system in systems {
            numbers.append(Double(failures.filter { $0.system == system && within(365, $0.ms) }.count))
        }
        let orders = v.workOrders.filter { $0.ms < t && within(365, $0.ms) }
        numbers.append(Double(orders.filter { $0.type == .corrective }.count))
        numbers.append(Double(orders.filter { $0.type == .preventive }.count))
        numbers.append(Double(v.partsBooked.filter { $0.ms < t && within(365, $0.ms) }.reduce(0) { $0 + $1.value }))
        numbers.append(Double(UTC.civil(fromDays: UTC.day(ofMs: t)).month))
        let status = v.statuses.filter { $0.ms < t }.max { $0.ms < $1.ms }?.value ?? VehicleStatus.inService.rawValue
        return (numbers, [v.vehicleClass, v.depot, v.kind, status])
    }

    /// Whether the vehicle fails (a major or critical defect) after `t`, within `days`.
    public static func fails(_ v: FleetHistory.Vehicle, after t: Int64, within days: Int) -> Bool {
        v.defects.contains { $0.isFailure && $0.ms > t && $0.ms <= t + Int64(days) * dayMs }
    }
}
