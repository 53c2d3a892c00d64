public import Domain
import Foundation

/// RFC 4180: the header row first (no comment lines before it), CRLF line ends, a field
/// quoted when it holds a comma, a quote or a line end, numbers in full precision.
public enum CSVFile {
    /// The sheet as CSV text.
    ///
    /// - Parameters:
    ///   - sheet: the table.
    ///   - forTerminal: control characters are escaped (`Text.escaped`) when the text goes
    ///     to a terminal rather than a file.
    /// - Returns: the header row and every row, each ended by CRLF.
    public static func text(_ sheet: Sheet, forTerminal: Bool = false) -> String {
        func field(_ s: String) -> String {
            let s = forTerminal ? Text.escaped(s) : s
            guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var lines = [sheet.columns.map { field($0.title) }.joined(separator: ",")]
        for row in sheet.rows {
            lines.append(
                row.map { cell in
                    switch cell {
                    case .text(let s): field(s)
                    case .number(let v): number(v)
                    case .instant(let ms): UTC.format(ms: ms)
                    case .empty: ""
                    }
                }
                .joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Twelve significant digits: past them a figure's last digits are the float's noise.
    public static func number(_ v: Double) -> String {
        guard v.isFinite else { return "" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String(format: "%.12g", v)
    }
}
