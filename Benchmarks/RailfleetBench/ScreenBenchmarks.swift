import Domain
import Foundation
import Storage
import Synchronization
import TUI

/// What a person at the terminal waits for, on one demo database: the first frame, the time
/// travel the audit pane does, its filter and its scrubbing.
///
/// - Parameter runs: repetitions of what reads the whole log (one on the big demo, where each
///   takes minutes).
func screenBenchmarks(path: String, store: RailFleetStore, label: String, endDay: Int, runs: Int = 3) throws {
    let events = try store.eventCount
    func report(_ name: String, _ workload: String, _ figures: String) {
        Measure.report("\(name) (\(label))", workload, figures)
    }
    let firstFrames = try (0..<5).map { _ in
        try Measure.seconds {
            let reopened = try RailFleetStore(path: path)
            var state = AppState()
            _ = Update.apply(
                .dataLoaded(try ScreenData.load(from: reopened)), to: &state, page: Render.page(height: 48))
            _ = Render.screen(state, width: 160, height: 48)
        }
    }
    report(
        "tui: start to first frame",
        "open the \(label) database, load the list panes' data, render the fleet at 160×48; median of 5",
        Measure.ms(Measure.median(firstFrames)))
    let middle = Int64(endDay - 365 * 3 / 2) * 86_400_000
    try store.extendCheckpoints(axis: .valid)
    let fleets = try (0..<runs).map { _ in try Measure.seconds { _ = try store.fleet(at: middle) } }
    let charts = try (0..<runs).map { _ in try Measure.seconds { _ = try ForecastData.load(from: store) } }
    report(
        "tui: load the forecast charts",
        "defects, cost and per-part consumption per month over the \(label) fleet; median of \(runs)",
        Measure.ms(Measure.median(charts)))
    report(
        "audit: whole fleet as of a time, from checkpoints",
        "`audit fleet --at`: the \(label) fleet 18 months before its end, the checkpoints made; median of \(runs)",
        Measure.ms(Measure.median(fleets)))

    // The audit pane's timeline: the whole log for a short history, a window of a long one
    // (as `HistoryLoad` decides). Memory first, before other loads leave freed pages behind.
    let windowed = events > HistoryLoad.longHistory
    let shape =
        windowed
        ? "a window: the stored checkpoint before the last, and the events after it (two strides)"
        : "all \(events) events decoded, sorted by valid time, checkpoints every 4,096"
    func loadTimeline(around ms: Int64? = nil) throws -> Timeline {
        windowed ? try Timeline.window(from: store, around: ms) : try Timeline.load(from: store)
    }
    let before = Measure.residentMB()
    var timeline = try loadTimeline()
    report(
        "audit: memory held by the timeline", "resident memory grown by loading and holding it, the \(label): \(shape)",
        String(format: "%.0f MB", Measure.residentMB() - before))
    let loads = try (0..<runs).map { _ in try Measure.seconds { timeline = try loadTimeline() } }
    report("audit: load the timeline", "\(shape); median of \(runs)", Measure.ms(Measure.median(loads)))
    let t = timeline
    // As the terminal opens the pane: a short history shows the window of its last events
    // first (when the stored checkpoints reach its end) and the whole of it when loaded.
    let previewed = Mutex<Double?>(nil)
    var firstShown: [Double] = []
    let opens = (0..<runs).map { _ in
        previewed.withLock { $0 = nil }
        let start = DispatchTime.now().uptimeNanoseconds
        let whole = Measure.seconds {
            _ = HistoryLoad.run(path: path, axis: .valid, after: nil) { _ in
                previewed.withLock { $0 = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
            }
        }
        firstShown.append(previewed.withLock { $0 } ?? whole)
        return whole
    }
    report(
        "audit: open the audit pane",
        "until the first timeline shows (\(windowed ? "a window" : "the window of its last events, then the whole log")), the chains verified from the last verification's mark on another connection; median of \(runs)",
        Measure.ms(Measure.median(firstShown)))
    if !windowed {
        report(
            "audit: open the audit pane, whole history held",
            "the same load until the whole log is in the pane; median of \(runs)", Measure.ms(Measure.median(opens)))
    }
    if !windowed {
        // Controls: what decoding alone costs, and folding the sorted events without checkpoints.
        var decoded: [StoredEvent] = []
        let decodes = try (0..<runs).map { _ in try Measure.seconds { decoded = try store.events(EventFilter()) } }
        report(
            "audit: decode the whole log (control)",
            "all \(events) events read and decoded, log order; median of \(runs)", Measure.ms(Measure.median(decodes)))
        let sorts = (0..<runs).map { _ in Measure.seconds { _ = Timeline(decoded, stride: Int.max / 2) } }
        report(
            "audit: sort and fold them, no checkpoints (control)", "the same events in memory; median of \(runs)",
            Measure.ms(Measure.median(sorts)))
    }
    let first = t.events.first!.event.timestamp.physicalMs
    let span = t.events.last!.event.timestamp.physicalMs - first
    let moments = (0..<50).map { first + span * Int64($0 * 7 % 50) / 50 }
    let states = moments.map { ms in Measure.seconds { _ = t.state(through: t.index(atOrBefore: ms)) } }
    report(
        "audit: replica state as of a time, from the timeline",
        "a checkpoint plus at most 4,096 events folded, at 50 moments of the loaded timeline; median of 50",
        Measure.ms(Measure.median(states)))
    let asOf = moments.map { ms in Measure.seconds { _ = t.rows(through: t.index(atOrBefore: ms), asOf: ms) } }
    report(
        "audit: whole fleet as of a time, from the timeline",
        "fleet rows, every work order and stock of the \(label) at the same 50 moments; median of 50",
        Measure.ms(Measure.median(asOf)))
    var audit = AppState()
    let page = Render.page(height: 48)
    _ = Update.apply(.dataLoaded(try ScreenData.load(from: store)), to: &audit, page: page)
    _ = Update.apply(.keyPressed(.character("4")), to: &audit, page: page)
    _ = Update.apply(.timelineLoaded(t, nil, searchTexts: Update.searchTexts(of: t)), to: &audit, page: page)
    // A key as the terminal runs it: with the window it asks for loaded when it leaves one.
    var windowLoads = 0
    func press(_ key: Key) throws {
        if Update.apply(.keyPressed(key), to: &audit, page: page).contains(.loadTimeline) {
            windowLoads += 1
            let next = try loadTimeline(around: audit.timelineRequest ?? audit.cursor?.ms)
            _ = Update.apply(.timelineLoaded(next, nil), to: &audit, page: page)
        }
        _ = Render.screen(audit, width: 160, height: 48)
    }
    let scrubKeys: [Key] = [.character("<"), .left, .character("{"), .left, .character("["), .right]
    let steps = try (0..<60).map { i in try Measure.seconds { try press(scrubKeys[i % scrubKeys.count]) } }
    // Typing a filter, as a person does: the first key searches every loaded event, each
    // further key only what the text before it showed, backspace finds an earlier result.
    var firstKeys: [Double] = []
    var laterKeys: [Double] = []
    var backspaces: [Double] = []
    for _ in 0..<5 {
        var filtering = audit
        _ = Update.apply(.keyPressed(.character("/")), to: &filtering, page: page)
        for (i, key) in "186-00".enumerated() {
            let time = Measure.seconds { _ = Update.apply(.keyPressed(.character(key)), to: &filtering, page: page) }
            if i == 0 { firstKeys.append(time) } else { laterKeys.append(time) }
        }
        backspaces.append(Measure.seconds { _ = Update.apply(.keyPressed(.backspace), to: &filtering, page: page) })
    }
    report(
        "audit: one key typed into the timeline's filter",
        "'186-00' typed into an empty filter over the \(t.events.count) events loaded (user, type, entity and its name, device), 5 times: the first key (a search of all), the five after it, a backspace; medians",
        "first \(Measure.ms(Measure.median(firstKeys))), later \(Measure.ms(Measure.median(laterKeys))), backspace \(Measure.ms(Measure.median(backspaces)))"
    )
    report(
        "audit: one scrub step redrawn",
        "week, event, day and hour steps back through the \(label): the panes' rows as of the cursor (open work orders), the frame at 160×48, and any window loaded; median of 60 (p90 \(Measure.ms(Measure.percentile(steps, 0.9))))",
        Measure.ms(Measure.median(steps)))
    // Back through the whole history a week at a time, then what the process holds.
    windowLoads = 0
    var weeks: [Double] = []
    while audit.cursor.map({ $0.index >= 0 || (audit.timeline?.offset ?? 0) > 0 }) ?? true, weeks.count < 2_000 {
        weeks.append(try Measure.seconds { try press(.character("<")) })
    }
    report(
        "audit: a week back, to the start of the history",
        "\(weeks.count) steps of `<` from now to the first event, \(windowLoads) windows loaded on the way; median (p90 \(Measure.ms(Measure.percentile(weeks, 0.9))), max \(Measure.ms(weeks.max() ?? 0)))",
        Measure.ms(Measure.median(weeks)))
    report(
        "audit: resident memory after that", "the whole benchmark process, after scrubbing through the \(label)",
        String(format: "%.0f MB", Measure.residentMB()))
}
