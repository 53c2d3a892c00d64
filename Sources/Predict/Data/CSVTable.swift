/// A CSV file's header and rows of text (RFC 4180: quoted fields may hold commas, quotes
/// doubled, line breaks). A byte-order mark and CRLF line ends are accepted.
public struct CSVTable: Sendable, Equatable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    /// Parses CSV text.
    ///
    /// - Throws: `PredictError.invalid` for an empty text, an unterminated quote, or a row
    ///   whose number of fields differs from the header's (naming its line).
    public static func parse(_ text: String) throws(PredictError) -> CSVTable {
        var records: [[String]] = []
        var lines: [Int] = []
        var record: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var fieldWasQuoted = false
        var line = 1
        var recordLine = 1
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        func endField() {
            record.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            // A blank line (one empty, unquoted field) is no record.
            if !(record.count == 1 && record[0].isEmpty) {
                records.append(record)
                lines.append(recordLine)
            }
            record = []
        }
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(b)
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if b == UInt8(ascii: "\n") { line += 1 }
                    field.append(b)
                }
            } else {
                switch b {
                case UInt8(ascii: "\""):
                    if field.isEmpty && !fieldWasQuoted {
                        quoted = true
                        fieldWasQuoted = true
                    } else {
                        field.append(b)
                    }
                case UInt8(ascii: ","): endField()
                case UInt8(ascii: "\r") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n"): break
                case UInt8(ascii: "\n"):
                    endRecord()
                    line += 1
                    recordLine = line
                default: field.append(b)
                }
            }
            i += 1
        }
        if quoted { throw .invalid("line \(recordLine): a quoted field is not closed") }
        if !field.isEmpty || !record.isEmpty || fieldWasQuoted { endRecord() }
        guard let header = records.first else { throw .invalid("the file is empty: no header line") }
        for (record, line) in zip(records.dropFirst(), lines.dropFirst()) where record.count != header.count {
            throw .invalid("line \(line) has \(record.count) fields; the header has \(header.count)")
        }
        return CSVTable(header: header.map(Self.trimmed), rows: Array(records.dropFirst()))
    }

    /// A cell without the spaces around it.
    public static func trimmed(_ s: String) -> String {
        String(s.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }

    /// The position of a column by its name.
    ///
    /// - Throws: `PredictError.invalid` naming the columns there are.
    public func column(named name: String) throws(PredictError) -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw .invalid(
                "no column '\(name)'; the columns are \(header.map { "'\($0)'" }.joined(separator: ", "))")
        }
        return index
    }
}
