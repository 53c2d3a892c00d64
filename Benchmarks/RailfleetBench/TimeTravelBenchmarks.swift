import Domain
import Foundation
import GRDB
import Storage

/// Time travel from the persisted checkpoints on one demo database: making them, their size,
/// and the whole fleet as of a time, each query from a freshly opened store as the CLI's
/// `audit fleet --at` is; with the fold from the start of the log as the control.
///
/// Works on the file given (the checkpoints of valid time are dropped and made again).
func timeTravelBenchmarks(path: String, label: String) throws {
    let store = try RailFleetStore(path: path)
    let events = try store.eventCount
    try store.dropCheckpoints()
    let building = try Measure.seconds { try store.extendCheckpoints(axis: .valid) }
    let (checkpoints, bytes, logBytes) = try DatabaseQueue(path: path).read { db in
        (
            try Int.fetchOne(db, sql: "SELECT count(*) FROM time_checkpoints WHERE axis = 'valid'") ?? 0,
            try Int.fetchOne(
                db,
                sql: """
                    SELECT (SELECT coalesce(sum(length(state)), 0) FROM time_checkpoint_states)
                         + (SELECT coalesce(sum(length(manifest) + length(covered)), 0) FROM time_checkpoints)
                    """) ?? 0,
            try Int.fetchOne(db, sql: "SELECT sum(length(payload)) + count(*) * 120 FROM events") ?? 0
        )
    }
    Measure.report(
        "travel: make the checkpoints (\(label))",
        "\(events) events, a checkpoint every \(store.checkpointStride) in valid time: \(checkpoints) of them, \(bytes / 1_048_576) MB stored (the log's rows about \(logBytes / 1_048_576) MB)",
        String(format: "%.1f s", building))

    let times = try DatabaseQueue(path: path).read { db in
        (
            try Int64.fetchOne(db, sql: "SELECT min(hlc_ms) FROM events") ?? 0,
            try Int64.fetchOne(db, sql: "SELECT max(hlc_ms) FROM events") ?? 0
        )
    }
    let moments = (1...20).map { times.0 + (times.1 - times.0) * Int64($0 * 7 % 20 + 1) / 21 }
    let queries = try moments.map { ms in
        try Measure.seconds { _ = try RailFleetStore(path: path, access: .readOnly).fleet(at: ms) }
    }
    Measure.report(
        "travel: whole fleet as of a time (\(label))",
        "`audit fleet --at` in-process: open the file read-only, read the checkpoint, fold the events after it, make the rows; 20 moments spread over the history; median (p90 \(Measure.ms(Measure.percentile(queries, 0.9))))",
        Measure.ms(Measure.median(queries)))

    // The control: what the same query cost before checkpoints, a fold from the first event.
    let middle = moments[moments.count / 2]
    var folded: [FleetRow] = []
    let control = try Measure.seconds {
        let all = try store.events(EventFilter())
        let set = AggregateSet(all.lazy.filter { $0.event.timestamp.physicalMs <= middle }.map(\.event))
        folded = ReadModelRows(set, today: UTC.day(ofMs: middle), closedWorkOrders: false).fleet
    }
    let fromCheckpoints = try store.fleet(at: middle)
    precondition(fromCheckpoints == folded, "checkpoints and the fold from the start agree")
    Measure.report(
        "travel: the same folded from the log (control, \(label))",
        "every event decoded and those up to the moment folded, once, at the middle moment; results compared equal",
        String(format: "%.0f ms", control * 1e3))
}
