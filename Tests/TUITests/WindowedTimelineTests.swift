import Domain
import Foundation
import Storage
import Synchronization
import Testing

@testable import TUI

/// A long history is loaded into the audit pane a window at a time, over a stored
/// checkpoint: what the panes show at any moment must equal the whole timeline's, and a
/// cursor sent beyond the window must ask for the window around it.
@Suite struct WindowedTimelineTests {
    static func moments(_ timeline: Timeline, count: Int) -> [Int64] {
        let times = timeline.events.map { timeline.axis.time(of: $0) }
        return (0..<count).map { times[($0 * 7919 + 13) % times.count] }
    }

    @Test func aWindowShowsWhatTheWholeTimelineShowsAtItsMoments() throws {
        let (folder, path) = try DemoFixture.generate(vehicles: 12, seed: 4)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try RailFleetStore(path: path)
        store.checkpointStride = 256
        for axis in [TimeAxis.valid, .recorded] {
            try compareWindows(store, axis: axis)
        }
        // Long histories load as windows; short ones whole.
        if case .timelineLoaded(let t, _, _) = HistoryLoad.run(
            path: path, axis: .valid, after: nil, windowAbove: 0, stride: 256)
        {
            #expect(t.isWindow && t.reachesEnd)
        } else {
            Issue.record("no timeline")
        }
        if case .timelineLoaded(let t, _, _) = HistoryLoad.run(path: path, axis: .valid, after: nil) {
            #expect(!t.isWindow)
        }
    }

    /// A short history opens on the window of its last events when the stored checkpoints
    /// reach its end, then the whole log arrives; without checkpoints there is no preview,
    /// and the load makes them for the next opening.
    @Test func aShortHistoryOpensOnItsLastWindowThenWhole() throws {
        let (folder, path) = try DemoFixture.generate(vehicles: 12, seed: 4)
        defer { try? FileManager.default.removeItem(at: folder) }
        let previews = Mutex<[Timeline]>([])
        func open() -> Timeline? {
            previews.withLock { $0 = [] }
            let action = HistoryLoad.run(path: path, axis: .valid, after: nil, stride: 256) { preview in
                if case .timelineLoaded(let t, let verification, let texts) = preview {
                    #expect(texts?.count == t.events.count, "the preview brings its filter texts")
                    #expect(verification == nil, "the preview does not wait for the verification")
                    previews.withLock { $0.append(t) }
                }
            }
            guard case .timelineLoaded(let whole, let verification, let texts) = action else { return nil }
            #expect(texts == Update.searchTexts(of: whole), "made off the interface's thread")
            #expect(verification?.holds == true)
            return whole
        }
        let store = try RailFleetStore(path: path)
        store.checkpointStride = 256
        try store.dropCheckpoints()
        #expect(try store.eventsBeyondCheckpoints(axis: .valid) == store.eventCount)
        let first = try #require(open())
        #expect(!first.isWindow && previews.withLock { $0.isEmpty }, "no checkpoints: no preview")
        #expect(try store.eventsBeyondCheckpoints(axis: .valid) < 256, "the load made them")
        let whole = try #require(open())
        let shown = try #require(previews.withLock { $0.first })
        #expect(shown.isWindow && shown.reachesEnd && !whole.isWindow)
        #expect(shown.total == whole.events.count && shown.lastSeq == whole.lastSeq)
        #expect(shown.events.map(\.seq) == whole.events.suffix(shown.events.count).map(\.seq))
    }

    func compareWindows(_ store: RailFleetStore, axis: TimeAxis) throws {
        let whole = try Timeline.load(from: store, axis: axis)
        #expect(whole.events.count > 2_000, "enough events for several windows")
        for ms in Self.moments(whole, count: 12) + [nil] {
            let window = try Timeline.window(from: store, axis: axis, around: ms)
            #expect(window.isWindow && window.total == whole.events.count)
            #expect(
                window.events.map(\.seq) == whole.events[window.offset..<window.offset + window.events.count].map(\.seq)
            )
            let at = ms ?? whole.events.last.map(whole.axis.time)!
            let i = window.index(atOrBefore: at)
            #expect(i >= 0, "the window holds its moment")
            #expect(window.offset + i == whole.index(atOrBefore: at))
            let shown = window.rows(through: i, asOf: at, closedWorkOrders: false)
            let expected = whole.rows(through: whole.index(atOrBefore: at), asOf: at, closedWorkOrders: false)
            #expect(
                shown.fleet == expected.fleet && shown.workOrders == expected.workOrders
                    && shown.parts == expected.parts, "\(axis) at \(at)")
        }
    }

    @Test func scrubbingPastTheWindowAsksForTheNextAndGoesThere() throws {
        let (folder, path) = try DemoFixture.generate(vehicles: 12, seed: 4)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try RailFleetStore(path: path)
        store.checkpointStride = 256
        let whole = try Timeline.load(from: store)
        var state = AppState()
        _ = Update.apply(.dataLoaded(try ScreenData.load(from: store, closedWorkOrders: true)), to: &state, page: 20)
        _ = Update.apply(.keyPressed(.character("4")), to: &state, page: 20)
        _ = Update.apply(.timelineLoaded(try Timeline.window(from: store, around: nil), nil), to: &state, page: 20)
        // A week back at a time until the cursor leaves the last window, with a mark on the way.
        _ = Update.apply(.keyPressed(.character("<")), to: &state, page: 20)
        _ = Update.apply(.keyPressed(.character("m")), to: &state, page: 20)
        var effects: [Effect] = []
        for _ in 0..<200 where effects.isEmpty {
            effects = Update.apply(.keyPressed(.character("<")), to: &state, page: 20)
        }
        #expect(effects == [.loadTimeline])
        let wanted = try #require(state.timelineRequest)
        #expect(state.message?.hasPrefix("Loading the history around") == true)
        _ = Update.apply(.timelineLoaded(try Timeline.window(from: store, around: wanted), nil), to: &state, page: 20)
        #expect(state.timelineRequest == nil)
        let cursor = try #require(state.cursor)
        #expect(cursor.ms == wanted)
        let expected = whole.rows(through: whole.index(atOrBefore: wanted), asOf: wanted, closedWorkOrders: false)
        #expect(state.fleet.rows == expected.fleet)
        // The mark lies in the window left behind: the changes since it are not guessed at.
        _ = Update.apply(.keyPressed(.character("d")), to: &state, page: 20)
        #expect(state.changes == nil && state.message?.hasPrefix("The mark lies outside") == true)
        // g goes to the first window, . back to now (the last window, loaded again).
        #expect(Update.apply(.keyPressed(.character("g")), to: &state, page: 20) == [.loadTimeline])
        _ = Update.apply(
            .timelineLoaded(try Timeline.window(from: store, around: state.timelineRequest), nil), to: &state, page: 20)
        #expect(state.timeline?.offset == 0)
        #expect(Update.apply(.keyPressed(.character(".")), to: &state, page: 20) == [.loadTimeline])
    }
}
