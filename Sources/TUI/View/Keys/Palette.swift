/// The command palette (`:`): every action the user may take, found by typing part of its
/// name, run as if its key had been pressed in its pane. It teaches the keys as it goes.
extension Update {
    /// A palette line: go to a pane, and press a key there (or none).
    struct PaletteEntry: Sendable {
        var pane: Pane?
        var key: Character?
    }

    static func palette(_ state: AppState) -> FormState {
        var entries = Pane.allCases.map {
            (label: "Go to \($0.title)  [\($0.rawValue + 1)]", value: PaletteEntry(pane: $0))
        }
        for pane in Pane.allCases {
            let offered = state.cursor == nil ? state.actions.offered(in: pane, to: state.role) : []
            entries += offered.map {
                ("\(pane.title): \($0.description)  [\($0.key)]", PaletteEntry(pane: pane, key: $0.key))
            }
        }
        entries += ViewKey.all.compactMap { view in
            view.press.map {
                (
                    "\(view.pane.map { "\($0.title): " } ?? "")\(view.description)  [\($0)]",
                    PaletteEntry(pane: view.pane, key: $0)
                )
            }
        }
        var builder = FormBuilder()
        let command = builder.choice("Command", entries)
        var form = FormState(
            title: "Command", fields: builder.fields,
            submit: .apply { fields, state, page in
                guard let entry = command.value(in: fields) else {
                    state.form?.error = "No command matches; Esc closes"
                    return []
                }
                state.form = nil
                if let pane = entry.pane { show(pane, &state) }
                guard let key = entry.key else { return [] }
                return press(.character(key), &state, page: page)
            })
        form.asksBeforeDiscarding = false
        return form
    }
}
