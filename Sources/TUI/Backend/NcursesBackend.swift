import CNcursesw
import Foundation

/// The one place that talks to ncursesw: draws cell buffers (only the cells that changed)
/// and reads keys. Bound to the thread that created it.
final class NcursesBackend {
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private var previous: CellBuffer?
    private let hasColour: Bool
    private let colours: Int
    private let theme: Theme

    init(theme: Theme) throws {
        setlocale(LC_ALL, "")
        guard let screen = newterm(nil, fdopen(1, "w"), fdopen(0, "r")) else {
            throw TerminalError(
                "cannot open the terminal (TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "unset"))")
        }
        self.screen = screen
        _ = set_term(screen)
        window = stdscr_window()
        cbreak()
        noecho()
        keypad(window, true)
        curs_set(0)
        set_escdelay(25)
        let noColour = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        if has_colors() && !noColour {
            start_color()
            use_default_colors()
        }
        colours = has_colors() && !noColour ? Int(rf_colors()) : 0
        // Without colour, attributes carry the meaning.
        self.theme = colours >= 8 ? theme : Theme.builtInMono
        hasColour = colours >= 8
        if hasColour {
            for style in Style.allCases {
                let look = self.theme.look(style)
                let fg = Theme.number(look.foreground, colours: colours) ?? -1
                let bg = Theme.number(look.background, colours: colours) ?? -1
                // Extended pairs take colour numbers beyond 16 bits: true colour's RGB values.
                init_extended_pair(Int32(style.rawValue + 1), Int32(fg), Int32(bg))
            }
        }
    }

    var size: (width: Int, height: Int) { (Int(rf_getmaxx(window)), Int(rf_getmaxy(window))) }

    func draw(_ buffer: CellBuffer) {
        let full = previous.map { $0.width != buffer.width || $0.height != buffer.height } ?? true
        if full { werase(window) }
        for y in 0..<buffer.height {
            for x in 0..<buffer.width {
                let cell = buffer[x, y]
                if !full, let previous, previous[x, y] == cell { continue }
                guard cell.character != "\u{0}" else { continue }
                let scalar = cell.character.unicodeScalars.first.map { wchar_t(bitPattern: $0.value) } ?? 32
                _ = rf_put_cell(
                    window, Int32(y), Int32(x), scalar, attributes(cell.style),
                    hasColour ? Int32(cell.style.rawValue + 1) : 0)
            }
        }
        wrefresh(window)
        previous = buffer
    }

    private func attributes(_ style: Style) -> attr_t {
        let look = theme.look(style)
        var attrs = rf_a_normal()
        if look.bold { attrs |= rf_a_bold() }
        if look.reverse { attrs |= rf_a_reverse() }
        if look.underline { attrs |= rf_a_underline() }
        if look.dim { attrs |= rf_a_dim() }
        return attrs
    }

    /// Waits up to `timeoutMs` for a key; nil on timeout.
    func readKey(timeoutMs: Int32) -> BackendEvent? {
        wtimeout(window, timeoutMs)
        var ch: wint_t = 0
        let result = wget_wch(window, &ch)
        if result == ERR { return nil }
        if result == KEY_CODE_YES {
            switch Int32(ch) {
            case rf_key_resize():
                previous = nil
                return .resize
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_ENTER: return .key(.enter)
            case KEY_BTAB: return .key(.backTab)
            case KEY_BACKSPACE: return .key(.backspace)
            default: return nil
            }
        }
        switch ch {
        case 27: return .key(.escape)
        case 10, 13: return .key(.enter)
        case 9: return .key(.tab)
        case 127, 8: return .key(.backspace)
        default:
            guard let scalar = Unicode.Scalar(UInt32(ch)) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    func shutdown() {
        endwin()
        delscreen(screen)
    }
}

enum BackendEvent {
    case key(Key)
    case resize
}

public struct TerminalError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
