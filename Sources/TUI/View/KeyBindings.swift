public import Domain

/// One key table drives the actions, the help overlay and the status-bar hints.
public struct KeyBinding: Sendable {
    public let key: Character
    public let name: String
    public let description: String
    public let pane: Pane?
    public let kind: CommandKind
    public let stage: WorkOrderStage?
    /// Whether it acts on the selected row of its pane.
    public let needsSelection: Bool
}

public enum KeyBindings {
    /// Keys that act on the data of a pane; each names the command it issues, so the role
    /// matrix decides whether it is offered.
    public static let actions: [KeyBinding] = [
        .init(
            key: "t", name: "status", description: "change status", pane: .fleet, kind: .changeVehicleStatus,
            stage: nil, needsSelection: true),
        .init(
            key: "n", name: "new", description: "open a work order", pane: .workOrders, kind: .openWorkOrder,
            stage: nil, needsSelection: false),
        .init(
            key: "a", name: "approve", description: "approve", pane: .workOrders, kind: .approveWorkOrder,
            stage: .approved, needsSelection: true),
        .init(
            key: "p", name: "plan", description: "plan", pane: .workOrders, kind: .planWorkOrder, stage: .planned,
            needsSelection: true),
        .init(
            key: "s", name: "start", description: "start work", pane: .workOrders, kind: .advanceWorkOrder,
            stage: .inProgress, needsSelection: true),
        .init(
            key: "b", name: "book-part", description: "book a part", pane: .workOrders, kind: .bookPart, stage: nil,
            needsSelection: true),
        .init(
            key: "h", name: "book-hours", description: "book hours", pane: .workOrders, kind: .bookHours, stage: nil,
            needsSelection: true),
        .init(
            key: "w", name: "assign", description: "assign workshop / technician", pane: .workOrders,
            kind: .assignWorkOrder, stage: nil, needsSelection: true),
        .init(
            key: "f", name: "failure-code", description: "record the failure code", pane: .workOrders,
            kind: .recordFailureCode, stage: nil, needsSelection: true),
        .init(
            key: "c", name: "complete", description: "complete", pane: .workOrders, kind: .advanceWorkOrder,
            stage: .technicallyComplete, needsSelection: true),
        .init(
            key: "r", name: "release", description: "release to service", pane: .workOrders, kind: .releaseWorkOrder,
            stage: .releasedToService, needsSelection: true),
        .init(
            key: "x", name: "close", description: "close", pane: .workOrders, kind: .closeWorkOrder, stage: .closed,
            needsSelection: true),
        .init(
            key: "H", name: "hold", description: "hold / resume", pane: .workOrders, kind: .holdWorkOrder, stage: nil,
            needsSelection: true),
        .init(
            key: "X", name: "cancel", description: "cancel", pane: .workOrders, kind: .cancelWorkOrder, stage: nil,
            needsSelection: true),
        .init(
            key: "r", name: "receive", description: "receive", pane: .stock, kind: .moveStock, stage: nil,
            needsSelection: true),
        .init(
            key: "i", name: "issue", description: "issue", pane: .stock, kind: .moveStock, stage: nil,
            needsSelection: true),
        .init(
            key: "t", name: "transfer", description: "transfer", pane: .stock, kind: .moveStock, stage: nil,
            needsSelection: true),
        .init(
            key: "a", name: "adjust", description: "adjust after a count", pane: .stock, kind: .moveStock, stage: nil,
            needsSelection: true),
    ]

    /// Keys that work everywhere, for the help overlay.
    public static let global: [(keys: String, description: String)] = [
        ("1–5, Tab, Shift-Tab", "switch pane"), ("Esc", "back to the pane before"),
        (":", "command palette: every action by name"),
        ("fleet: Enter", "the vehicle's defects, work orders, events"),
        ("fleet: o", "order by number, depot, class, status, next exam"),
        ("work orders: v", "open, each state in turn, all"), ("work orders: m", "only mine / all"),
        ("stock: Enter", "the part's stock and movements"),
        ("forecast: f / p / c", "failures, parts (j/k pick), costs"), ("j/k, ↑/↓", "move"),
        ("PgUp/PgDn, g/G", "page, first, last"),
        ("/", "filter the list (Enter keeps, Esc clears)"), ("?", "this help"), ("q", "quit"),
        ("in a form: Tab/Shift-Tab", "next/previous field"), ("in a form: ↑/↓", "pick from a list"),
        ("in a form: Enter / Esc", "submit / cancel"),
    ]

    /// The audit timeline's keys: the cursor, its steps and jumps, marks and filters.
    public static let timeline: [(keys: String, description: String)] = [
        ("←/→, j/k", "one event back / forward"), ("[ / ]", "one hour back / forward"),
        ("{ / }", "one day back / forward"),
        ("< / >", "one week back / forward"), ("p / n", "previous / next event of this entity"),
        ("@", "go to a typed time"),
        (".", "back to now"), ("m, then d", "mark a point, then the changes between it and the cursor"),
        ("u / e / t", "only this user / entity / event type (again: all)"),
        ("R", "recorded time (what this terminal knew when) / valid time"),
    ]

    /// The status bar's short form of the timeline keys.
    static let timelineHints = [
        "←/→ event", "[ ] hour", "{ } day", "< > week", "p/n entity", "@ time", ". now", "m/d diff", "u/e/t only",
        "R recorded/valid",
    ]

    /// The actions offered in the current pane: none while the panes show the past.
    static func offered(in state: AppState) -> [KeyBinding] {
        state.cursor == nil ? offered(in: state.pane, to: state.role) : []
    }

    static func action(for key: Character, in pane: Pane) -> KeyBinding? {
        actions.first { $0.key == key && ($0.pane == nil || $0.pane == pane) }
    }

    /// The actions a role is offered in a pane.
    public static func offered(in pane: Pane, to role: Role) -> [KeyBinding] {
        actions.filter { ($0.pane == nil || $0.pane == pane) && RoleMatrix.allows(role, $0.kind) }
    }
}
