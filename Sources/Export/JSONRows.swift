public import Domain
import Foundation

/// A value as the command line's `--json` prints it: pretty, keys sorted, slashes as they
/// are; the hub's API answers with the same bytes.
public enum JSONText {
    public static func pretty(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }
}

/// A sheet as a JSON array of objects keyed by its column titles: numbers as numbers,
/// instants as UTC ISO-8601, undefined figures as null.
public enum JSONRows {
    public static func text(_ sheet: Sheet) -> String {
        var out = "[\n"
        for (i, row) in sheet.rows.enumerated() {
            let fields = zip(sheet.columns, row).map { column, cell in
                "\(string(column.title)): " + value(cell)
            }
            out += "  {" + fields.joined(separator: ", ") + "}" + (i == sheet.rows.count - 1 ? "\n" : ",\n")
        }
        return out + "]"
    }

    public static func value(_ cell: Sheet.Cell) -> String {
        switch cell {
        case .text(let s): string(s)
        case .number(let v): v.isFinite ? CSVFile.number(v) : "null"
        case .instant(let ms): string(UTC.format(ms: ms))
        case .empty: "null"
        }
    }

    public static func string(_ s: String) -> String {
        var bytes: [UInt8] = []
        CanonicalJSON.appendString(s, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
