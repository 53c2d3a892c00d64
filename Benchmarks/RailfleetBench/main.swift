import DemoFleet
import Domain
import Foundation
import GRDB
import Storage
import TUI

// Benchmarks run on demand (`swift run -c release railfleet-bench [name…]`), never in tests.
// Each prints its workload; compare ratios within one run, the disk's fsync time swings.

let scratch = Scratch()
let selected = Set(CommandLine.arguments.dropFirst())
func wanted(_ name: String) -> Bool { selected.isEmpty || selected.contains(name) }

@MainActor func makeStore(_ name: String, snapshotInterval: Int = 100) throws -> RailFleetStore {
    let store = try RailFleetStore.create(at: scratch.path(name), deviceName: "bench", admin: "admin")
    try store.setSnapshotInterval(snapshotInterval)
    return store
}

func registerVehicles(_ store: RailFleetStore, count: Int) throws -> [String] {
    let admin = try store.actor(for: "admin")
    let batch = (0..<count).map { i -> RailFleetStore.BatchItem in
        let eleven = "9180618" + String(format: "%04d", i)
        let evn = eleven + String(EVN.checkDigit(of: eleven.compactMap(\.wholeNumberValue)))
        return .init(
            .registerVehicle(
                VehicleRegistered(
                    fleetNumber: "B-\(i)", evn: evn, vehicleClass: "Class 186", kind: .locomotive, keeper: nil,
                    depot: "Koeln", commissionedOn: nil, odometerKm: 0)), by: admin)
    }
    return try store.execute(batch: batch).map { $0[0].event.aggregate.id }
}

/// The control: one row of the same size, one transaction, same journal and sync settings.
@MainActor func bareInsertLatencies(count: Int, payloadBytes: Int) throws -> [Double] {
    var config = Configuration()
    config.journalMode = .wal
    let queue = try DatabaseQueue(path: scratch.path("control.sqlite"), configuration: config)
    try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
    try queue.write { db in
        try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER, payload TEXT, hash BLOB)")
    }
    let payload = String(repeating: "x", count: payloadBytes)
    let hash = Data(repeating: 7, count: 32)
    return try (0..<count).map { i in
        try Measure.seconds {
            try queue.write { db in
                try db.execute(
                    sql: "INSERT INTO t (a, b, payload, hash) VALUES (?, ?, ?, ?)",
                    arguments: ["device", i, payload, hash])
            }
        }
    }
}

/// The ceiling for batched appends: rows like the log's, with its indexes, bound through GRDB,
/// nothing else.
@MainActor func bareBatchInsertRate(batches: Int, perBatch: Int, secondaryIndexes: Bool = true) throws -> Double {
    let queue = try DatabaseQueue(path: scratch.path("control-batch-\(secondaryIndexes).sqlite"))
    try queue.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA synchronous = FULL; PRAGMA cache_size = -65536")
        try db.execute(
            sql: """
                CREATE TABLE events (seq INTEGER PRIMARY KEY, device TEXT, counter INTEGER, hlc_ms INTEGER, hlc_logical INTEGER,
                  recorded_ms INTEGER, aggregate_kind TEXT, aggregate_id TEXT, event_type TEXT, schema_version INTEGER, user TEXT, role TEXT,
                  correlation_id TEXT, causation_id TEXT, payload TEXT, hash BLOB, UNIQUE (device, counter));
                """)
        if secondaryIndexes {
            try db.execute(
                sql: """
                    CREATE INDEX a ON events (aggregate_id, seq); CREATE INDEX b ON events (hlc_ms, hlc_logical, device);
                    CREATE INDEX c ON events (user, hlc_ms); CREATE INDEX d ON events (event_type, hlc_ms);
                    """)
        }
    }
    let hash = Data(repeating: 1, count: 32)
    var counter = 0
    let times = try (0..<batches).map { _ in
        try Measure.seconds {
            try queue.write { db in
                let insert = try db.cachedStatement(
                    sql: """
                        INSERT INTO events (device, counter, hlc_ms, hlc_logical, recorded_ms, aggregate_kind, aggregate_id, event_type,
                          schema_version, user, role, correlation_id, causation_id, payload, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                        """)
                for _ in 0..<perBatch {
                    counter += 1
                    try insert.execute(arguments: [
                        "abcdef01", counter, 1_700_000_000_000 + counter, 0, 1_700_000_000_000, "vehicle",
                        "V-abcdef01-\(counter % 1000)",
                        "OdometerRecorded", 2, "admin", "admin", "abcdef01:\(counter)", nil,
                        "{\"km\":123456,\"source\":\"t\"}", hash,
                    ])
                }
            }
        }
    }
    return Double(perBatch) / Measure.median(times)
}

if wanted("append") {
    let store = try makeStore("append.sqlite")
    let vehicles = try registerVehicles(store, count: 100)
    let n = 2000
    var km = 0
    let latencies = try (0..<n).map { i -> Double in
        km += 10
        return try Measure.seconds {
            try store.execute(.recordOdometer(vehicleID: vehicles[i % 100], km: km, source: "telematics"), as: "admin")
        }
    }
    let sample = try store.events(EventFilter(eventType: "OdometerRecorded", limit: 1))[0]
    let rowBytes = 200 + (try EventCodec.encode(sample.event.event)).count
    let control = try bareInsertLatencies(count: n, payloadBytes: rowBytes)
    let mode = "WAL, synchronous=FULL"
    Measure.report(
        "single command append (p50 / p99)",
        "\(n) odometer commands, one transaction each: decide, hash, sign head, project; \(mode)",
        "\(Measure.µs(Measure.median(latencies))) / \(Measure.µs(Measure.percentile(latencies, 0.99)))")
    Measure.report(
        "control: bare SQLite insert (p50 / p99)", "\(n) single-row transactions of ~\(rowBytes) bytes; \(mode)",
        "\(Measure.µs(Measure.median(control))) / \(Measure.µs(Measure.percentile(control, 0.99)))")
    print(
        String(
            format: "    ratio at p99: %.2f× the bare insert",
            Measure.percentile(latencies, 0.99) / Measure.percentile(control, 0.99)))
}

if wanted("batch") {
    let store = try makeStore("batch.sqlite")
    let vehicles = try registerVehicles(store, count: 1000)
    let admin = try store.actor(for: "admin")
    let batches = 20
    let perBatch = 5000
    var km = 0
    var times: [Double] = []
    for _ in 0..<batches {
        km += 10
        let batch = (0..<perBatch).map { i in
            RailFleetStore.BatchItem(
                .recordOdometer(vehicleID: vehicles[i % vehicles.count], km: km + i / vehicles.count, source: "t"),
                by: admin)
        }
        times.append(try Measure.seconds { try store.execute(batch: batch) })
    }
    let rate = Double(perBatch) / Measure.median(times)
    Measure.report(
        "batched append throughput",
        "\(batches) transactions × \(perBatch) odometer commands over 1,000 vehicles (decide, hash, project, snapshot every 100)",
        String(format: "%.0f events/s (median batch %@)", rate, Measure.ms(Measure.median(times))))
    let control = try bareBatchInsertRate(batches: batches, perBatch: perBatch)
    Measure.report(
        "control: bare batched insert, same indexes",
        "\(batches) transactions × \(perBatch) rows shaped like the log's, with its five indexes, no hashing or projection",
        String(format: "%.0f rows/s", control))
    print(String(format: "    ratio: the event store appends at %.0f%% of the bare insert rate", 100 * rate / control))
    let unindexed = try bareBatchInsertRate(batches: batches, perBatch: perBatch, secondaryIndexes: false)
    Measure.report(
        "control: bare batched insert, identity index only", "the same rows without the four secondary indexes",
        String(format: "%.0f rows/s", unindexed))
}

if wanted("merge") {
    // One device's long history reaching a replica of its fleet: every commit of it signed a head.
    let source = try makeStore("merge-source.sqlite")
    let vehicles = try registerVehicles(source, count: 100)
    let targets = try (0..<3).map { run in try member("merge-target-\(run).sqlite", of: source) }
    let commits = 2_000
    let perCommit = 50
    try writeReadings(source, vehicles: vehicles, count: commits * perCommit, perCommit: perCommit, base: 1_000)
    var times: [Double] = []
    for target in targets {
        let bundle = try source.bundle(after: try target.versionVector())
        times.append(try Measure.seconds { _ = try target.merge(bundle) })
    }
    let events = commits * perCommit
    Measure.report(
        "merge a device's history into a new replica",
        "\(events) odometer events of one device in \(commits) signed commits, one bundle, authority and projections included; median of 3",
        String(format: "%@ (%.0f events/s)", Measure.ms(Measure.median(times)), Double(events) / Measure.median(times)))
}

try syncBenchmarks()
// Only when named: it runs for minutes (scripts/load-test).
if selected.contains("hub-load") { try hubLoadBenchmark() }

if wanted("load") {
    let store = try makeStore("load.sqlite", snapshotInterval: 100)
    let vehicle = try registerVehicles(store, count: 1)[0]
    let admin = try store.actor(for: "admin")
    for chunk in 0..<10 {
        let batch = (1...1000).map {
            RailFleetStore.BatchItem(.recordOdometer(vehicleID: vehicle, km: chunk * 1000 + $0, source: "t"), by: admin)
        }
        try store.execute(batch: batch)
    }
    let ref = AggregateRef(.vehicle, vehicle)
    let fast = try (0..<50).map { _ in try Measure.seconds { _ = try store.aggregate(ref, useSnapshot: true) } }
    let slow = try (0..<10).map { _ in try Measure.seconds { _ = try store.aggregate(ref, useSnapshot: false) } }
    Measure.report(
        "load a 10,000-event aggregate, snapshot", "vehicle with 10,001 events, snapshot every 100; median of 50",
        Measure.ms(Measure.median(fast)))
    Measure.report(
        "load a 10,000-event aggregate, no snapshot", "same vehicle folded from all 10,001 events; median of 10",
        Measure.ms(Measure.median(slow)))

    // Time travel on the same aggregate: 20 points spread over its history.
    let trail = try store.trail(of: ref)
    let points = (0..<20).map { trail[$0 * (trail.count - 1) / 19].event.timestamp.physicalMs }
    let atTime = try points.map { t in try Measure.seconds { _ = try store.state(of: ref, at: .validTime(t)) } }
    let atTimeSlow = try points.prefix(5).map { t in
        try Measure.seconds { _ = try store.state(of: ref, at: .validTime(t), useSnapshots: false) }
    }
    let trails = try (0..<10).map { _ in try Measure.seconds { _ = try store.trail(of: ref) } }
    Measure.report(
        "audit: state of that aggregate at a time", "20 valid times spread over its 10,001 events, snapshots every 100",
        Measure.ms(Measure.median(atTime)))
    Measure.report(
        "audit: the same without snapshots", "5 of those times, folding from the first event",
        Measure.ms(Measure.median(atTimeSlow)))
    Measure.report(
        "audit: full trail of that aggregate", "10,001 events in valid-time order, decoded; median of 10",
        Measure.ms(Measure.median(trails)))
}

if wanted("demo") || wanted("rebuild") || wanted("timeline") || wanted("verify") || wanted("travel") || wanted("ml")
    || wanted("analytics")
{
    // RAILFLEET_BENCH_DEMO names a default demo database to reuse (generated with
    // `railfleet demo --end 2026-11-29 --no-tui`): the timeline figures then take seconds.
    let endDay = UTC.parseDay("2026-11-29")!
    let path: String
    if let reuse = ProcessInfo.processInfo.environment["RAILFLEET_BENCH_DEMO"] {
        path = reuse
        print("reusing the demo database at \(reuse)")
    } else {
        path = scratch.path("demo.sqlite")
        var summary: DemoSummary?
        let generation = try Measure.seconds {
            summary = try DemoGenerator.generate(at: path, options: DemoOptions(endDay: endDay))
        }
        Measure.report(
            "demo generation",
            "200 vehicles, 3 years, seed 1: \(summary!.events) events, \(summary!.workOrders) work orders",
            String(format: "%.1f s (%.0f events/s)", generation, Double(summary!.events) / generation))
        let phases = summary!.phases
        Measure.report(
            "demo generation, by phase", "the same run; the two terminals run side by side, one per core",
            String(
                format: "commands %.1f s, evening exchanges %.1f s, read models %.1f s, rest %.1f s", phases.commands,
                phases.exchange, phases.readModels, generation - phases.commands - phases.exchange - phases.readModels))
    }
    if wanted("ml") {
        try mlBenchmarks(path: path)
        try modelInputsBenchmark(path: path)
    }
    if wanted("analytics") { try analyticsBenchmarks(path: path) }
    if wanted("travel") {
        // On a copy: the checkpoints are made again.
        let copy = scratch.path("travel.sqlite")
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        try timeTravelBenchmarks(path: copy, label: "default demo")
        // RAILFLEET_BENCH_BIG names the 2,000-vehicle, 10-year demo (`railfleet demo --vehicles
        // 2000 --years 10 --no-tui`, about 13 minutes): worked on in place.
        if let big = ProcessInfo.processInfo.environment["RAILFLEET_BENCH_BIG"] {
            try timeTravelBenchmarks(path: big, label: "big demo")
        }
    }
    let store = try RailFleetStore(path: path)
    let events = try store.eventCount
    if wanted("demo") || wanted("rebuild") {
        let rebuilds = try (0..<3).map { _ in try Measure.seconds { try store.rebuildProjections() } }
        Measure.report(
            "rebuild all projections", "the default demo fleet, \(events) events; median of 3",
            String(format: "%.2f s", Measure.median(rebuilds)))
    }
    if wanted("demo") || wanted("verify") {
        // On a copy: 1,000 events are added five times.
        let copy = scratch.path("verify.sqlite")
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        try FileManager.default.copyItem(atPath: path + ".key", toPath: copy + ".key")
        let verifying = try RailFleetStore(path: copy)
        let fulls = try (0..<3).map { _ in
            try Measure.seconds {
                let report = try verifying.verifyIntegrity()
                precondition(report.isIntact)
            }
        }
        Measure.report(
            "verify every chain in full", "the default demo, \(events) events, every signed head; median of 3",
            Measure.ms(Measure.median(fulls)))
        _ = try verifying.verifyIncrementally()
        let admin = try verifying.actor(for: "admin")
        let vehicle = try verifying.fleet()[0]
        var increments: [Double] = []
        for run in 0..<5 {
            try verifying.execute(
                batch: (0..<1_000).map { i in
                    RailFleetStore.BatchItem(
                        .recordOdometer(
                            vehicleID: vehicle.vehicleID, km: vehicle.odometerKm + run * 1_000 + i + 1, source: "bench"),
                        by: admin)
                })
            increments.append(
                try Measure.seconds {
                    let report = try verifying.verifyIncrementally()
                    precondition(report.incremental && report.isIntact && report.eventsChecked == 1_000)
                })
        }
        Measure.report(
            "verify incrementally after 1,000 new events",
            "the default demo plus 1,000 odometer readings in one commit: the chains from the signed mark of the last verification, the mark moved on; median of 5",
            Measure.ms(Measure.median(increments)))
    }
    if wanted("demo") || wanted("timeline") {
        try screenBenchmarks(path: path, store: store, label: "default demo", endDay: endDay)
        // The same on the 2,000-vehicle, 10-year demo, when RAILFLEET_BENCH_BIG names it.
        if let big = ProcessInfo.processInfo.environment["RAILFLEET_BENCH_BIG"] {
            try screenBenchmarks(
                path: big, store: try RailFleetStore(path: big), label: "big demo", endDay: endDay, runs: 1)
        }
    }
}

if wanted("tui") {
    func makeRow(_ i: Int) -> FleetRow {
        let status: VehicleStatus = i % 17 == 0 ? .outOfService : .inService
        let urgency: ExamDue.Urgency = i % 5 == 0 ? .due : .ok
        let day = Day(parsing: "2026-12-01") ?? Day(0)
        let exam = FleetRow.NextExam(level: "A", dueKm: 1, dueDate: day, expectedDate: day, urgency: urgency)
        return FleetRow(
            vehicleID: "V-\(i)", fleetNumber: String(format: "%05d", i), evn: "918061860014", vehicleClass: "Class 186",
            kind: .locomotive,
            keeper: "Keeper", depot: i % 2 == 0 ? "Koeln" : "Mannheim", status: status, statusReason: nil,
            odometerKm: i * 1000, tags: ["ertms"],
            nextExam: exam, openWorkOrders: i % 3, openDefects: i % 7 == 0 ? 1 : 0)
    }
    let rows = (0..<10_000).map(makeRow)
    var state = AppState()
    _ = Update.apply(
        .dataLoaded(ScreenData(fleet: rows, workOrders: [], parts: [])), to: &state, page: Render.page(height: 48))
    let frames = (0..<200).map { _ in Measure.seconds { _ = Render.screen(state, width: 160, height: 48) } }
    Measure.report(
        "tui: one frame of the fleet pane", "10,000 vehicles, 160×48 cells, into the cell buffer; median of 200",
        Measure.ms(Measure.median(frames)))
    let keys = (0..<200).map { i in
        Measure.seconds {
            _ = Update.apply(
                .keyPressed(i % 2 == 0 ? .character("j") : .pageDown), to: &state, page: Render.page(height: 48))
            _ = Render.screen(state, width: 160, height: 48)
        }
    }
    Measure.report(
        "tui: keypress to redrawn buffer",
        "j and PgDn on the 10,000-vehicle fleet: update and render, not the terminal's own drawing; median of 200",
        Measure.ms(Measure.median(keys)))
    let filters = (0..<20).map { _ in
        Measure.seconds {
            state.fleet.filter = "koeln"
            state.fleet.applyFilter { "\($0.fleetNumber) \($0.depot ?? "")" }
        }
    }
    Measure.report(
        "tui: filter the fleet", "'koeln' over 10,000 vehicles; median of 20", Measure.ms(Measure.median(filters)))
}
