import DemoFleet
import Domain
import Foundation
import Hub
import Storage
import SyncClient

/// A terminal joined to `founder`'s fleet: its request enrolled by the founder's admin, the
/// founder's events merged.
@MainActor func member(_ name: String, of founder: RailFleetStore, admin: String = "admin", in folder: Scratch? = nil)
    throws -> RailFleetStore
{
    let store = try RailFleetStore.create(
        at: (folder ?? scratch).path(name), deviceName: name, beginning: .joining(fleet: founder.identity?.fleet))
    try founder.enrol(try store.enrolmentRequest(), as: admin)
    try store.merge(try founder.bundle(after: try store.versionVector()))
    return store
}

/// A hub serving the replica at `path` on a loopback port, in this process, over real HTTP.
final class RunningHub: @unchecked Sendable {
    private(set) var url = ""
    private let ready = DispatchSemaphore(value: 0)

    init(path: String) {
        let settings = HubServer.Settings(database: path, host: "127.0.0.1", port: 0)
        Task.detached {
            do {
                try await HubServer.run(settings) { port in
                    self.url = "http://127.0.0.1:\(port)"
                    self.ready.signal()
                }
            } catch {
                print("hub failed: \(error)")
                self.ready.signal()
            }
        }
        ready.wait()
    }
}

/// Writes `count` odometer readings on `store` in commits of `perCommit`.
func writeReadings(_ store: RailFleetStore, vehicles: [String], count: Int, perCommit: Int, base: Int) throws {
    let admin = try store.actor(for: "admin")
    for start in stride(from: 0, to: count, by: perCommit) {
        try store.execute(
            batch: (start..<min(count, start + perCommit)).map { i in
                RailFleetStore.BatchItem(
                    .recordOdometer(
                        vehicleID: vehicles[i % vehicles.count], km: base + i / vehicles.count, source: "t"),
                    by: admin)
            })
    }
}

@MainActor func syncBenchmarks() throws {
    if wanted("hub-ops") {
        // 1,000 operations of one terminal reaching another through the hub, over 100,000 shared.
        let office = try makeStore("ops-office.sqlite")
        let vehicles = try registerVehicles(office, count: 100)
        let hubPath = try member("ops-hub.sqlite", of: office).path
        let bench = try member("ops-bench.sqlite", of: office)
        try writeReadings(office, vehicles: vehicles, count: 100_000, perCommit: 1_000, base: 1_000)
        let hub = RunningHub(path: hubPath)
        let officeClient = try HubClient(store: office, hub: hub.url)
        let benchClient = try HubClient(store: bench, hub: hub.url)
        _ = try officeClient.sync()
        _ = try benchClient.sync()
        var times: [Double] = []
        var bytes = 0
        for run in 0..<5 {
            try writeReadings(office, vehicles: vehicles, count: 1_000, perCommit: 50, base: 2_000 + run * 10)
            times.append(
                try Measure.seconds {
                    let pushed = try officeClient.push()
                    let pulled = try benchClient.pull()
                    bytes = pushed.bytesSent
                    precondition(pulled.pulled == 1_000, "the bench took \(pulled.pulled) events")
                })
        }
        Measure.report(
            "1,000 ops reach another terminal via hub",
            "one terminal's 1,000 odometer readings (20 commits) pushed to the hub and pulled by another, over a shared history of 100,000 events, real HTTP on loopback, fsync on; median of 5",
            String(
                format: "%@ (%d bytes pushed, %.1f B/event)", Measure.ms(Measure.median(times)), bytes,
                Double(bytes) / 1_000))
    }

    if wanted("hub-join") {
        // A new terminal joining the default demo fleet through the hub.
        let endDay = UTC.parseDay("2026-11-29") ?? 0
        let officePath: String
        if let reuse = ProcessInfo.processInfo.environment["RAILFLEET_BENCH_DEMO"] {
            let copy = scratch.path("join-office.sqlite")
            try FileManager.default.copyItem(atPath: reuse, toPath: copy)
            try FileManager.default.copyItem(atPath: reuse + ".key", toPath: copy + ".key")
            officePath = copy
        } else {
            officePath = scratch.path("join-office.sqlite")
            _ = try DemoGenerator.generate(at: officePath, options: DemoOptions(endDay: endDay))
        }
        let office = try RailFleetStore(path: officePath)
        let events = try office.eventCount
        // The hub starts from the fleet's founding commit and takes the rest as pushes.
        let hubStore = try RailFleetStore.create(
            at: scratch.path("join-hub.sqlite"), deviceName: "hub", beginning: .joining(fleet: office.identity?.fleet))
        try office.enrol(try hubStore.enrolmentRequest(), as: "admin")
        try hubStore.merge(try office.bundle(after: VersionVector(), limit: 1).bundle)
        let hub = RunningHub(path: hubStore.path)
        let officeClient = try HubClient(store: office, hub: hub.url)
        let push = try Measure.seconds { _ = try officeClient.sync() }
        var times: [Double] = []
        var received = 0
        var bytes = 0
        for run in 0..<3 {
            let newcomer = try RailFleetStore.create(
                at: scratch.path("join-new-\(run).sqlite"), deviceName: "new-\(run)",
                beginning: .joining(fleet: office.identity?.fleet))
            try office.enrol(try newcomer.enrolmentRequest(), as: "admin")
            _ = try officeClient.push()
            let client = try HubClient(store: newcomer, hub: hub.url)
            times.append(
                try Measure.seconds {
                    let outcome = try client.pull()
                    received = outcome.pulled
                    bytes = outcome.bytesReceived
                })
        }
        Measure.report(
            "a new terminal joins the demo fleet via hub",
            "the default demo (\(events) events) pulled from the hub by a newly enrolled terminal in batches of \(HubWire.batchEvents), projections included; median of 3 (the office's first push of it all to the hub, in the same batches: \(String(format: "%.1f s", push)))",
            String(
                format: "%.1f s (%d events, %.1f MB on the wire, %.1f B/event compressed)", Measure.median(times),
                received,
                Double(bytes) / 1e6, Double(bytes) / Double(max(received, 1))))
    }

    if wanted("hub-clients") {
        // Pushes per second from 50 terminals pushing at once.
        let clients = 50
        let office = try makeStore("clients-office.sqlite")
        let vehicles = try registerVehicles(office, count: 50)
        let hubPath = try member("clients-hub.sqlite", of: office).path
        var terminals: [RailFleetStore] = []
        for i in 0..<clients { terminals.append(try member("clients-\(i).sqlite", of: office)) }
        let hub = RunningHub(path: hubPath)
        _ = try HubClient(store: office, hub: hub.url).sync()
        let rounds = 10
        for (i, t) in terminals.enumerated() {
            try writeReadings(t, vehicles: [vehicles[i]], count: rounds * 10, perCommit: 10, base: 100)
        }
        let paths = terminals.map(\.path)
        terminals = []
        let url = hub.url
        let failures = Counter()
        let elapsed = Measure.seconds {
            DispatchQueue.concurrentPerform(iterations: clients) { i in
                do {
                    let store = try RailFleetStore(path: paths[i])
                    let client = try HubClient(store: store, hub: url)
                    client.batchEvents = 10
                    _ = try client.push()
                } catch {
                    failures.add("\(error)")
                }
            }
        }
        let pushes = clients * rounds
        Measure.report(
            "hub pushes with 50 concurrent clients",
            "50 terminals push 10 batches of 10 odometer readings each at once (\(pushes) pushes, each signed, verified, merged and fsynced by the hub), real HTTP on loopback\(failures.text)",
            String(format: "%.0f pushes/s (%.1f s for %d)", Double(pushes) / elapsed, elapsed, pushes))
    }

    if wanted("hub-fleet") {
        // Devices with offline operations converging through one hub from cold.
        let environment = ProcessInfo.processInfo.environment
        let devices = environment["RAILFLEET_BENCH_DEVICES"].flatMap { Int($0) } ?? 100
        let ops = environment["RAILFLEET_BENCH_OPS"].flatMap { Int($0) } ?? 1_000
        let office = try makeStore("fleet-office.sqlite")
        let vehicles = try registerVehicles(office, count: devices)
        let hubPath = try member("fleet-hub.sqlite", of: office).path
        let paths = try (0..<devices).map { i in
            let t = try member("fleet-\(i).sqlite", of: office)
            try writeReadings(t, vehicles: [vehicles[i]], count: ops, perCommit: 50, base: 100)
            return t.path
        }
        let hub = RunningHub(path: hubPath)
        _ = try HubClient(store: office, hub: hub.url).sync()
        let url = hub.url
        let before = Measure.residentMB()
        let failures = Counter()
        let elapsed = Measure.seconds {
            // Everyone pushes, then everyone pulls everything, two at a time (2 cores).
            for phase in 0..<2 {
                DispatchQueue.concurrentPerform(iterations: devices) { i in
                    do {
                        let client = try HubClient(store: try RailFleetStore(path: paths[i]), hub: url)
                        _ = phase == 0 ? try client.push() : try client.pull()
                    } catch {
                        failures.add("\(error)")
                    }
                }
            }
        }
        let check = try RailFleetStore(path: paths[devices - 1]).eventCount
        Measure.report(
            "\(devices) devices × \(ops) offline ops converge via hub",
            "from cold: each terminal pushes its \(ops) readings, then pulls all the others' (\(devices * ops) events in all; the last holds \(check)); real HTTP, fsync on, projections included\(failures.text)",
            String(
                format: "%.1f s, resident memory of the process %.0f MB (%.0f MB before)", elapsed,
                Measure.residentMB(), before))
    }
}

/// Collects failures from concurrent work.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    func add(_ message: String) { lock.withLock { messages.append(message) } }
    var text: String {
        lock.withLock { messages.isEmpty ? "" : "; \(messages.count) failed, first: \(messages[0])" }
    }
}
