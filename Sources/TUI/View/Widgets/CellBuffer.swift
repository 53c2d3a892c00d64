import Domain

/// One screen cell: a character, its display style.
public struct Cell: Equatable, Sendable {
    public var character: Character
    public var style: Style
    public init(_ character: Character = " ", style: Style = .normal) {
        self.character = character
        self.style = style
    }
}

/// Semantic styles; a theme maps them to colours.
public enum Style: Int, Sendable, CaseIterable {
    case normal, header, selected, dim, warning, alert, statusBar, title
}

/// The screen as a grid the view renders into; a backend draws it, tests read it.
public struct CellBuffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes text from (x, y), clipped at `maxWidth` columns and the right edge.
    /// Wide characters take two columns, so columns stay aligned. Control characters and
    /// bidirectional overrides are written as visible escapes (`Text.escaped`): whatever a
    /// field holds, it cannot reach the terminal as a command.
    public mutating func write(_ text: String, x: Int, y: Int, style: Style = .normal, maxWidth: Int? = nil) {
        guard y >= 0, y < height else { return }
        let limit = min(width, x + (maxWidth ?? width))
        var column = x
        for character in Text.escaped(text) {
            let w = DisplayWidth.of(character)
            guard column + w <= limit else { break }
            if column >= 0 {
                self[column, y] = Cell(character, style: style)
                if w == 2 { self[column + 1, y] = Cell("\u{0}", style: style) }
            }
            column += w
        }
    }

    public mutating func fill(row y: Int, style: Style) {
        guard y >= 0, y < height else { return }
        for x in 0..<width { self[x, y].style = style }
    }

    /// The screen as plain text, one line per row, for golden tests.
    public var text: String {
        (0..<height).map { y in
            String(
                (0..<width).compactMap { x -> Character? in
                    let c = self[x, y].character
                    return c == "\u{0}" ? nil : c
                })
        }.joined(separator: "\n")
    }
}

/// Terminal column width of a character: 2 for East Asian wide and emoji, else 1.
public enum DisplayWidth {
    public static func of(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 1 }
        let v = scalar.value
        let wide =
            (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v)
        return wide ? 2 : 1
    }

    public static func of(_ text: String) -> Int { text.reduce(0) { $0 + of($1) } }
}
