/// A key that moves around or changes what is shown, writing nothing: the help, the
/// palette and the audit pane's status-bar hints are read from this one table (the keys
/// that write are `ActionSpec`s).
struct ViewKey: Sendable {
    /// The pane it works in; nil: everywhere.
    let pane: Pane?
    /// The keys as the help writes them.
    let keys: String
    let description: String
    /// The key the palette presses for it; nil where the palette cannot (Enter, arrows, pairs).
    var press: Character?
    /// Its short form in the status bar (the audit pane shows its keys there).
    var hint: String?

    /// In help order: the general keys, then the audit pane's.
    static let all: [ViewKey] = [
        .init(pane: nil, keys: "1–6, Tab, Shift-Tab", description: "switch pane"),
        .init(pane: nil, keys: "Esc", description: "back to the pane before"),
        .init(pane: nil, keys: ":", description: "command palette: every action by name"),
        .init(pane: .fleet, keys: "Enter", description: "the vehicle's defects, work orders, events"),
        .init(pane: .fleet, keys: "o", description: "order by number, depot, class, status, next exam", press: "o"),
        .init(pane: .workOrders, keys: "v", description: "open, each state in turn, all", press: "v"),
        .init(pane: .workOrders, keys: "m", description: "only mine / all", press: "m"),
        .init(pane: .stock, keys: "Enter", description: "the part's stock and movements"),
        .init(
            pane: .forecast, keys: "f / p / c / r / a",
            description: "failures, parts (j/k pick), costs, risk (Enter opens), anomalies"),
        .init(
            pane: .kpis, keys: "b / p / ←→ / Enter / x",
            description: "group by, span, figure, the events behind it, export the table"),
        .init(pane: nil, keys: "j/k, ↑/↓", description: "move"),
        .init(pane: nil, keys: "PgUp/PgDn, g/G", description: "page, first, last"),
        .init(pane: nil, keys: "/", description: "filter the list (Enter keeps, Esc clears)", press: "/"),
        .init(pane: nil, keys: "S", description: "sync with the hub now", press: "S"),
        .init(pane: nil, keys: "C", description: "open conflict notices: what each means, resolve", press: "C"),
        .init(pane: nil, keys: "?", description: "this help", press: "?"),
        .init(pane: nil, keys: "q", description: "quit", press: "q"),
        .init(pane: nil, keys: "in a form: Tab/Shift-Tab", description: "next/previous field"),
        .init(pane: nil, keys: "in a form: ↑/↓", description: "pick from a list"),
        .init(pane: nil, keys: "in a form: Enter / Esc", description: "submit / cancel"),
        // The forecast pane's charts, each its own key for the palette.
        .init(pane: .forecast, keys: "f", description: "failures per month", press: "f"),
        .init(pane: .forecast, keys: "p", description: "parts consumption per month", press: "p"),
        .init(pane: .forecast, keys: "c", description: "maintenance cost per month", press: "c"),
        .init(pane: .forecast, keys: "r", description: "failure risk: the fleet ranked, exam dates", press: "r"),
        .init(pane: .forecast, keys: "a", description: "anomalies: odometer and failure rates", press: "a"),
        // The KPI pane's views and settings, each its own key for the palette.
        .init(pane: .kpis, keys: "t", description: "the KPI table by group, with trends", press: "t"),
        .init(pane: .kpis, keys: "l", description: "the chosen figure's trend, month by month", press: "l"),
        .init(pane: .kpis, keys: "w", description: "availability by vehicle and week", press: "w"),
        .init(pane: .kpis, keys: "s", description: "cost per 1,000 km against availability", press: "s"),
        .init(pane: .kpis, keys: "r", description: "repair times: how MTTR is made", press: "r"),
        .init(pane: .kpis, keys: "b", description: "group by fleet, class, depot, vehicle, workshop, part", press: "b"),
        .init(pane: .kpis, keys: "p", description: "span: 1, 3, 12 or 36 months", press: "p"),
        .init(pane: .kpis, keys: "x", description: "export the table to CSV or XLSX", press: "x"),
        // The audit timeline: the cursor, its steps and jumps, marks and filters.
        .init(pane: .audit, keys: "←/→, j/k", description: "one event back / forward", hint: "←/→ event"),
        .init(pane: .audit, keys: "[", description: "one hour back", press: "[", hint: "[ ] hour"),
        .init(pane: .audit, keys: "]", description: "one hour forward", press: "]"),
        .init(pane: .audit, keys: "{", description: "one day back", press: "{", hint: "{ } day"),
        .init(pane: .audit, keys: "}", description: "one day forward", press: "}"),
        .init(pane: .audit, keys: "<", description: "one week back", press: "<", hint: "< > week"),
        .init(pane: .audit, keys: ">", description: "one week forward", press: ">"),
        .init(pane: .audit, keys: "p / n", description: "previous / next event of this entity", hint: "p/n entity"),
        .init(pane: .audit, keys: "@", description: "go to a typed time", press: "@", hint: "@ time"),
        .init(pane: .audit, keys: ".", description: "back to now", press: ".", hint: ". now"),
        .init(pane: .audit, keys: "m", description: "mark this point", press: "m", hint: "m/d diff"),
        .init(pane: .audit, keys: "d", description: "changes between the mark and the cursor", press: "d"),
        .init(
            pane: .audit, keys: "u / e / t", description: "only this user / entity / event type (again: all)",
            hint: "u/e/t only"),
        .init(
            pane: .audit, keys: "R", description: "recorded time (what this terminal knew when) / valid time",
            press: "R",
            hint: "R recorded/valid"),
    ]

    /// The keys the help lists under "keys everywhere": all but the audit pane's and the
    /// chart keys listed one by one for the palette.
    static var general: [ViewKey] {
        all.filter { $0.pane != .audit && !(($0.pane == .forecast || $0.pane == .kpis) && $0.press != nil) }
    }

    static var timeline: [ViewKey] { all.filter { $0.pane == .audit } }

    /// How the help writes the keys: with their pane when they work in one pane only.
    var helpKeys: String { pane.map { "\($0.helpName): \(keys)" } ?? keys }
}

extension Pane {
    /// The pane's name inside a sentence of the help.
    var helpName: String { title.lowercased() }
}
