/// Draws rows as columns with a header; the last column takes the remaining width.
struct TableWidget {
    struct Column {
        let title: String
        let width: Int
        var alignRight = false
    }

    let columns: [Column]

    /// Draws the header and the rows under it.
    ///
    /// - Parameters:
    ///   - buffer: the screen drawn into.
    ///   - top: the row of the header.
    ///   - height: rows available, header included.
    ///   - rows: cell texts of the visible slice, one array per row.
    ///   - selected: index within `rows` to highlight.
    ///   - style: the style of each row, by its index within `rows`.
    func draw(
        into buffer: inout CellBuffer, top: Int, height: Int, rows: [[String]], selected: Int?, style: (Int) -> Style
    ) {
        let widths = resolvedWidths(buffer.width)
        var x = 0
        buffer.fill(row: top, style: .header)
        for (column, width) in zip(columns, widths) {
            buffer.write(pad(column.title, width, column.alignRight), x: x, y: top, style: .header, maxWidth: width)
            x += width + 1
        }
        for (i, cells) in rows.prefix(max(0, height - 1)).enumerated() {
            let y = top + 1 + i
            let rowStyle = i == selected ? Style.selected : style(i)
            if i == selected { buffer.fill(row: y, style: .selected) }
            x = 0
            for ((column, width), text) in zip(zip(columns, widths), cells) {
                let shown = column.alignRight ? Self.fitting(text, width) : text
                buffer.write(pad(shown, width, column.alignRight), x: x, y: y, style: rowStyle, maxWidth: width)
                x += width + 1
            }
        }
    }

    func resolvedWidths(_ total: Int) -> [Int] {
        var widths = columns.map(\.width)
        // A text column at the end takes the rest of the line; a number column stays narrow.
        guard let last = columns.last, !last.alignRight else { return widths }
        let used = widths.dropLast().reduce(0, +) + widths.count - 1
        widths[widths.count - 1] = max(last.width, total - used)
        return widths
    }

    func pad(_ text: String, _ width: Int, _ right: Bool) -> String {
        let w = DisplayWidth.of(text)
        guard right, w < width else { return text }
        return String(repeating: " ", count: width - w) + text
    }

    /// A number that does not fit its column is abbreviated visibly (`1.0G`, `4.6E`), never
    /// cut: a cut `1000000000` reads as `10000000`. The exact value is in the detail view.
    static func fitting(_ text: String, _ width: Int) -> String {
        guard DisplayWidth.of(text) > width, let value = Int(text) else { return text }
        let units: [(suffix: String, size: Double)] = [
            ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18),
        ]
        let magnitude = Double(value.magnitude)
        // The largest unit that still leaves a whole one: 1000000000 is 1.0G, 123456 is 123k
        // (never 0M, a wrong number).
        if let unit = units.last(where: { magnitude >= $0.size }) {
            let scaled = magnitude / unit.size
            let sign = value < 0 ? "-" : ""
            let tenths = Int(scaled * 10)
            for number in ["\(tenths / 10).\(tenths % 10)", "\(Int(scaled))"] {
                let candidate = sign + number + unit.suffix
                if candidate.count <= width { return candidate }
            }
        }
        return String(repeating: "#", count: width)  // not even "9E" fits: say so, never a wrong digit
    }
}
