/// The additive quantities every KPI is a ratio of. Times (`…Time`, `openAge`) are in
/// milliseconds, so that sums of them are exact; figures convert them to hours or days. A group's figures are the sums of its
/// members' measures, so that the fleet's availability is the hours-weighted mean of its
/// classes', its MDBF their total km over their total failures, and so on.
public enum Measure: Int, Sendable, CaseIterable {
    case vehicleTime, downTime, kmRun, failures
    case repairs, repairTime
    case labourMinor, partsMinor, bookedMinutes, preventiveMinutes
    case examsDue, examsOnTime, overdueExams
    case openOrders, openAge
    case repeatDefects
    case turnarounds, turnaroundTime, ordersCompleted, completedMinutes
    case outOfStockDays, onHandAtEnd, issued, partsAtReorder
}

/// One value per `Measure`.
public struct Measures: Sendable, Equatable {
    public private(set) var values = [Double](repeating: 0, count: Measure.allCases.count)

    public init() {}

    public subscript(_ m: Measure) -> Double {
        get { values[m.rawValue] }
        set { values[m.rawValue] = newValue }
    }

    public mutating func add(_ other: Measures) {
        for i in values.indices { values[i] += other.values[i] }
    }

    public static func + (a: Measures, b: Measures) -> Measures {
        var sum = a
        sum.add(b)
        return sum
    }

}

extension Measure {
    /// How people read the measure: times in hours, money in major units.
    public func readable(_ value: Double) -> (value: Double, unit: String) {
        switch self {
        case .vehicleTime, .downTime, .repairTime, .openAge, .turnaroundTime: (value / 3_600_000, "h")
        case .labourMinor, .partsMinor: (value / 100, "")
        case .bookedMinutes, .preventiveMinutes, .completedMinutes: (value, "min")
        case .kmRun: (value, "km")
        default: (value, "")
        }
    }

    /// The name people read: times and money without their storage unit.
    public var name: String {
        switch self {
        case .vehicleTime: "vehicleHours"
        case .downTime: "downHours"
        case .repairTime: "repairHours"
        case .openAge: "openAgeHours"
        case .turnaroundTime: "turnaroundHours"
        case .labourMinor: "labourCost"
        case .partsMinor: "partsCost"
        default: "\(self)"
        }
    }
}
