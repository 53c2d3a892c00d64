import Foundation
import Testing

@testable import TUI

@Suite struct ThemeTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "../../themes"
    ).standardized.path

    @Test(arguments: ["dark", "light", "high-contrast", "mono"])
    func everyShippedThemeLoadsWithALookForEveryStyle(name: String) throws {
        let theme = try Theme.load(name, folders: [Self.folder])
        #expect(theme.name == name)
        #expect(Set(theme.looks.keys) == Set(Style.allCases))
    }

    @Test func theBuiltInDarkThemeMatchesTheShippedFile() throws {
        #expect(try Theme.load("dark", folders: [Self.folder]).looks == Theme.builtInDark.looks)
    }

    @Test(arguments: [
        ("normal = default\nbogus = red", "line 2: expected ROLE = LOOK"),
        ("normal = mauve", "'mauve' is not a colour"),
        ("normal = red on", "'on' needs a colour"),
        ("normal = red blinking", "unknown word 'blinking'"),
        ("normal = red", "no look for header"),
    ])
    func aBadThemeSaysWhereAndWhy(text: String, message: String) {
        #expect(throws: Theme.ParseError.self) { try Theme.parse(text, name: "t") }
        do { _ = try Theme.parse(text, name: "t") } catch { #expect("\(error)".contains(message), "\(error)") }
    }

    @Test func coloursDegradeWithTheTerminal() {
        let orange = Theme.Colour.rgb(0xFF, 0xAF, 0x00)
        #expect(Theme.number(orange, colours: 256) == 214)  // xterm's #ffaf00
        #expect(Theme.number(.rgb(0x30, 0x30, 0x30), colours: 256) == 236)  // a grey, not the cube
        #expect(Theme.number(orange, colours: 8) == 3)  // yellow
        #expect(Theme.number(orange, colours: 0) == nil)
        #expect(Theme.number(.terminalDefault, colours: 256) == -1)
        // A true-colour terminal gets the colour itself; basic colours stay basic.
        #expect(Theme.number(orange, colours: 1 << 24) == 0xFFAF00)
        #expect(Theme.number(.basic(3), colours: 1 << 24) == 3)
        #expect(Theme.number(.rgb(0, 0, 2), colours: 1 << 24) == 0, "near-black would read as a basic colour")
    }

    @Test func noColourMeansTheMonoThemeCarriesMeaningWithAttributes() {
        let mono = Theme.builtInMono
        #expect(mono.looks[.selected]?.reverse == true && mono.looks[.alert]?.bold == true)
        #expect(mono.looks.values.allSatisfy { $0.foreground == .terminalDefault && $0.background == .terminalDefault })
    }
}
