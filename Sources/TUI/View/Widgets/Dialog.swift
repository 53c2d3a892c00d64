/// A centred box with a title and lines of text.
enum Dialog {
    static func draw(title: String, lines: [String], into buffer: inout CellBuffer, style: Style = .normal) {
        let inner = min(buffer.width - 4, max(DisplayWidth.of(title) + 4, lines.map { DisplayWidth.of($0) }.max() ?? 0))
        let height = min(buffer.height - 2, lines.count + 2)
        let left = (buffer.width - inner - 2) / 2
        let top = (buffer.height - height) / 2
        box(x: left, y: top, width: inner + 2, height: height, title: title, into: &buffer)
        for (i, line) in lines.prefix(height - 2).enumerated() {
            buffer.write(line, x: left + 1, y: top + 1 + i, style: style, maxWidth: inner)
        }
    }

    static func box(x: Int, y: Int, width: Int, height: Int, title: String, into buffer: inout CellBuffer) {
        for row in y..<(y + height) {
            for col in x..<(x + width) where col < buffer.width && row < buffer.height {
                let top = row == y
                let bottom = row == y + height - 1
                let leftEdge = col == x
                let rightEdge = col == x + width - 1
                let c: Character =
                    switch (top, bottom, leftEdge, rightEdge) {
                    case (true, _, true, _): "┌"
                    case (true, _, _, true): "┐"
                    case (_, true, true, _): "└"
                    case (_, true, _, true): "┘"
                    case (true, _, _, _), (_, true, _, _): "─"
                    case (_, _, true, _), (_, _, _, true): "│"
                    default: " "
                    }
                buffer[col, row] = Cell(c, style: .normal)
            }
        }
        buffer.write(" \(title) ", x: x + 2, y: y, style: .header, maxWidth: width - 4)
    }
}

/// A form in a box: each field on a line, the focused one marked, choices listed under it.
enum FormWidget {
    static func draw(_ form: FormState, into buffer: inout CellBuffer) {
        var lines: [(String, Style)] = []
        let labelWidth = (form.fields.map { DisplayWidth.of($0.label) }.max() ?? 0) + 2
        for (i, field) in form.fields.enumerated() {
            let focused = i == form.focus
            var value = field.text
            if case .choice = field.kind, let chosen = field.chosen {
                value = field.text.isEmpty ? chosen.label : "\(field.text) → \(chosen.label)"
            }
            lines.append(
                (
                    "\(focused ? "▸" : " ") \(field.label.padding(labelWidth))\(value)\(focused ? "▏" : "")",
                    focused ? .selected : .normal
                ))
            if focused, case .choice = field.kind {
                let matches = field.matches
                let first = max(0, min(field.choice - 2, matches.count - 5))
                for (j, option) in matches.enumerated().dropFirst(first).prefix(5) {
                    lines.append(
                        ("     \(j == field.choice ? "●" : "○") \(option.label)", j == field.choice ? .header : .dim))
                }
                if matches.isEmpty { lines.append(("     no match", .warning)) }
            }
        }
        lines.append(("", .normal))
        if let error = form.error { lines.append(("  ✗ \(error)", .alert)) }
        lines.append(("  Enter submit · Tab next field · ↑/↓ choose · Esc cancel", .dim))
        let inner = min(buffer.width - 4, max(56, lines.map { DisplayWidth.of($0.0) }.max() ?? 0) + 2)
        let height = min(buffer.height - 2, lines.count + 2)
        let left = (buffer.width - inner - 2) / 2
        let top = max(1, (buffer.height - height) / 2)
        Dialog.box(x: left, y: top, width: inner + 2, height: height, title: form.title, into: &buffer)
        for (i, line) in lines.prefix(height - 2).enumerated() {
            buffer.write(line.0, x: left + 1, y: top + 1 + i, style: line.1, maxWidth: inner)
        }
    }
}
