public import Domain
public import Storage

/// Everything the screen shows, and nothing else: the view is a function of it.
public struct AppState: Sendable {
    public var pane = Pane.fleet
    public var fleet = ListState<FleetRow>()
    public var workOrders = ListState<WorkOrderRow>()
    public var parts = ListState<PartRow>()
    /// The audit pane's timeline: every event in valid-time order; the selection is the cursor.
    public var events = ListState<StoredEvent>()
    /// The history, loaded when the audit pane is first opened.
    public var timeline: Timeline?
    /// A time the cursor was sent to beyond the loaded window of a long history: the window
    /// around it is loading, and the cursor goes there when it arrives.
    public var timelineRequest: Int64?
    /// Why the history could not be loaded (an undecodable event, say); opening the pane again retries.
    public var timelineError: String?
    /// Which time the audit cursor moves on: valid time (what had happened) or recorded time
    /// (what this terminal knew); `R` switches.
    public var timeAxis = TimeAxis.valid
    /// Where the audit cursor stands; nil is now, and the panes show the live read models.
    public var cursor: TimeCursor?
    /// A second point on the timeline, for the changes between it and the cursor (`m`, `d`).
    public var mark: TimeCursor?
    /// The audit pane's filters by user, entity and event type.
    public var auditFilter = AuditFilter()
    /// What verifying every device's chain found, when the timeline was loaded.
    public var verification: Verification?
    /// The changes between the mark and the cursor, shown over the panes.
    public var changes: ChangesView?
    /// The live read models, kept while the panes show the past.
    public var live = ScreenData(fleet: [], workOrders: [], parts: [])
    public var forecast = ForecastData(failures: [], costs: nil, consumption: [:])
    public var chart = Chart.failures
    /// The part whose consumption the forecast pane shows, as an index into `parts.rows`.
    public var chartPart = 0
    /// What the production models say as of the cursor (or now), loaded in the background
    /// when the forecast pane is shown; the risk view's rows.
    public var predictions: Predictions?
    public var predictionsError: String?
    public var risk = ListState<Predictions.Risk>()
    /// The KPI pane: its grouping, span, view, figures and drill-down.
    public var dashboard = Dashboard()
    public var form: FormState?
    /// The vehicle, work order or part opened with Enter; Esc goes back.
    public var detail: Detail?
    public var isShowingHelp = false
    /// The open conflict notices, shown over the panes (`C`).
    public var conflictsView: ConflictsView?
    /// How the fleet is ordered (`o` cycles); depot and class order group the vehicles.
    public var fleetOrder = FleetOrder.fleetNumber
    /// Only the work orders the user is assigned to (`m`).
    public var isShowingMineOnly = false
    /// Which states of work orders the list shows (`v`).
    public var workOrderView = WorkOrderView.open
    /// Panes visited before the current one, for Esc.
    public var paneHistory: [Pane] = []
    /// Workshops and users, for the assignment form.
    public var workshops: [WorkshopRow] = []
    public var users: [UserRow] = []
    /// Typing a filter for the current pane (after `/`).
    public var isFiltering = false
    public var user = ""
    public var role = Role.auditor
    public var device = ""
    public var database = ""
    public var message: String?
    /// Sync with the hub, for the status bar and `S`.
    public var sync = SyncStatus()
    /// Wall time, as the loop last said, for "synced 2 min ago".
    public var clockMs: Int64 = 0
    public var isRunning = true
    /// The actions the panes offer, one spec each: keys, help, hints and the palette read them.
    public var actions = ActionSpec.standard

    public init() {}
}
