/// A table to export: typed columns and rows, written the same to CSV and to a workbook.
public struct Sheet: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case text
        /// A number and how a spreadsheet shows it (`0.0`, `0.0%`, `#,##0.00`).
        case number(format: String)
        /// An instant (milliseconds UTC), shown as a date and time.
        case instant
    }
    public struct Column: Sendable, Equatable {
        public var title: String
        public var kind: Kind
        public var width: Double

        public init(_ title: String, _ kind: Kind, width: Double = 12) {
            self.title = title
            self.kind = kind
            self.width = width
        }
    }
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Double)
        case instant(Int64)
        /// Undefined: an empty cell, never a zero.
        case empty
    }

    public var name: String
    public var columns: [Column]
    public var rows: [[Cell]]

    public init(name: String, columns: [Column], rows: [[Cell]] = []) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }
}
