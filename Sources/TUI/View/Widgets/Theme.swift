import Foundation

/// Colours and attributes for each semantic style, read from a theme file.
///
/// A theme says what it wants (`#ff5f5f bold`); `resolved(colours:)` turns that into what
/// the terminal can show: exact RGB, the nearest of 256 colours, the nearest of 8, or none.
public struct Theme: Sendable, Equatable {
    public enum Colour: Sendable, Equatable {
        case terminalDefault
        case basic(Int)  // 0 black … 7 white
        case rgb(UInt8, UInt8, UInt8)
    }

    public struct Look: Sendable, Equatable {
        public var foreground = Colour.terminalDefault
        public var background = Colour.terminalDefault
        public var bold = false, reverse = false, underline = false, dim = false
    }

    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    public var name: String
    public var looks: [Style: Look]

    /// How a style looks; parsing refuses a theme that leaves one out, so the plain look is
    /// only for a theme built in code.
    public func look(_ style: Style) -> Look { looks[style] ?? Look() }

    public static let basicNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Parses `role = colour [on colour] [bold] [reverse] [underline] [dim]` lines.
    public static func parse(_ text: String, name: String) throws -> Theme {
        var looks: [Style: Look] = [:]
        for (number, rawLine) in text.components(separatedBy: "\n").enumerated() {
            // Comments are whole lines starting with `#`; a `#` later on begins a colour.
            let trimmed = rawLine.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let parts = trimmed.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let style = Style.allCases.first(where: { "\($0)" == parts[0] }) else {
                throw ParseError(
                    description:
                        "\(name) line \(number + 1): expected ROLE = LOOK with a role among \(Style.allCases.map { "\($0)" }.joined(separator: ", "))"
                )
            }
            looks[style] = try parseLook(parts[1], at: "\(name) line \(number + 1)")
        }
        let missing = Style.allCases.filter { looks[$0] == nil }
        guard missing.isEmpty else {
            throw ParseError(description: "\(name): no look for \(missing.map { "\($0)" }.joined(separator: ", "))")
        }
        return Theme(name: name, looks: looks)
    }

    static func parseLook(_ text: String, at place: String) throws -> Look {
        var look = Look()
        var words = text.split(separator: " ").map(String.init)[...]
        guard let first = words.popFirst() else { throw ParseError(description: "\(place): no colour") }
        look.foreground = try colour(first, at: place)
        while let word = words.popFirst() {
            switch word {
            case "on":
                guard let bg = words.popFirst() else { throw ParseError(description: "\(place): 'on' needs a colour") }
                look.background = try colour(bg, at: place)
            case "bold": look.bold = true
            case "reverse": look.reverse = true
            case "underline": look.underline = true
            case "dim": look.dim = true
            default: throw ParseError(description: "\(place): unknown word '\(word)'")
            }
        }
        return look
    }

    static func colour(_ word: String, at place: String) throws -> Colour {
        if word == "default" { return .terminalDefault }
        if let index = basicNames.firstIndex(of: word) { return .basic(index) }
        if word.hasPrefix("#"), word.count == 7, let value = UInt32(word.dropFirst(), radix: 16) {
            return .rgb(UInt8(value >> 16), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF))
        }
        throw ParseError(description: "\(place): '\(word)' is not a colour (a name, default, or #rrggbb)")
    }

    /// Built in, so the interface works without its theme folder.
    public static let builtInDark = builtIn(
        """
        normal = default on default
        title = #ffffff on #1f4e79 bold
        header = #5fafd7 bold
        selected = #000000 on #5fafd7
        dim = #8a8a8a
        warning = #ffaf00
        alert = #ff5f5f bold
        statusBar = #d0d0d0 on #303030
        """, name: "dark")

    public static let builtInMono = builtIn(
        """
        normal = default
        title = default reverse bold
        header = default bold underline
        selected = default reverse
        dim = default dim
        warning = default bold
        alert = default bold reverse
        statusBar = default reverse
        """, name: "mono")

    /// A theme written in the source: a typo in it is the program's mistake, caught by the
    /// first test that draws a screen.
    private static func builtIn(_ text: String, name: String) -> Theme {
        do { return try parse(text, name: name) } catch { preconditionFailure("built-in theme \(name): \(error)") }
    }

    // MARK: Resolving for the terminal

    /// A colour as a terminal colour number: -1 default, 0–7 basic, 16–255 the xterm cube
    /// and greys, or on a direct-colour terminal (`TERM=xterm-direct`, 2^24 colours) the RGB
    /// value itself; nil when the terminal has no colour.
    public static func number(_ colour: Colour, colours: Int) -> Int? {
        guard colours >= 8 else { return nil }
        switch colour {
        case .terminalDefault: return -1
        case .basic(let i): return i
        case .rgb(let r, let g, let b) where colours >= directColours:
            // Direct-colour terminals read numbers below 8 as the basic colours.
            let packed = Int(r) << 16 | Int(g) << 8 | Int(b)
            return packed < 8 ? 0 : packed
        case .rgb(let r, let g, let b): return colours >= 256 ? xterm256(r, g, b) : nearestBasic(r, g, b)
        }
    }

    /// How many colours ncurses reports for a direct-colour (true-colour) terminal.
    static let directColours = 1 << 24

    static func xterm256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        let levels = [0, 95, 135, 175, 215, 255]
        func step(_ v: UInt8) -> Int {
            levels.enumerated().min { abs($0.element - Int(v)) < abs($1.element - Int(v)) }?.offset ?? 0
        }
        let (ri, gi, bi) = (step(r), step(g), step(b))
        let cube = 16 + 36 * ri + 6 * gi + bi
        func square(_ x: Int) -> Int { x * x }
        let cubeError: Int = square(levels[ri] - Int(r)) + square(levels[gi] - Int(g)) + square(levels[bi] - Int(b))
        let grey: Int = (Int(r) + Int(g) + Int(b)) / 3
        let greyIndex = max(0, min(23, (grey - 8 + 5) / 10))
        let greyLevel = 8 + 10 * greyIndex
        let greyError: Int = square(Int(r) - greyLevel) + square(Int(g) - greyLevel) + square(Int(b) - greyLevel)
        return greyError < cubeError ? 232 + greyIndex : cube
    }

    static func nearestBasic(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        let palette: [(Int, Int, Int)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
            (229, 229, 229),
        ]
        func distance(_ p: (Int, Int, Int)) -> Int {
            let dr = p.0 - Int(r)
            let dg = p.1 - Int(g)
            let db = p.2 - Int(b)
            return dr * dr + dg * dg + db * db
        }
        return palette.indices.min { distance(palette[$0]) < distance(palette[$1]) } ?? 0
    }
}
