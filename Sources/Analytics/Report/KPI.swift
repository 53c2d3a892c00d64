/// The figures a maintenance manager is judged on (EN 15341, EN 13306, and the railways'
/// distance-based ones), each a function of a group's measures over a period. The raw
/// value is the name JSON, CSV and the workbook use; docs/ANALYTICS.md defines each.
public enum KPI: String, Sendable, CaseIterable, Codable {
    case vehicleHours, availability, kmRun, failures, mdbfKm, mtbfDays
    case repairs, mttrHours
    case labourCost, partsCost, cost, costPer1000Km, bookedHours, preventiveShare
    case examsDue, examsOnTime, examCompliance, overdueExams
    case backlog, backlogAgeDays, repeatDefects
    case ordersCompleted, turnaroundHours, hoursPerOrder
    case daysOutOfStock, daysOfCover, partsAtReorder

    /// The value for a group's measures over a period of `days`; nil where it is undefined
    /// (no vehicle-hours, no failures, no repairs…), never a made-up zero.
    public func value(_ m: Measures, days: Double) -> Double? {
        func ratio(_ a: Double, _ b: Double) -> Double? { b > 0 ? a / b : nil }
        let hour = 3_600_000.0
        switch self {
        case .vehicleHours: return m[.vehicleTime] / hour
        case .availability: return ratio(m[.vehicleTime] - m[.downTime], m[.vehicleTime])
        case .kmRun: return m[.kmRun]
        case .failures: return m[.failures]
        case .mdbfKm: return ratio(m[.kmRun], m[.failures])
        case .mtbfDays: return ratio(m[.vehicleTime] / hour / 24, m[.failures])
        case .repairs: return m[.repairs]
        case .mttrHours: return ratio(m[.repairTime] / hour, m[.repairs])
        case .labourCost: return m[.labourMinor] / 100
        case .partsCost: return m[.partsMinor] / 100
        case .cost: return (m[.labourMinor] + m[.partsMinor]) / 100
        case .costPer1000Km: return ratio((m[.labourMinor] + m[.partsMinor]) / 100 * 1000, m[.kmRun])
        case .bookedHours: return m[.bookedMinutes] / 60
        case .preventiveShare: return ratio(m[.preventiveMinutes], m[.bookedMinutes])
        case .examsDue: return m[.examsDue]
        case .examsOnTime: return m[.examsOnTime]
        case .examCompliance: return ratio(m[.examsOnTime], m[.examsDue])
        case .overdueExams: return m[.overdueExams]
        case .backlog: return m[.openOrders]
        case .backlogAgeDays: return ratio(m[.openAge] / hour / 24, m[.openOrders])
        case .repeatDefects: return m[.repeatDefects]
        case .ordersCompleted: return m[.ordersCompleted]
        case .turnaroundHours: return ratio(m[.turnaroundTime] / hour, m[.turnarounds])
        case .hoursPerOrder: return ratio(m[.completedMinutes] / 60, m[.ordersCompleted])
        case .daysOutOfStock: return m[.outOfStockDays]
        case .daysOfCover: return ratio(m[.onHandAtEnd], m[.issued] / max(days, 1))
        case .partsAtReorder: return m[.partsAtReorder]
        }
    }

    /// The measures the figure reads: what its drill-down shows.
    public var inputs: [Measure] {
        switch self {
        case .vehicleHours: [.vehicleTime]
        case .availability: [.downTime, .vehicleTime]
        case .kmRun: [.kmRun]
        case .failures: [.failures]
        case .mdbfKm: [.failures, .kmRun]
        case .mtbfDays: [.failures, .vehicleTime]
        case .repairs, .mttrHours: [.repairTime]
        case .labourCost: [.labourMinor]
        case .partsCost: [.partsMinor]
        case .cost: [.labourMinor, .partsMinor]
        case .costPer1000Km: [.labourMinor, .partsMinor, .kmRun]
        case .bookedHours, .preventiveShare: [.bookedMinutes]
        case .examsDue, .examsOnTime, .examCompliance: [.examsDue]
        case .overdueExams: [.overdueExams]
        case .backlog, .backlogAgeDays: [.openAge]
        case .repeatDefects: [.repeatDefects]
        case .ordersCompleted, .hoursPerOrder: [.completedMinutes]
        case .turnaroundHours: [.turnaroundTime]
        case .daysOutOfStock: [.outOfStockDays]
        case .daysOfCover: [.onHandAtEnd, .issued]
        case .partsAtReorder: [.partsAtReorder]
        }
    }

    /// Whether a higher value is better: what "improving" means in a trend.
    public var higherIsBetter: Bool? {
        switch self {
        case .availability, .mdbfKm, .mtbfDays, .examCompliance, .preventiveShare, .daysOfCover, .ordersCompleted:
            true
        case .failures, .mttrHours, .cost, .costPer1000Km, .labourCost, .partsCost, .overdueExams, .backlog,
            .backlogAgeDays, .repeatDefects, .turnaroundHours, .hoursPerOrder, .daysOutOfStock, .partsAtReorder:
            false
        case .vehicleHours, .kmRun, .repairs, .bookedHours, .examsDue, .examsOnTime: nil
        }
    }

    /// A short heading for tables and the dashboard.
    public var heading: String {
        switch self {
        case .vehicleHours: "Veh-h"
        case .availability: "Avail"
        case .kmRun: "Km"
        case .failures: "Fail"
        case .mdbfKm: "MDBF km"
        case .mtbfDays: "MTBF d"
        case .repairs: "Repairs"
        case .mttrHours: "MTTR h"
        case .labourCost: "Labour"
        case .partsCost: "Parts"
        case .cost: "Cost"
        case .costPer1000Km: "Cost/1000km"
        case .bookedHours: "Hours"
        case .preventiveShare: "Prev"
        case .examsDue: "Exams"
        case .examsOnTime: "On time"
        case .examCompliance: "Exam ok"
        case .overdueExams: "Overdue"
        case .backlog: "Backlog"
        case .backlogAgeDays: "Age d"
        case .repeatDefects: "Repeat"
        case .ordersCompleted: "Done"
        case .turnaroundHours: "Turn h"
        case .hoursPerOrder: "h/order"
        case .daysOutOfStock: "Stockout d"
        case .daysOfCover: "Cover d"
        case .partsAtReorder: "At reorder"
        }
    }

    /// The figures a table shows first, in its order: what the dashboard's columns and the
    /// command line's table (its first twelve) read.
    public static func main(_ grouping: Grouping) -> [KPI] {
        [
            .availability, .kmRun, .failures, .mdbfKm, .mttrHours, .cost, .costPer1000Km, .preventiveShare,
            .examCompliance, .overdueExams, .backlog, .repeatDefects, .ordersCompleted, .turnaroundHours,
            .hoursPerOrder, .partsCost, .daysOutOfStock, .daysOfCover, .partsAtReorder,
        ]
        .filter { $0.applies(to: grouping) }
    }

    /// The figures trends and comparisons show unless asked for others.
    public static func trendDefaults(_ grouping: Grouping) -> [KPI] {
        [
            .availability, .failures, .mdbfKm, .mttrHours, .cost, .costPer1000Km, .examCompliance, .backlog,
            .repeatDefects, .turnaroundHours, .daysOutOfStock,
        ]
        .filter { $0.applies(to: grouping) }
    }

    /// Whether the figure is a share, shown as a percentage.
    public var isShare: Bool { self == .availability || self == .preventiveShare || self == .examCompliance }

    /// Which groupings the figure means something for.
    public func applies(to grouping: Grouping) -> Bool {
        switch grouping {
        case .fleet: true
        case .vehicleClass, .depot, .vehicle:
            switch self {
            // A depot's stock is its location's; reorder points are the part's, over all.
            case .daysOutOfStock, .daysOfCover: grouping == .depot
            case .partsAtReorder: false
            default: true
            }
        case .workshop:
            switch self {
            case .repairs, .mttrHours, .labourCost, .partsCost, .cost, .bookedHours, .preventiveShare, .backlog,
                .backlogAgeDays, .ordersCompleted, .turnaroundHours, .hoursPerOrder:
                true
            default: false
            }
        case .part:
            switch self {
            case .partsCost, .daysOutOfStock, .daysOfCover, .partsAtReorder: true
            default: false
            }
        }
    }
}

/// What a report's rows are: the whole fleet, or one row per class, depot, vehicle,
/// workshop or part.
public enum Grouping: String, Sendable, CaseIterable {
    case fleet
    case vehicleClass = "class"
    case depot, vehicle, workshop, part
}

extension KPI {
    /// The workshop's own figures: what the API's maintenance trends report.
    public static let maintenance: [KPI] = [
        .mttrHours, .turnaroundHours, .hoursPerOrder, .backlog, .backlogAgeDays, .preventiveShare, .examCompliance,
        .overdueExams, .repeatDefects, .cost,
    ]
}
