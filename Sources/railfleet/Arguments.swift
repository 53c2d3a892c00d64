public import ArgumentParser
import Domain
import Foundation
import TUI

extension Role: ExpressibleByArgument {}
extension VehicleKind: ExpressibleByArgument {}
extension VehicleStatus: ExpressibleByArgument {}
extension WorkOrderType: ExpressibleByArgument {}
extension WorkOrderPriority: ExpressibleByArgument {}
extension WorkOrderStatus: ExpressibleByArgument {}
extension PartKind: ExpressibleByArgument {}
extension DefectSeverity: ExpressibleByArgument {}
extension AggregateKind: ExpressibleByArgument {}

/// Parses user-typed amounts and dates, with messages that say what was expected.
enum Parse {
    static func day(_ text: String, _ option: String) throws -> Int {
        guard let day = UTC.parseDay(text) else {
            throw ValidationError("\(option) '\(text)' is not a date (YYYY-MM-DD)")
        }
        return day
    }

    static func time(_ text: String, _ option: String) throws -> Int64 {
        guard let ms = UTC.parse(text) else {
            throw ValidationError("\(option) '\(text)' is not a UTC time (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z)")
        }
        return ms
    }

    /// Money typed as `12.50`, into minor units.
    static func money(_ text: String, _ option: String) throws -> Int64 {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let cents = parts.count == 2 ? parts[1].padding(toLength: 2, withPad: "0", startingAt: 0) : "00"
        guard (1...2).contains(parts.count), parts.count == 1 || parts[1].count <= 2, let whole = Int64(parts[0]),
            whole >= 0, let fraction = Int64(cents), fraction >= 0
        else { throw ValidationError("\(option) '\(text)' is not an amount like 12.50") }
        return whole * 100 + fraction
    }
}

/// A part and a positive quantity, as stock and booking commands take them.
struct PartQuantity: ParsableArguments {
    @Option(help: "Part number or id.") var part: String
    @Option(parsing: .unconditional, help: "Quantity, a positive whole number.") var qty: Int

    func validate() throws { guard qty > 0 else { throw ValidationError("--qty must be positive, got \(qty)") } }
}

/// The terminal interface's colour theme.
struct ThemeOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Colour theme: dark, light, high-contrast, mono, or a .theme file.", discussion: "NO_COLOR forces mono."))
    var theme: String = "dark"

    /// Theme folders: $RAILFLEET_THEMES, then beside the binary (an installed or a built tree), then ./themes.
    func load() throws -> Theme {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        let folders =
            [ProcessInfo.processInfo.environment["RAILFLEET_THEMES"]].compactMap { $0 } + [
                binary.appendingPathComponent("../share/railfleet/themes").standardized.path,
                binary.appendingPathComponent("../../themes").standardized.path,
                binary.appendingPathComponent("../../../themes").standardized.path,
                FileManager.default.currentDirectoryPath + "/themes",
            ]
        do {
            return try Theme.load(theme, folders: folders)
        } catch {
            // The default must always work, themes folder or not.
            if theme == "dark" { return .builtInDark }
            throw ValidationError("\(error)")
        }
    }
}
