public import Domain
public import Storage

/// Everything the screen shows, and nothing else: the view is a function of it.
public struct AppState: Sendable {
    public var pane = Pane.fleet
    public var fleet = ListState<FleetRow>()
    public var workOrders = ListState<WorkOrderRow>()
    public var parts = ListState<PartRow>()
    public var events = ListState<StoredEvent>()
    public var vehicles: [FormState.Option] = []
    public var form: FormState?
    public var isShowingHelp = false
    /// Typing a filter for the current pane (after `/`).
    public var isFiltering = false
    public var isConfirmingQuit = false
    public var user = ""
    public var role = Role.auditor
    public var device = ""
    public var database = ""
    public var message: String?
    public var isRunning = true

    public init() {}
}

/// What the read models hold, loaded in one go.
public struct ScreenData: Sendable {
    public var fleet: [FleetRow]
    public var workOrders: [WorkOrderRow]
    public var parts: [PartRow]
    public var events: [StoredEvent]

    public init(fleet: [FleetRow], workOrders: [WorkOrderRow], parts: [PartRow], events: [StoredEvent]) {
        self.fleet = fleet
        self.workOrders = workOrders
        self.parts = parts
        self.events = events
    }

    /// Loads every pane's rows from the store's read models.
    public static func load(from store: RailFleetStore, today: Int? = nil) throws -> ScreenData {
        ScreenData(
            fleet: try store.fleet(today: today), workOrders: try store.workOrders(openOnly: true), parts: try store.parts(),
            events: try store.events(EventFilter(limit: 500)).reversed())
    }
}

/// What happened: keys pressed, data loaded, a command's result.
public enum Action: Sendable {
    case keyPressed(Key)
    case dataLoaded(ScreenData)
    case commandFinished(Result<String, CommandFailure>)
}

public struct CommandFailure: Error, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}

public enum Key: Sendable, Equatable {
    case up, down, pageUp, pageDown, home, end, character(Character), escape, enter, tab, backTab, backspace
}

/// What the update asks the outside world to do.
public enum Effect: Sendable, Equatable {
    case execute(Command, success: String)
}
