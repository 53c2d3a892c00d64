import Domain

/// A line for people, built by string interpolation: the literal text is kept and every
/// interpolated value is escaped (`Text.escaped`), so no stored text can move the cursor,
/// clear the screen, set the window title or forge a row.
struct TerminalLine: ExpressibleByStringInterpolation {
    struct StringInterpolation: StringInterpolationProtocol {
        var text = ""
        init(literalCapacity: Int, interpolationCount: Int) { text.reserveCapacity(literalCapacity) }
        mutating func appendLiteral(_ literal: String) { text += literal }
        mutating func appendInterpolation(_ value: some CustomStringConvertible) {
            text += Text.escaped(value.description)
        }
        mutating func appendInterpolation(_ value: String) { text += Text.escaped(value) }
    }

    let text: String
    init(stringLiteral value: String) { text = value }
    init(stringInterpolation: StringInterpolation) { text = stringInterpolation.text }
}

/// Prints a line for people. In this module it stands in for the standard `print`, so every
/// line the command line writes goes through the escaping above.
func print(_ line: TerminalLine) { Swift.print(line.text) }

/// Prints a table; its cells were escaped as they were added.
func print(_ table: Table) { Swift.print(table) }

/// Prints what is already safe for a terminal: JSON (its encoder escapes control
/// characters) or CSV (`Text.escaped` per field).
func print(verbatim text: String) { Swift.print(text) }
