public import Analytics
public import Domain
public import Storage

/// What happened: keys pressed, data loaded, a command's result.
public enum Action: Sendable {
    case keyPressed(Key)
    case dataLoaded(ScreenData)
    case commandFinished(Result<String, CommandFailure>)
    case forecastLoaded(ForecastData)
    /// The production models' predictions as of a time (`Predictions.load`), or why not.
    case predictionsLoaded(Predictions)
    case predictionsFailed(String)
    /// The KPI pane's figures (`DashboardData.load`), or why they could not be computed.
    case dashboardLoaded(DashboardData)
    case dashboardFailed(String)
    /// One figure's contributions, for the drill-down over the KPI pane.
    case explanationLoaded(KPIExplanation)
    case detailLoaded(Detail)
    /// The terminal changed size: every list keeps its selection in view at the new page.
    case resized
    /// Rows that changed since the screen was loaded (a command here, a sync, the CLI), to
    /// merge into what is shown; with the count of events not yet synced.
    case rowsChanged(ChangedRows, unsynced: Int)
    /// The history for the audit pane, with what verifying it found (nil: not verified again)
    /// and, made by the loader off the interface's thread, each event's filter text
    /// (`Update.searchTexts(of:)`; nil: made at the first key typed into the filter).
    case timelineLoaded(Timeline, Verification?, searchTexts: [[UInt8]]? = nil)
    case timelineFailed(String)
    /// What the store says about sync (hub, last exchange, notices, interval).
    case syncStatusLoaded(SyncStatus)
    case syncProgress(String)
    case syncFinished(Result<String, CommandFailure>)
    case conflictsLoaded([ConflictNotice])
    /// The loop's wall clock, each time round; a background sync may fall due.
    case clockTicked(Int64)
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
    /// Push to and pull from the hub, in the background.
    case syncNow
    /// Read the open conflict notices.
    case loadConflicts
    /// Load the closed and cancelled work orders too: a view of the work-order pane shows them.
    case loadAllWorkOrders
    /// Compute the KPI pane's figures, in the background.
    case loadDashboard(DashboardRequest)
    /// List the contributions to one group's figure over a period.
    case explainFigure(KPI, group: String, Grouping, ReportPeriod)
    /// Write the KPI table on screen to a file: `csv` or `xlsx`.
    case exportDashboard(format: String, path: String)
}
