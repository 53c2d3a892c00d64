import CXlsxWriter
public import Domain
import Foundation

/// An Excel workbook written by libxlsxwriter: one sheet per table, numbers and instants as
/// typed cells with their number formats, a frozen bold header row, and column widths.
public enum Workbook {
    public struct WriteError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Writes the sheets to `path`, replacing the file.
    ///
    /// - Throws: `WriteError` naming the path when the file cannot be written.
    public static func write(_ sheets: [Sheet], to path: String) throws {
        guard let book = workbook_new(path) else {
            throw WriteError(description: "cannot create a workbook at \(path)")
        }
        let header = workbook_add_format(book)
        format_set_bold(header)
        let instant = workbook_add_format(book)
        format_set_num_format(instant, "yyyy-mm-dd hh:mm:ss")
        // One format per number format, shared by every cell that uses it.
        var formats: [String: UnsafeMutablePointer<lxw_format>?] = [:]
        func numberFormat(_ text: String) -> UnsafeMutablePointer<lxw_format>? {
            if let held = formats[text] { return held }
            let format = workbook_add_format(book)
            format_set_num_format(format, text)
            formats[text] = format
            return format
        }
        var used: Set<String> = []
        for sheet in sheets {
            let name = uniqueName(sheet.name, &used)
            guard let ws = workbook_add_worksheet(book, name) else {
                workbook_close(book)
                throw WriteError(description: "cannot add the sheet \(name) to \(path)")
            }
            for (c, column) in sheet.columns.enumerated() {
                worksheet_write_string(ws, 0, lxw_col_t(c), column.title, header)
                worksheet_set_column(ws, lxw_col_t(c), lxw_col_t(c), column.width, nil)
            }
            worksheet_freeze_panes(ws, 1, 0)
            for (r, row) in sheet.rows.enumerated() {
                let rowIndex = lxw_row_t(r + 1)
                for (c, cell) in row.enumerated() where c < sheet.columns.count {
                    let col = lxw_col_t(c)
                    switch cell {
                    case .text(let s): worksheet_write_string(ws, rowIndex, col, s, nil)
                    case .number(let v) where v.isFinite:
                        var format: UnsafeMutablePointer<lxw_format>?
                        if case .number(let f) = sheet.columns[c].kind { format = numberFormat(f) }
                        worksheet_write_number(ws, rowIndex, col, v, format)
                    case .instant(let ms):
                        let day = UTC.day(ofMs: ms)
                        let civil = UTC.civil(fromDays: day)
                        let second = Double(ms - Int64(day) * 86_400_000) / 1000
                        var dt = lxw_datetime(
                            year: Int32(civil.year), month: Int32(civil.month), day: Int32(civil.day),
                            hour: Int32(second / 3600), min: Int32(second / 60) % 60,
                            sec: second.truncatingRemainder(dividingBy: 60))
                        worksheet_write_datetime(ws, rowIndex, col, &dt, instant)
                    case .number, .empty: continue
                    }
                }
            }
        }
        let status = workbook_close(book)
        guard status == LXW_NO_ERROR else {
            throw WriteError(
                description: "cannot write \(path): " + String(cString: lxw_strerror(status)))
        }
    }

    /// Excel's rules for a sheet's name: at most 31 characters, none of `[]:*?/\`, unique.
    static func uniqueName(_ name: String, _ used: inout Set<String>) -> String {
        let cleaned = String(name.map { "[]:*?/\\".contains($0) || ($0.asciiValue ?? 32) < 32 ? "_" : $0 })
        var base = String(cleaned.prefix(31))
        if base.isEmpty { base = "Sheet" }
        var candidate = base
        var n = 2
        while used.contains(candidate.lowercased()) {
            let suffix = " \(n)"
            candidate = String(base.prefix(31 - suffix.count)) + suffix
            n += 1
        }
        used.insert(candidate.lowercased())
        return candidate
    }
}
