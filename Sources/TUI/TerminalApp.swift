import Analytics
import Domain
import Export
import Foundation
public import Storage
import SyncClient

/// Runs the terminal interface on a store until the user quits.
public enum TerminalApp {
    public static func run(store: RailFleetStore, user: String, theme: Theme = .builtInDark) throws {
        // Without a terminal on both ends, curses would read nothing and draw for ever.
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw StorageError(
                .domain(.invalidInput),
                "the terminal interface needs a terminal on standard input and output; run a command instead (see `railfleet --help`)"
            )
        }
        let actor = try store.actor(for: user)
        var state = AppState()
        state.user = user
        state.role = actor.role
        state.device = store.identity?.name ?? ""
        state.database = (store.path as NSString).lastPathComponent
        let backend = try NcursesBackend(theme: theme)
        defer { backend.shutdown() }
        var size = backend.size
        var page: Int { Render.page(height: size.height) }
        var lastSeq = try store.lastSeq
        let background = Background()
        let syncing = SyncRunner()
        let path = store.path
        // The production models look from the audit cursor (or now), off the interface's thread.
        let predicting = LatestJob<Int64> { ms in
            do { return .predictionsLoaded(try Predictions.load(from: try RailFleetStore(path: path), at: ms)) } catch {
                return .predictionsFailed("\(error)")
            }
        }
        // The KPI pane's figures, likewise; the report they came from serves its drill-downs.
        let reports = LastReport()
        let axis = { state.timeline?.axis ?? .valid }
        let figuring = LatestJob<(DashboardRequest, TimeAxis)> { request, axis in
            do {
                let (data, report) = try DashboardData.load(
                    from: try RailFleetStore(path: path, access: .readOnly), request, axis: axis)
                reports.set(report)
                return .dashboardLoaded(data)
            } catch {
                return .dashboardFailed("\(error)")
            }
        }
        _ = Update.apply(.dataLoaded(try ScreenData.load(from: store)), to: &state, page: page)
        _ = Update.apply(.syncStatusLoaded(try SyncStatus.load(from: store)), to: &state, page: page)

        func perform(_ effects: [Effect]) throws {
            for effect in effects {
                switch effect {
                case .loadDetail(let ref):
                    guard let detail = try Detail.load(ref, shown: state, from: store) else { continue }
                    _ = Update.apply(.detailLoaded(detail), to: &state, page: page)
                case .loadForecast:
                    _ = Update.apply(.forecastLoaded(try ForecastData.load(from: store)), to: &state, page: page)
                    predicting.start(state.cursor?.ms ?? RailFleetStore.systemMs())
                case .loadTimeline:
                    background.loadTimeline(
                        path: store.path, axis: state.timeAxis,
                        after: state.timeline?.axis == state.timeAxis ? state.timeline : nil,
                        around: state.timelineRequest ?? state.cursor?.ms)
                case .execute(let command, let success):
                    let result: Result<String, CommandFailure>
                    do {
                        try store.execute(command, as: user)
                        result = .success(success)
                    } catch {
                        result = .failure(CommandFailure("\(error)"))
                    }
                    _ = Update.apply(.commandFinished(result), to: &state, page: page)
                    try refresh()
                case .syncNow:
                    syncing.start(path: store.path)
                case .loadConflicts:
                    _ = Update.apply(.conflictsLoaded(try store.conflicts()), to: &state, page: page)
                case .loadAllWorkOrders:
                    _ = Update.apply(
                        .dataLoaded(try ScreenData.load(from: store, closedWorkOrders: true)), to: &state, page: page)
                case .loadDashboard(let request):
                    figuring.start((request, axis()))
                case .explainFigure(let kpi, let group, let grouping, let period):
                    let asOf = state.cursor?.ms ?? .max
                    let report =
                        try reports.get(asOf: asOf)
                        ?? KPIReport(facts: FleetFacts(try store.analyticsFacts(asOf: asOf, axis: axis())), asOf: asOf)
                    guard let explanation = report.explain(kpi, group: group, by: grouping, period: period) else {
                        state.message = "\(group) has no figures as of then"
                        continue
                    }
                    _ = Update.apply(.explanationLoaded(explanation), to: &state, page: page)
                case .exportDashboard(let format, let path):
                    state.message = DashboardExport.write(state.dashboard.data, format: format, to: path)
                }
            }
        }

        // Shows what was written, here or by another process, everywhere it appears: only the
        // rows it touched are read again, unless a plan or reference data changed.
        func refresh() throws {
            let changes = try store.rowsChanged(after: lastSeq)
            lastSeq = changes.lastSeq
            if changes.plansChanged || changes.referenceChanged {
                let data = try ScreenData.load(from: store, closedWorkOrders: state.live.hasClosedWorkOrders)
                _ = Update.apply(.dataLoaded(data), to: &state, page: page)
            } else {
                _ = Update.apply(.rowsChanged(changes, unsynced: try store.unsyncedCount()), to: &state, page: page)
            }
            if state.timeline != nil { try perform([.loadTimeline]) }
            _ = Update.apply(.syncStatusLoaded(try SyncStatus.load(from: store)), to: &state, page: page)
        }

        while state.isRunning {
            try perform(Update.apply(.clockTicked(RailFleetStore.systemMs()), to: &state, page: page))
            backend.draw(Render.screen(state, width: size.width, height: size.height))
            // Poll often while the history loads or a sync runs, so that both show at once.
            let busy = background.isBusy || syncing.isBusy || predicting.isBusy || figuring.isBusy
            switch backend.readKey(timeoutMs: busy ? 50 : 500) {
            case .key(let key)?:
                try perform(Update.apply(.keyPressed(key), to: &state, page: page))
            case .resize?:
                size = backend.size
                _ = Update.apply(.resized, to: &state, page: page)
            case nil:
                // Idle: pick up what another process (the CLI, a sync) wrote.
                if try store.lastSeq != lastSeq {
                    try store.refresh()
                    try refresh()
                    if state.pane == .forecast { try perform([.loadForecast]) }
                    if state.pane == .kpis { figuring.start((Update.dashboardRequest(state), axis())) }
                }
            }
            for action in background.finished() + syncing.finished() + predicting.finished() + figuring.finished() {
                try perform(Update.apply(action, to: &state, page: page))
                if case .syncFinished = action {
                    try store.refresh()
                    try refresh()
                }
            }
        }
    }
}

/// Syncs with the hub on another thread and connection, so that keys keep working; progress
/// and the outcome come back as actions.
final class SyncRunner: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Action] = []
    private var isRunning = false

    var isBusy: Bool { lock.withLock { isRunning } }

    func start(path: String) {
        let starting = lock.withLock {
            defer { isRunning = true }
            return !isRunning
        }
        guard starting else { return }
        DispatchQueue.global().async { [self] in
            let outcome: Result<String, CommandFailure>
            do {
                let store = try RailFleetStore(path: path)
                guard let hub = try store.hubAddress() else { throw CommandFailure("no hub configured") }
                let client = try HubClient(store: store, hub: hub)
                client.onProgress = { [self] progress in
                    post(
                        .syncProgress(
                            "syncing: \(progress.direction) \(progress.events) events, \(progress.bytes / 1024) KiB"))
                }
                let done = try client.sync()
                outcome = .success("Synced: sent \(done.pushed) events, received \(done.pulled)")
            } catch {
                outcome = .failure(CommandFailure("\(error)"))
            }
            lock.withLock {
                results.append(.syncFinished(outcome))
                isRunning = false
            }
        }
    }

    private func post(_ action: Action) { lock.withLock { results.append(action) } }

    /// Results that arrived since the last call.
    func finished() -> [Action] {
        lock.withLock {
            defer { results = [] }
            return results
        }
    }
}

/// Runs a job on another thread, one run at a time: a run asked for meanwhile starts when
/// the current one ends, for the latest request only (the models as of the cursor's latest
/// time, the KPI pane's latest grouping).
final class LatestJob<Request: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Action] = []
    private var isRunning = false
    private var queued: Request?
    private let work: @Sendable (Request) -> Action

    init(_ work: @escaping @Sendable (Request) -> Action) { self.work = work }

    var isBusy: Bool { lock.withLock { isRunning } }

    func start(_ request: Request) {
        let starting = lock.withLock {
            if isRunning { queued = request }
            defer { isRunning = true }
            return !isRunning
        }
        guard starting else { return }
        DispatchQueue.global().async { [self] in
            let action = work(request)
            let next = lock.withLock {
                results.append(action)
                isRunning = false
                defer { queued = nil }
                return queued
            }
            if let next { start(next) }
        }
    }

    /// Results that arrived since the last call.
    func finished() -> [Action] {
        lock.withLock {
            defer { results = [] }
            return results
        }
    }
}

/// The report the KPI pane's figures were last computed from, for its drill-downs.
final class LastReport: @unchecked Sendable {
    private let lock = NSLock()
    private var report: KPIReport?

    func set(_ report: KPIReport) { lock.withLock { self.report = report } }

    /// The report, if it was made as of `asOf`.
    func get(asOf: Int64) -> KPIReport? { lock.withLock { report?.asOf == asOf ? report : nil } }
}

/// The KPI table on screen written to a file, and what to tell the user.
enum DashboardExport {
    static func write(_ data: DashboardData?, format: String, to path: String) -> String {
        guard let data else { return "Nothing to export yet" }
        let absolute =
            path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let sheet = KPISheets.table(data.rows, grouping: data.request.grouping, granularity: nil)
        do {
            if format == "csv" {
                try Data(CSVFile.text(sheet).utf8).write(to: URL(fileURLWithPath: absolute))
            } else {
                try Workbook.write(
                    [
                        sheet,
                        KPISheets.definitions(
                            grouping: data.request.grouping, span: data.span, asOf: data.request.asOfMs),
                    ],
                    to: absolute)
            }
        } catch {
            return "Could not export: \(error)"
        }
        return "Wrote \(data.rows.count) rows to \(absolute)"
    }
}

/// Loads and verifies the history on another thread and connection, so that the interface
/// keeps answering keys meanwhile; results come back as actions.
final class Background: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Action] = []
    private var isRunning = false
    /// A load asked for while one runs: started when it ends, from its result, so that a
    /// burst of writes by another process costs one more load, not one each.
    private var queued: (path: String, axis: TimeAxis, around: Int64?)?

    var isBusy: Bool { lock.withLock { isRunning } }

    /// Loads the timeline (or only what is new since `previous`; a window of a long log
    /// around a time) and verifies every chain.
    func loadTimeline(path: String, axis: TimeAxis, after previous: Timeline?, around ms: Int64?) {
        let start = lock.withLock {
            if isRunning {
                queued = (path, axis, ms)
                return false
            }
            isRunning = true
            return true
        }
        guard start else { return }
        DispatchQueue.global().async { [self] in
            let action = HistoryLoad.run(path: path, axis: axis, after: previous, around: ms) { preview in
                self.lock.withLock { self.results.append(preview) }
            }
            let loaded: Timeline? = if case .timelineLoaded(let timeline, _, _) = action { timeline } else { nil }
            let next = lock.withLock {
                results.append(action)
                isRunning = false
                defer { queued = nil }
                return queued
            }
            if let next {
                loadTimeline(
                    path: next.path, axis: next.axis, after: loaded?.axis == next.axis ? loaded : nil,
                    around: next.around)
            }
        }
    }

    /// Results that arrived since the last call.
    func finished() -> [Action] {
        lock.withLock {
            defer { results = [] }
            return results
        }
    }
}

/// The two halves of a history load, written from two threads.
private final class Parallel: @unchecked Sendable {
    private let lock = NSLock()
    private var _timeline: Timeline?
    private var _verification: Verification?
    private var _error: (any Error)?
    private var _searchTexts: [[UInt8]]?

    var timeline: Timeline? { lock.withLock { _timeline } }
    var verification: Verification? { lock.withLock { _verification } }
    var error: (any Error)? { lock.withLock { _error } }
    var searchTexts: [[UInt8]]? { lock.withLock { _searchTexts } }

    func set(timeline: Timeline) { lock.withLock { _timeline = timeline } }
    func set(verification: Verification) { lock.withLock { _verification = verification } }
    func set(error: any Error) { lock.withLock { _error = error } }
    func set(searchTexts: [[UInt8]]) { lock.withLock { _searchTexts = searchTexts } }
}

/// Loading the audit pane's history: the timeline and the verification of every chain, each
/// on its own connection and core.
public enum HistoryLoad {
    /// From this many events the audit pane holds the history a window at a time.
    public static let longHistory = 400_000

    /// Loads both halves and says what they found.
    ///
    /// - Parameters:
    ///   - path: the replica's database file.
    ///   - axis: the time axis the timeline is ordered on.
    ///   - previous: a timeline on the same axis to extend with what is new, if any.
    ///   - ms: where the cursor wants to be: a log longer than `windowAbove` events is
    ///     loaded as a window around it (`Timeline.window`); nil for now.
    ///   - windowAbove: the length of log from which the timeline is a window, not all of it.
    ///   - stride: events between two stored checkpoints, for a window.
    ///   - preview: told, while a short history is loaded whole for the first time, the
    ///     window of its last events, when the stored checkpoints reach near its end: the pane
    ///     opens on that window at once and takes the whole history when it arrives.
    /// - Returns: the loaded timeline with its verification, or why it could not be loaded.
    public static func run(
        path: String, axis: TimeAxis, after previous: Timeline?, around ms: Int64? = nil,
        windowAbove: Int = longHistory, stride: Int? = nil, preview: (@Sendable (Action) -> Void)? = nil
    ) -> Action {
        let work = Parallel()
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            do {
                let store = try RailFleetStore(path: path)
                if let stride { store.checkpointStride = stride }
                let window = try previous?.isWindow ?? (store.eventCount > windowAbove)
                if part == 0 {
                    defer {
                        if let timeline = work.timeline { work.set(searchTexts: Update.searchTexts(of: timeline)) }
                    }
                    if window, previous == nil || ms != nil {
                        work.set(timeline: try Timeline.window(from: store, axis: axis, around: ms))
                    } else {
                        if let preview, previous == nil,
                            try store.eventsBeyondCheckpoints(axis: axis, limit: store.checkpointStride)
                                < store.checkpointStride
                        {
                            let window = try Timeline.window(from: store, axis: axis, around: ms)
                            preview(.timelineLoaded(window, nil, searchTexts: Update.searchTexts(of: window)))
                        }
                        work.set(
                            timeline: try previous?.refreshed(from: store) ?? Timeline.load(from: store, axis: axis))
                    }
                } else {
                    // Only what is new since the last intact verification is read again.
                    work.set(verification: Verification(try store.verifyIncrementally()))
                    // Checkpoints kept up with the log for the next opening's preview; a window
                    // makes its own. Only a head start: one not made now is made next time.
                    if !window, store.access == .readWrite { _ = try? store.extendCheckpoints(axis: axis) }
                }
            } catch {
                work.set(error: error)
            }
        }
        guard let timeline = work.timeline, let verification = work.verification else {
            return .timelineFailed("Could not load the history: \(work.error.map { "\($0)" } ?? "unknown error")")
        }
        return .timelineLoaded(timeline, verification, searchTexts: work.searchTexts)
    }
}
