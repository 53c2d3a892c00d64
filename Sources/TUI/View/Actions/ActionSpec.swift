public import Domain

/// One action a user takes from a pane with one key: its key, who may take it, what it acts
/// on, and how it starts (a form, a command at once, or a refusal that says why). The key
/// table, the help, the status-bar hints and the command palette are all read from the
/// specs, so adding an action is adding one spec.
public struct ActionSpec: Sendable {
    /// How an action starts, given the state it was pressed in.
    public enum Start: Sendable {
        case form(FormState)
        case run(FormState.Submission)
        /// Nothing to do, and why (the vehicle's status cannot change, say).
        case refuse(String)
    }

    public let key: Character
    public let pane: Pane
    /// What it does, as the help and the palette say it: "book a part".
    public let description: String
    /// The command it issues: the role matrix decides who is offered it.
    public let command: CommandKind
    /// Whether it acts on the pane's selected row.
    public let needsSelection: Bool
    let start: @Sendable (AppState) -> Start

    public init(
        key: Character, pane: Pane, description: String, command: CommandKind, needsSelection: Bool = true,
        start: @escaping @Sendable (AppState) -> Start
    ) {
        self.key = key
        self.pane = pane
        self.description = description
        self.command = command
        self.needsSelection = needsSelection
        self.start = start
    }

    /// Every action of the panes, in the order the help lists them.
    public static let standard: [ActionSpec] = fleetActions + workOrderActions + stockActions + forecastActions
}

extension [ActionSpec] {
    /// The actions a role is offered in a pane.
    public func offered(in pane: Pane, to role: Role) -> [ActionSpec] {
        filter { $0.pane == pane && RoleMatrix.allows(role, $0.command) }
    }

    /// The actions offered in the current pane: none while the panes show the past.
    func offered(in state: AppState) -> [ActionSpec] {
        state.cursor == nil ? offered(in: state.pane, to: state.role) : []
    }

    func action(for key: Character, in pane: Pane) -> ActionSpec? { first { $0.key == key && $0.pane == pane } }
}

extension Update {
    /// A key that may be an action of the pane: checked against the time shown, the role
    /// and the selection before the spec starts it.
    static func paneAction(_ c: Character, _ state: inout AppState) -> [Effect] {
        guard let spec = state.actions.action(for: c, in: state.pane) else { return [] }
        if let cursor = state.cursor {
            state.message =
                "\(spec.description): read-only while viewing \(cursor.label); press . in the audit pane to return to now"
            return []
        }
        guard RoleMatrix.allows(state.role, spec.command) else {
            state.message = "\(spec.description): role '\(state.role.rawValue)' may not \(spec.command.phrase)"
            return []
        }
        if spec.needsSelection, !hasSelection(state, in: spec.pane) {
            state.message = "\(spec.description): select a \(spec.pane.item) first"
            return []
        }
        switch spec.start(state) {
        case .form(let form): state.form = form
        case .run(let submission): return [.execute(submission.command, success: submission.success)]
        case .refuse(let why): state.message = why
        }
        return []
    }

    static func hasSelection(_ state: AppState, in pane: Pane) -> Bool {
        switch pane {
        case .fleet: state.fleet.selectedRow != nil
        case .workOrders: state.workOrders.selectedRow != nil
        case .stock: state.parts.selectedRow != nil
        case .audit, .forecast, .kpis: true
        }
    }
}

extension CommandFailure {
    /// Runs a domain rule; its refusal is shown word for word, as the command line shows it.
    static func checking<T>(_ rule: () throws(DomainError) -> T) throws(CommandFailure) -> T {
        do { return try rule() } catch { throw CommandFailure(error.message) }
    }
}
