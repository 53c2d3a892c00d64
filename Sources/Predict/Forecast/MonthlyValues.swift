/// Monthly series read from a long-format table (`series,period,value`, periods `YYYY-MM`).
/// A month missing between a series' first and last counts as 0: demand that did not occur
/// is often not written down.
public struct MonthlyValues: Sendable, Equatable {
    public var id: String
    /// Months since year 0 of the first value.
    public var firstMonth: Int
    public var values: [Double]

    public static func period(_ month: Int) -> String {
        let year = month / 12
        let m = month % 12 + 1
        return (year < 1000 ? String(repeating: "0", count: 4 - String(year).count) : "") + "\(year)-"
            + (m < 10 ? "0" : "") + "\(m)"
    }

    static func month(_ text: String) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]),
            let month = Int(parts[1]), (1...12).contains(month)
        else { return nil }
        return year * 12 + month - 1
    }

    /// - Throws: `PredictError.invalid` naming the line of a bad period or value, a period
    ///   given twice for a series, or a missing column.
    public static func read(_ csv: CSVTable) throws(PredictError) -> [MonthlyValues] {
        let (s, p, v) = (
            try csv.column(named: "series"), try csv.column(named: "period"), try csv.column(named: "value")
        )
        var byID: [String: [Int: Double]] = [:]
        var order: [String] = []
        for (i, row) in csv.rows.enumerated() {
            let line = i + 2
            let id = CSVTable.trimmed(row[s])
            guard !id.isEmpty else { throw .invalid("line \(line): the series is empty") }
            guard let month = month(CSVTable.trimmed(row[p])) else {
                throw .invalid("line \(line): the period must be YYYY-MM, got '\(row[p].prefix(20))'")
            }
            guard let value = Double(CSVTable.trimmed(row[v])), value.isFinite, abs(value) < 1e15 else {
                throw .invalid("line \(line): the value must be a number, got '\(row[v].prefix(20))'")
            }
            if byID[id] == nil { order.append(id) }
            guard byID[id, default: [:]].updateValue(value, forKey: month) == nil else {
                throw .invalid("line \(line): series '\(id)' has \(period(month)) twice")
            }
        }
        return try order.map { id throws(PredictError) in
            let months = byID[id] ?? [:]
            guard let first = months.keys.min(), let last = months.keys.max() else {
                throw .invalid("series '\(id)' is empty")
            }
            guard last - first < 1_200 else { throw .invalid("series '\(id)' spans more than 100 years") }
            return MonthlyValues(id: id, firstMonth: first, values: (first...last).map { months[$0] ?? 0 })
        }
    }
}
