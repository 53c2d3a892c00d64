import DemoFleet
import Domain
import Foundation
import Storage
import TestSupport
import Testing

/// The timeline an auditor scrubs: its state at any event must equal replaying exactly the
/// events up to it, and the rows it shows must be what the projections write.
@Suite struct TimelineTests {
    /// Valid-time order, as an independent definition.
    static func isBefore(_ a: RecordedEvent, _ b: RecordedEvent) -> Bool {
        (a.timestamp, a.id.counter) <= (b.timestamp, b.id.counter)
    }

    @Test(arguments: 0..<4 as Range<UInt64>)
    func stateThroughAnyEventEqualsReplayingTheEventsUpToIt(seed: UInt64) throws {
        let (f, _, _, _) = try AuditTests().makeHistory(seed: seed)
        let all = try f.store.events(EventFilter())
        #expect(Set(all.map(\.event.recordedAtMs)).count > 1, "late events from the offline terminal")
        // A small stride puts many checkpoints inside this short history.
        for stride in [3, 4096] {
            let timeline = try Timeline.load(from: f.store, stride: stride)
            #expect(timeline.events.count == all.count)
            for i in [-1, 0, 1, 2, 5, timeline.events.count / 2, timeline.events.count - 2, timeline.events.count - 1] {
                let point = i < 0 ? nil : timeline.events[i].event
                var expected = AggregateSet()
                // Replayed in the log's own order, keeping the events up to the point.
                for e in all where point.map({ Self.isBefore(e.event, $0) }) ?? false { expected.apply(e.event) }
                #expect(timeline.state(through: i).aggregates == expected.aggregates, "stride \(stride), event \(i)")
            }
        }
    }

    /// What this replica knew at a moment: the events it had stored by then.
    @Test(arguments: 0..<3 as Range<UInt64>)
    func onRecordedTimeTheStateIsWhatThisReplicaHadStored(seed: UInt64) throws {
        let (f, _, _, _) = try AuditTests().makeHistory(seed: seed)
        let all = try f.store.events(EventFilter())
        for stride in [3, 4096] {
            let timeline = try Timeline.load(from: f.store, axis: .recorded, stride: stride)
            #expect(timeline.events.map(\.event.recordedAtMs) == timeline.events.map(\.event.recordedAtMs).sorted())
            for i in [-1, 0, 4, timeline.events.count / 2, timeline.events.count - 1] {
                let point = i < 0 ? nil : timeline.events[i]
                var expected = AggregateSet()
                for e in all
                where point.map({ (e.event.recordedAtMs, e.seq) <= ($0.event.recordedAtMs, $0.seq) }) ?? false {
                    expected.apply(e.event)
                }
                #expect(timeline.state(through: i).aggregates == expected.aggregates, "stride \(stride), event \(i)")
                if let point {
                    #expect(timeline.index(atOrBefore: point.event.recordedAtMs) >= i)
                }
            }
        }
        // The two axes differ in this history: the offline terminal's events were stored late.
        let valid = try Timeline.load(from: f.store).events.map(\.seq)
        let recorded = try Timeline.load(from: f.store, axis: .recorded).events.map(\.seq)
        #expect(valid != recorded && Set(valid) == Set(recorded))
    }

    @Test func addingLateEventsEqualsLoadingThemAll() throws {
        let (f, _, _, _) = try AuditTests().makeHistory(seed: 9)
        let all = try f.store.events(EventFilter())
        // The offline terminal's events arrived last but happened earlier: they land inside.
        let (early, late) = (Array(all.prefix(all.count * 2 / 3)), Array(all.dropFirst(all.count * 2 / 3)))
        let grown = Timeline(early, stride: 4).adding(late)
        let fresh = Timeline(all, stride: 4)
        #expect(grown.events == fresh.events)
        #expect(grown.lastSeq == all.map(\.seq).max())
        for i in stride(from: -1, to: fresh.events.count, by: 3) {
            #expect(grown.state(through: i).aggregates == fresh.state(through: i).aggregates, "event \(i)")
        }
    }

    @Test func indexAtOrBeforeATimeIsTheLastEventNotAfterIt() throws {
        let (f, _, _, _) = try AuditTests().makeHistory(seed: 3)
        let timeline = try Timeline.load(from: f.store)
        let times = timeline.events.map(\.event.timestamp.physicalMs)
        #expect(timeline.index(atOrBefore: times[0] - 1) == -1)
        #expect(timeline.index(atOrBefore: times.last! + 1) == times.count - 1)
        for t in times {
            let i = timeline.index(atOrBefore: t)
            #expect(times[i] <= t && (i + 1 == times.count || times[i + 1] > t))
        }
    }

    @Test func changesBetweenTwoPointsAgreeWithTheStoresDiff() throws {
        let (f, vehicle, _, _) = try AuditTests().makeHistory(seed: 4)
        let timeline = try Timeline.load(from: f.store, stride: 5)
        let times = timeline.events.map(\.event.timestamp.physicalMs)
        let (t1, t2) = (times[times.count / 4], times[times.count * 3 / 4])
        let (a, b) = (timeline.index(atOrBefore: t1), timeline.index(atOrBefore: t2))
        let fromTimeline = Dictionary(
            uniqueKeysWithValues: timeline.changes(between: a, and: b).map { ($0.aggregate, $0.changes) })
        let fromStore = Dictionary(
            uniqueKeysWithValues: try f.store.changes(fromMs: t1, toMs: t2, names: try f.store.everydayNames()).filter {
                !$0.changes.isEmpty
            }.map {
                ($0.aggregate, $0.changes)
            })
        #expect(!fromStore.isEmpty)
        #expect(fromTimeline == fromStore)
        #expect(
            timeline.changes(between: b, and: a).map(\.aggregate)
                == timeline.changes(between: a, and: b).map(\.aggregate), "either order")
        // Jumping between one entity's events visits exactly its trail.
        let ref = AggregateRef(.vehicle, vehicle)
        var visited: [Int] = []
        var i = -1
        while let next = timeline.neighbour(of: ref, from: i, direction: 1) {
            visited.append(next)
            i = next
        }
        let trail = try f.store.trail(of: ref)
        #expect(visited.map { timeline.events[$0].event.id } == trail.map(\.event.id))
        #expect(timeline.neighbour(of: ref, from: visited.last!, direction: -1) == visited.dropLast().last)
    }

    /// The rows computed from state are exactly what the projections wrote: one definition
    /// of a read-model row, whether live or as of a past moment.
    @Test func rowsFromStateEqualTheProjectedReadModels() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "railfleet-timeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("demo.sqlite").path
        let end = UTC.parseDay("2026-03-31")!
        _ = try DemoGenerator.generate(at: path, options: DemoOptions(vehicles: 16, years: 1, seed: 5, endDay: end))
        let store = try RailFleetStore(path: path)
        let timeline = try Timeline.load(from: store, stride: 1000)
        let rows = timeline.rows(through: timeline.events.count - 1, asOf: Int64(end) * 86_400_000)
        let byNumber = { (a: FleetRow, b: FleetRow) in (a.fleetNumber, a.vehicleID) < (b.fleetNumber, b.vehicleID) }
        #expect(rows.fleet == (try store.fleet(today: end)).sorted(by: byNumber))
        #expect(!rows.workOrders.isEmpty)
        #expect(rows.workOrders == (try store.workOrders()))
        #expect(rows.parts == (try store.parts()))
        let set = timeline.state(through: timeline.events.count - 1)
        for vehicle in rows.fleet.prefix(4) {
            let history = ReadModelRows.history(of: vehicle.vehicleID, in: set)
            #expect(history.defects == (try store.defects(vehicleID: vehicle.vehicleID)))
            #expect(history.workOrders == (try store.workOrders(vehicleID: vehicle.vehicleID)))
        }
        // And as of a past day, the fleet equals the store's own fold of the log up to then.
        let past = Int64(end - 120) * 86_400_000
        #expect(
            timeline.rows(through: timeline.index(atOrBefore: past), asOf: past).fleet == (try store.fleet(at: past)))
        // And what this replica knew then: the workshop's morning work only after its evening sync.
        let recorded = try Timeline.load(from: store, axis: .recorded, stride: 1000)
        #expect(
            recorded.rows(through: recorded.index(atOrBefore: past), asOf: past).fleet
                == (try store.fleet(at: past, axis: .recorded)))
        var noonsThatDiffer = 0
        for day in 0..<20 {
            let noon = past + Int64(day) * 86_400_000 + 12 * 3_600_000
            if try store.fleet(at: noon, axis: .recorded) != store.fleet(at: noon) { noonsThatDiffer += 1 }
        }
        #expect(noonsThatDiffer > 0, "on some days the workshop's morning work is not yet known at noon")
    }
}
