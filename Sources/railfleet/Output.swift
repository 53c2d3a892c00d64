import Domain
import Export
import Foundation

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

/// Prints a line for people. The command line writes every line through `say` (a test
/// holds it to that), so every value it prints goes through the escaping above.
func say(_ line: TerminalLine) { print(line.text) }

/// Prints a table; its cells were escaped as they were added.
func say(_ table: Table) { print(table.render()) }

/// Prints what is already safe for a terminal: JSON (its encoder escapes control
/// characters) or CSV (`Text.escaped` per field).
func say(verbatim text: String) { print(text) }

/// A value as pretty-printed JSON with sorted keys, for scripts.
func sayJSON(_ value: some Encodable) { say(verbatim: JSONText.pretty(value)) }
