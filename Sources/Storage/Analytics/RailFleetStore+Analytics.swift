import Domain
import Foundation
import GRDB

/// A value per calendar month (UTC), oldest first.
public struct MonthlySeries: Sendable, Equatable {
    public let name: String
    /// `YYYY-MM` and the value of that month.
    public let points: [(month: String, value: Double)]

    public init(name: String, points: [(month: String, value: Double)]) {
        self.name = name
        self.points = points
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.name == b.name && a.points.map(\.month) == b.points.map(\.month)
            && a.points.map(\.value) == b.points.map(\.value)
    }
}

extension RailFleetStore {
    /// Defects reported per month, one series per vehicle class.
    public func failuresPerMonth() throws -> [MonthlySeries] {
        try writer.read { db in
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT strftime('%Y-%m', e.hlc_ms / 1000, 'unixepoch') AS month, f.vehicle_class AS class, count(*) AS n
                        FROM events e JOIN fleet f ON f.vehicle_id = json_extract(e.payload, '$.vehicleID')
                        WHERE e.event_type = 'DefectReported' GROUP BY month, class ORDER BY month
                        """))
            let months = Self.monthAxis(rows.map { $0["month"] as String })
            let classes = Set(rows.map { $0["class"] as String }).sorted()
            return classes.map { cls in
                let counts = Dictionary(
                    rows.filter { $0["class"] == cls }.map { ($0["month"] as String, Double($0["n"] as Int)) },
                    uniquingKeysWith: +)
                return MonthlySeries(name: cls, points: months.map { ($0, counts[$0] ?? 0) })
            }
        }
    }

    /// Quantity of one part issued per month (to work orders or otherwise).
    public func consumptionPerMonth(partID: String) throws -> MonthlySeries {
        try writer.read { db in
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT strftime('%Y-%m', e.hlc_ms / 1000, 'unixepoch') AS month, -sum(json_extract(l.value, '$.delta')) AS qty
                        FROM events e, json_each(e.payload, '$.legs') l
                        WHERE e.aggregate_id = ? AND e.event_type = 'StockMoved' AND json_extract(e.payload, '$.reason') = 'issue'
                        GROUP BY month ORDER BY month
                        """), arguments: [partID])
            let values = Dictionary(rows.map { ($0["month"] as String, Double($0["qty"] as Int)) }, uniquingKeysWith: +)
            return MonthlySeries(
                name: "issued", points: Self.monthAxis(Array(values.keys)).map { ($0, values[$0] ?? 0) })
        }
    }

    /// Maintenance cost per month in major units: labour booked plus parts booked.
    public func maintenanceCostPerMonth() throws -> MonthlySeries {
        try writer.read { db in
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT strftime('%Y-%m', hlc_ms / 1000, 'unixepoch') AS month,
                          sum(CASE event_type
                                WHEN 'HoursBooked' THEN json_extract(payload, '$.minutes') * json_extract(payload, '$.rate.minorUnits') / 60.0
                                ELSE json_extract(payload, '$.quantity') * json_extract(payload, '$.unitCost.minorUnits') END) / 100.0 AS cost
                        FROM events WHERE event_type IN ('HoursBooked', 'PartBooked') GROUP BY month ORDER BY month
                        """))
            let values = Dictionary(rows.map { ($0["month"] as String, $0["cost"] as Double) }, uniquingKeysWith: +)
            return MonthlySeries(name: "cost", points: Self.monthAxis(Array(values.keys)).map { ($0, values[$0] ?? 0) })
        }
    }

    /// Every month from the first to the last given, so gaps show as zero.
    static func monthAxis(_ months: [String]) -> [String] {
        guard let first = months.min(), let last = months.max(), var y = Int(first.prefix(4)),
            var m = Int(first.suffix(2))
        else { return [] }
        var axis: [String] = []
        while true {
            let label = String(format: "%04d-%02d", y, m)
            axis.append(label)
            if label >= last { return axis }
            (y, m) = m == 12 ? (y + 1, 1) : (y, m + 1)
        }
    }
}
