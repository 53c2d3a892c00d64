/// The command palette (`:`): every action the user may take, found by typing part of its
/// name, run as if its key had been pressed in its pane. It teaches the keys as it goes.
extension Update {
    /// Keys that are not actions of the key table but are worth finding by name.
    static let paletteKeys: [(pane: Pane?, key: Character, description: String)] = [
        (.fleet, "o", "order the fleet by number, depot, class, status, next exam"),
        (.workOrders, "v", "show open work orders, each state in turn, or all"),
        (.workOrders, "m", "only my work orders / all"),
        (.audit, "[", "one hour back"), (.audit, "]", "one hour forward"), (.audit, "{", "one day back"),
        (.audit, "}", "one day forward"),
        (.audit, "<", "one week back"), (.audit, ">", "one week forward"), (.audit, "@", "go to a typed time"),
        (.audit, ".", "back to now"),
        (.audit, "R", "scrub by recorded time (what this terminal knew) or valid time"),
        (.audit, "m", "mark this point"), (.audit, "d", "changes between the mark and the cursor"),
        (.forecast, "f", "failures per month"), (.forecast, "p", "parts consumption per month"),
        (.forecast, "c", "maintenance cost per month"),
        (nil, "/", "filter the list"), (nil, "?", "help: the keys of this pane"), (nil, "q", "quit"),
    ]

    static func palette(_ state: AppState) -> FormState {
        var options = Pane.allCases.map {
            FormState.Option(id: "\($0.rawValue)|", label: "Go to \($0.title)  [\($0.rawValue + 1)]")
        }
        for pane in Pane.allCases {
            let offered = state.cursor == nil ? KeyBindings.offered(in: pane, to: state.role) : []
            options += offered.map {
                .init(id: "\(pane.rawValue)|\($0.key)", label: "\(pane.title): \($0.description)  [\($0.key)]")
            }
        }
        options += paletteKeys.map { entry in
            .init(
                id: "\(entry.pane.map { String($0.rawValue) } ?? "")|\(entry.key)",
                label: "\(entry.pane.map { "\($0.title): " } ?? "")\(entry.description)  [\(entry.key)]")
        }
        return FormState(title: "Command", purpose: .palette, fields: [.init("Command", .choice(options))])
    }

    /// Goes to the chosen entry's pane and presses its key there.
    static func runPaletteChoice(_ option: FormState.Option?, _ state: inout AppState, page: Int) -> [Effect] {
        guard let option else {
            state.form?.error = "No command matches; Esc closes"
            return []
        }
        state.form = nil
        let parts = option.id.split(separator: "|", omittingEmptySubsequences: false)
        if let raw = Int(parts[0]), let pane = Pane(rawValue: raw) { show(pane, &state) }
        guard let key = parts[1].first else { return [] }
        return press(.character(key), &state, page: page)
    }
}
