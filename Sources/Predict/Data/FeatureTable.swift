/// Model inputs: named columns of numbers or categories, one value per row.
public struct FeatureTable: Sendable {
    public enum Column: Sendable, Equatable {
        /// Numbers; `Double.nan` where a value is missing.
        case numeric([Double])
        /// Category codes into `levels`; -1 where a value is missing.
        case categorical(codes: [Int], levels: [String])

        var count: Int {
            switch self {
            case .numeric(let values): values.count
            case .categorical(let codes, _): codes.count
            }
        }
    }

    public private(set) var names: [String]
    public private(set) var columns: [Column]
    public let rowCount: Int

    /// - Throws: `PredictError.invalid` when the columns differ in length or a name repeats.
    public init(names: [String], columns: [Column]) throws(PredictError) {
        guard names.count == columns.count else { throw .invalid("\(names.count) names for \(columns.count) columns") }
        guard Set(names).count == names.count else { throw .invalid("a column name appears twice") }
        let count = columns.first?.count ?? 0
        guard columns.allSatisfy({ $0.count == count }) else { throw .invalid("columns of different lengths") }
        self.names = names
        self.columns = columns
        self.rowCount = count
    }

    /// The same rows with only the named columns, in that order.
    ///
    /// - Throws: `PredictError.invalid` naming a column the table lacks.
    public func selecting(_ wanted: [String]) throws(PredictError) -> FeatureTable {
        var columns: [Column] = []
        for name in wanted {
            guard let c = names.firstIndex(of: name) else { throw .invalid("no column '\(name)'") }
            columns.append(self.columns[c])
        }
        return try FeatureTable(names: wanted, columns: columns)
    }

    /// Reads the columns of a CSV table: a column whose every non-empty value is a finite
    /// number is numeric, any other is categorical; empty values are missing.
    ///
    /// - Parameters:
    ///   - csv: the table.
    ///   - target: the 0/1 column to predict; it is not a feature.
    ///   - exclude: columns that are not features either (ids, times, leaking columns).
    /// - Returns: the features and the target.
    /// - Throws: `PredictError.invalid` for an unknown column or a target that is not 0/1.
    public static func from(_ csv: CSVTable, target: String, exclude: [String] = []) throws(PredictError) -> (
        FeatureTable, [Double]
    ) {
        let targetIndex = try csv.column(named: target)
        for name in exclude { _ = try csv.column(named: name) }
        var labels: [Double] = []
        labels.reserveCapacity(csv.rows.count)
        for (i, row) in csv.rows.enumerated() {
            switch CSVTable.trimmed(row[targetIndex]) {
            case "0", "0.0": labels.append(0)
            case "1", "1.0": labels.append(1)
            default:
                throw .invalid(
                    "row \(i) (line \(i + 2)): the target '\(target)' must be 0 or 1, got '\(row[targetIndex].prefix(40))'"
                )
            }
        }
        var names: [String] = []
        var columns: [Column] = []
        for (index, name) in csv.header.enumerated() where index != targetIndex && !exclude.contains(name) {
            names.append(name)
            columns.append(column(csv.rows.map { CSVTable.trimmed($0[index]) }))
        }
        guard !names.isEmpty else { throw .invalid("no feature columns are left after the target and exclusions") }
        return (try FeatureTable(names: names, columns: columns), labels)
    }

    static func column(_ texts: [String]) -> Column {
        var values: [Double] = []
        values.reserveCapacity(texts.count)
        for text in texts {
            if text.isEmpty {
                values.append(.nan)
            } else if let value = Double(text), value.isFinite {
                values.append(value)
            } else {
                return categorical(texts)
            }
        }
        return .numeric(values)
    }

    /// A column of categories from their names (empty: missing), levels in sorted order.
    public static func categorical(_ texts: [String]) -> Column {
        let levels = Set(texts.filter { !$0.isEmpty }).sorted()
        let code = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0) })
        return .categorical(codes: texts.map { code[$0] ?? -1 }, levels: levels)
    }
}
