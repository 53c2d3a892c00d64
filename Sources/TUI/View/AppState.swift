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
    public var vehicles: [FormState.Option] = []
    public var forecast = ForecastData(failures: [], costs: nil, consumption: [:])
    public var chart = Chart.failures
    /// The part whose consumption the forecast pane shows, as an index into `parts.rows`.
    public var chartPart = 0
    public var form: FormState?
    /// The vehicle, work order or part opened with Enter; Esc goes back.
    public var detail: Detail?
    public var isShowingHelp = false
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
    public var isRunning = true

    public init() {}
}

/// Orders of the fleet list.
public enum FleetOrder: String, CaseIterable, Sendable {
    case fleetNumber = "fleet number"
    case depot
    case vehicleClass = "class"
    case status
    case nextExam = "next exam"

    /// Sorts rows by this order, then by fleet number.
    func sorted(_ rows: [FleetRow]) -> [FleetRow] {
        func key(_ r: FleetRow) -> String {
            switch self {
            case .fleetNumber: ""
            case .depot: r.depot ?? ""
            case .vehicleClass: r.vehicleClass
            // Most restrictive first: what a dispatcher looks at.
            case .status: String(9 - (VehicleStatus(rawValue: r.status)?.restrictiveness ?? 0))
            case .nextExam: r.nextExam?.expectedDate ?? "9999"
            }
        }
        return rows.sorted(byKey: { (key($0), $0.fleetNumber) })
    }
}

/// The forecast pane's charts.
public enum Chart: Sendable, Equatable {
    case failures, consumption, costs
}

/// Monthly history for the charts.
public struct ForecastData: Sendable, Equatable {
    public var failures: [MonthlySeries]
    public var costs: MonthlySeries?
    /// Parts issued per month, by part id.
    public var consumption: [String: MonthlySeries]

    public init(failures: [MonthlySeries], costs: MonthlySeries?, consumption: [String: MonthlySeries]) {
        self.failures = failures
        self.costs = costs
        self.consumption = consumption
    }
}

/// What the read models hold, loaded in one go.
public struct ScreenData: Sendable {
    public var fleet: [FleetRow]
    public var workOrders: [WorkOrderRow]
    public var parts: [PartRow]
    public var workshops: [WorkshopRow]
    public var users: [UserRow]
    /// This device's events no known peer holds yet.
    public var unsynced: Int

    public init(
        fleet: [FleetRow], workOrders: [WorkOrderRow], parts: [PartRow], workshops: [WorkshopRow] = [],
        users: [UserRow] = [], unsynced: Int = 0
    ) {
        self.fleet = fleet
        self.workOrders = workOrders
        self.parts = parts
        self.workshops = workshops
        self.users = users
        self.unsynced = unsynced
    }

    public init(_ rows: ReadModelRows) {
        self.init(fleet: rows.fleet, workOrders: rows.workOrders, parts: rows.parts)
    }

    /// Loads the list panes' rows from the store's read models (the charts load when shown).
    public static func load(from store: RailFleetStore, today: Int? = nil) throws -> ScreenData {
        ScreenData(
            fleet: try store.fleet(today: today), workOrders: try store.workOrders(), parts: try store.parts(),
            workshops: try store.workshops(),
            users: try store.users(), unsynced: try store.unsyncedCount())
    }
}

extension ScreenData {
    /// Replaces the rows that changed and adds the new ones, each list kept in its order.
    mutating func merge(_ changes: ChangedRows) {
        fleet = Self.merged(fleet, changes.fleet, id: \.vehicleID, order: \.listKey)
        workOrders = Self.merged(workOrders, changes.workOrders, id: \.workOrderID, order: \.listKey)
        parts = Self.merged(parts, changes.parts, id: \.partID, order: \.listKey)
    }

    static func merged<Row, A: Comparable, B: Comparable>(
        _ rows: [Row], _ changed: [Row], id: (Row) -> String, order: (Row) -> (A, B)
    ) -> [Row] {
        guard !changed.isEmpty else { return rows }
        var byID = Dictionary(changed.map { (id($0), $0) }, uniquingKeysWith: { _, new in new })
        let result = rows.map { row in byID.removeValue(forKey: id(row)) ?? row }
        // New rows take their place in the list's order.
        return byID.isEmpty ? result : (result + byID.values).sorted(byKey: order)
    }
}

extension ForecastData {
    /// The history up to a month (`YYYY-MM`): the charts as of the audit cursor.
    func upTo(month: String) -> ForecastData {
        func cut(_ s: MonthlySeries) -> MonthlySeries {
            MonthlySeries(name: s.name, points: s.points.filter { $0.month <= month })
        }
        return ForecastData(failures: failures.map(cut), costs: costs.map(cut), consumption: consumption.mapValues(cut))
    }

    /// The charts' monthly history, folded from the log: loaded only when the forecast pane is shown.
    public static func load(from store: RailFleetStore) throws -> ForecastData {
        ForecastData(
            failures: try store.failuresPerMonth(), costs: try store.maintenanceCostPerMonth(),
            consumption: Dictionary(
                uniqueKeysWithValues: try store.parts().map {
                    ($0.partID, try store.consumptionPerMonth(partID: $0.partID))
                }))
    }
}

/// What happened: keys pressed, data loaded, a command's result.
public enum Action: Sendable {
    case keyPressed(Key)
    case dataLoaded(ScreenData)
    case commandFinished(Result<String, CommandFailure>)
    case forecastLoaded(ForecastData)
    case detailLoaded(Detail)
    /// The terminal changed size: every list keeps its selection in view at the new page.
    case resized
    /// Rows that changed since the screen was loaded (a command here, a sync, the CLI), to
    /// merge into what is shown; with the count of events not yet synced.
    case rowsChanged(ChangedRows, unsynced: Int)
    /// The history for the audit pane, with what verifying it found (nil: not verified again).
    case timelineLoaded(Timeline, Verification?)
    case timelineFailed(String)
}

public struct CommandFailure: Error, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}

public enum Key: Sendable, Equatable {
    case up, down, left, right, pageUp, pageDown, home, end
    case character(Character)
    case escape, enter, tab, backTab, backspace
}

/// What the update asks the outside world to do.
public enum Effect: Sendable, Equatable {
    case execute(Command, success: String)
    /// Fold the charts' history (when the forecast pane is shown).
    case loadForecast
    /// Load the detail of the vehicle, work order or part selected.
    case loadDetail(AggregateRef)
    /// Load the whole history for the audit pane and verify its chains (once, in the background).
    case loadTimeline
}
