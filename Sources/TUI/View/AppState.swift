public import Storage

/// Everything the screen shows, and nothing else: the view is a function of it.
public struct AppState: Sendable {
    public var fleet: [FleetRow] = []
    public var selected = 0
    public var scroll = 0
    public var user = ""
    public var role = ""
    public var device = ""
    public var database = ""
    public var message: String?
    public var isRunning = true

    public init() {}
}

/// What happened: keys pressed, data loaded.
public enum Action: Sendable {
    case keyPressed(Key)
    case fleetLoaded([FleetRow])
    case resized
}

public enum Key: Sendable, Equatable {
    case up, down, pageUp, pageDown, home, end, character(Character), escape, enter
}

public enum Update {
    /// The one update function: state and action in, new state out.
    public static func apply(_ action: Action, to state: inout AppState, visibleRows: Int) {
        switch action {
        case .fleetLoaded(let rows):
            state.fleet = rows
            state.selected = min(state.selected, max(0, rows.count - 1))
        case .resized:
            break
        case .keyPressed(let key):
            let last = max(0, state.fleet.count - 1)
            switch key {
            case .down, .character("j"): state.selected = min(last, state.selected + 1)
            case .up, .character("k"): state.selected = max(0, state.selected - 1)
            case .pageDown: state.selected = min(last, state.selected + max(1, visibleRows))
            case .pageUp: state.selected = max(0, state.selected - max(1, visibleRows))
            case .home, .character("g"): state.selected = 0
            case .end, .character("G"): state.selected = last
            case .character("q"): state.isRunning = false
            default: break
            }
        }
        // Keep the selection on screen.
        if state.selected < state.scroll { state.scroll = state.selected }
        if visibleRows > 0, state.selected >= state.scroll + visibleRows { state.scroll = state.selected - visibleRows + 1 }
    }
}
