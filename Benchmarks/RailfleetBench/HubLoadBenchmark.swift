import AsyncHTTPClient
import Domain
import Foundation
import NIOCore
import NIOHTTP1
import Storage
import SyncClient
import TestSupport

/// The hub under load: `API_CLIENTS` concurrent API clients (each with its own token) asking
/// for failure predictions and KPI tables, while `DEVICES` devices push readings and pull,
/// and one device times its pulls of 1,000 operations another just pushed; for `LOAD_SECONDS`.
/// Runs the real `railfleet hub serve` processes (the release binary beside this one) on the
/// replica file alone (`sqlite`), or on a throwaway PostgreSQL with one hub (`postgres`) or
/// several (`postgres:2`): `STORES` lists the configurations. `THINK_MS` lists the loads: 0
/// is a closed loop (each client asks again as soon as answered: the hub's capacity), N has
/// each client and device wait 0–2N ms (N on average) between requests, as people and
/// terminals do. The workload is bounded in time and count, and on loopback only.
@MainActor func hubLoadBenchmark() throws {
    let environment = ProcessInfo.processInfo.environment
    func number(_ name: String, _ fallback: Int) -> Int { environment[name].flatMap { Int($0) } ?? fallback }
    let clients = number("API_CLIENTS", 1_000)
    let devices = number("DEVICES", 100)
    let seconds = number("LOAD_SECONDS", 30)
    let stores = (environment["STORES"] ?? "sqlite").split(separator: " ").map(String.init)
    let thinks = (environment["THINK_MS"] ?? "0").split(separator: " ").compactMap { Int($0) }
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("railfleet")

    // The fleet: a demo office with models in production, its hub's replica, the devices.
    let office = scratch.path("load-office.sqlite")
    func cli(_ arguments: [String], user: String = "admin", db: String = office) throws -> String {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments + ["--db", db]
        process.environment = ["RAILFLEET_USER": user, "PATH": "/usr/bin:/bin"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw LoadError("railfleet \(arguments) failed") }
        return text
    }
    let setup = try Measure.seconds {
        _ = try cli(["demo", "--vehicles", "50", "--years", "2", "--seed", "3", "--end", "2026-11-30", "--no-tui"])
        for kind in ["failure", "parts", "anomaly"] {
            let trained = try cli(["ml", "train", "--model", kind, "--json"], user: "piet")
            guard
                let version = (try JSONSerialization.jsonObject(with: Data(trained.utf8)) as? [String: Any])?["version"]
                    as? String
            else { throw LoadError("no version from ml train") }
            _ = try cli(["ml", "promote", kind, version], user: "piet")
        }
    }
    let founder = try RailFleetStore(path: office)
    let vehicles = try founder.fleet().map(\.vehicleID)
    let hubTemplate = try member("load-hub.sqlite", of: founder)
    // The devices' replicas in memory where the machine has a RAM disk: in the field each
    // terminal writes to a disk of its own, and here a hundred replicas' fsyncs would queue on
    // the one disk with the hub's.
    let ramDisk = URL(fileURLWithPath: "/dev/shm")
    let deviceFolder = FileManager.default.isWritableFile(atPath: ramDisk.path) ? Scratch(in: ramDisk) : scratch
    let paths = try (0..<devices).map { i in
        try member("load-device-\(i).sqlite", of: founder, in: deviceFolder).path
    }
    try hubTemplate.merge(try founder.bundle(after: try hubTemplate.versionVector()))
    let tokens = try (0..<clients).map { _ in try hubTemplate.createToken(for: "dana", expiresMs: nil).secret }
    print(
        "set-up: a 50-vehicle, 2-year demo with models in production, \(devices) devices, \(clients) tokens (\(String(format: "%.0f s", setup)))"
    )

    // One throwaway PostgreSQL for every configuration on it, a fresh database each.
    let postgres = try stores.contains { $0.hasPrefix("postgres") } ? PostgresServer() : nil
    defer { postgres?.stop() }
    for think in thinks {
        for entry in stores {
            let parts = entry.split(separator: ":").map(String.init)
            guard parts[0] == "sqlite" || parts[0] == "postgres",
                let hubsRunning = Int(parts.count > 1 ? parts[1] : "1")
            else { throw LoadError("STORES: \(entry) is not sqlite, postgres or postgres:N") }
            let store = try postgres.map { parts[0] == "postgres" ? try $0.database() : "sqlite" } ?? "sqlite"
            // Each configuration starts from copies: the same log, the same devices (devices that
            // went on from the last configuration would first send a fresh hub all they wrote).
            let devicesNow = Scratch(in: deviceFolder.url)
            let devicePaths = try paths.enumerated().map { i, path in
                try copyReplica(path, to: devicesNow.path("device-\(i).sqlite"))
            }
            var hubFiles: [String] = []
            for h in 0..<hubsRunning {
                let copy = try copyReplica(hubTemplate.path, to: scratch.path("hub-\(UUID().uuidString).sqlite"))
                if h == 0, parts[0] == "postgres" {
                    _ = try cli(["hub", "migrate", "--store", store], db: copy)
                }
                hubFiles.append(copy)
            }
            let hubs = try hubFiles.map { file in
                try HubProcess(
                    database: file, binary: binary,
                    options: ["--api-rate", "1000"] + (parts[0] == "sqlite" ? [] : ["--store", store]))
            }
            let label =
                parts[0] == "sqlite"
                ? "SQLite, 1 hub" : "PostgreSQL, \(hubsRunning) hub\(hubsRunning > 1 ? "s" : "")"
            let before = (
                hubs: hubs.map { $0.cpuSeconds() }, generator: generatorCPUSeconds(), idle: idleCPUSeconds(),
                time: Date()
            )
            let result = try runLoad(
                hubs: hubs.map(\.url), tokens: tokens, vehicles: vehicles, devicePaths: devicePaths, seconds: seconds,
                thinkMs: think)
            let memory = hubs.map { String(format: "%.0f MB", $0.peakResidentMB()) }.joined(separator: " + ")
            let inside = try hubSideTimes(hubs)
            // Cores busy on average over the whole run (warm-up included), by whom.
            let elapsed = Date().timeIntervalSince(before.time)
            let cpu =
                zip(hubs, before.hubs).map { String(format: "%.2f", ($0.cpuSeconds() - $1) / elapsed) }.joined(
                    separator: " + ")
                + String(
                    format: " cores, load generator %.2f, idle %.2f",
                    (generatorCPUSeconds() - before.generator) / elapsed,
                    (idleCPUSeconds() - before.idle) / elapsed)
            for hub in hubs { hub.stop() }
            let pace =
                think == 0
                ? "in a closed loop (each asks again once answered)"
                : "each waiting 0–\(2 * think) ms between requests"
            Measure.report(
                "hub under load: \(label), \(think == 0 ? "saturated" : "\(think) ms between requests")",
                "\(clients) API clients (half POST predict/failure, half GET analytics/kpi by class and month) and \(devices) devices writing 3 readings and syncing, \(pace), one of them pushing 1,000 operations every 10 s which another times pulling, for \(seconds) s on loopback",
                result.text + "; \(inside); peak memory per hub \(memory); CPU: hub \(cpu)")
        }
    }
}

/// Copies a replica with its write-ahead log (it may be open in WAL mode) and its key.
///
/// - Returns: the copy's path.
func copyReplica(_ source: String, to target: String) throws -> String {
    for suffix in ["", "-wal", ".key"] where FileManager.default.fileExists(atPath: source + suffix) {
        try FileManager.default.copyItem(atPath: source + suffix, toPath: target + suffix)
    }
    return target
}

/// How long the hubs themselves took, from their `/metrics` (request received to answer made,
/// waits for their actors included): beside the clients' figures, what the generator's own
/// work on the same cores added.
func hubSideTimes(_ hubs: [HubProcess]) throws -> String {
    var sums: [String: (seconds: Double, count: Double)] = [:]
    for hub in hubs {
        let samples = PrometheusText.samples(try hub.get("/metrics"))
        for (label, name, labels) in [
            ("push", "railfleet_hub_batch_seconds", "{direction=\"push\"}"),
            ("pull", "railfleet_hub_batch_seconds", "{direction=\"pull\"}"),
            ("predict", "railfleet_hub_api_seconds", "{route=\"/api/v1/ml/predict/failure\"}"),
        ] {
            sums[label, default: (0, 0)].seconds += samples["\(name)_sum\(labels)"] ?? 0
            sums[label, default: (0, 0)].count += samples["\(name)_count\(labels)"] ?? 0
        }
    }
    return "at the hub: "
        + sums.sorted { $0.key < $1.key }.map {
            "\($0.key) mean \(Measure.ms($0.value.count > 0 ? $0.value.seconds / $0.value.count : 0))"
        }.joined(separator: ", ")
}

/// The CPU time this process (the load generator) has used, in seconds.
func generatorCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// The machine's idle CPU time so far, in seconds of one core (`/proc/stat`).
func idleCPUSeconds() -> Double {
    let stat = (try? String(contentsOfFile: "/proc/stat", encoding: .utf8)) ?? ""
    let fields = stat.split(separator: "\n").first?.split(separator: " ").dropFirst().compactMap { Double($0) } ?? []
    return fields.count > 4 ? (fields[3] + fields[4]) / Double(sysconf(Int32(_SC_CLK_TCK))) : 0
}

struct LoadError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Latencies and failures collected from many threads.
final class LoadLog: @unchecked Sendable {
    private let lock = NSLock()
    private var latencies: [String: [Double]] = [:]
    private var failures: [String: Int] = [:]
    private var firstFailure: [String: String] = [:]

    func record(_ kind: String, _ seconds: Double, failed: String? = nil) {
        lock.withLock {
            if let failed {
                failures[kind, default: 0] += 1
                if firstFailure[kind] == nil { firstFailure[kind] = failed }
            } else {
                latencies[kind, default: []].append(seconds)
            }
        }
    }

    func summary(seconds: Int) -> String {
        lock.withLock {
            Set(latencies.keys).union(failures.keys).sorted().map { kind in
                let values = latencies[kind] ?? []
                guard !values.isEmpty else { return "\(kind): \(failures[kind] ?? 0) errors, no answer" }
                return String(
                    format: "%@ p50 %@ p99 %@ (%d in all, %.0f/s, %d errors)", kind,
                    Measure.ms(Measure.median(values)), Measure.ms(Measure.percentile(values, 0.99)), values.count,
                    Double(values.count) / Double(seconds), failures[kind] ?? 0)
            }.joined(separator: "; ")
                + firstFailure.sorted { $0.key < $1.key }.map { "; first \($0.key) error: \($0.value.prefix(160))" }
                .joined()
        }
    }
}

struct LoadResult {
    var text: String
}

/// When the first load began: readings rise from it through every configuration, above the
/// demo's, so that a vehicle's readings never go back.
let loadEpochMs = RailFleetStore.systemMs()

/// The load itself: API clients on an async HTTP client, devices on threads of their own
/// (the sync client blocks).
func runLoad(
    hubs: [String], tokens: [String], vehicles: [String], devicePaths: [String], seconds: Int, thinkMs: Int
) throws -> LoadResult {
    /// A wait of 0–2×`thinkMs` (µs): what a person or a terminal does between two requests.
    @Sendable func pause() -> UInt32 { thinkMs == 0 ? 0 : UInt32.random(in: 0...UInt32(2_000 * thinkMs)) }
    let log = LoadLog()
    let deadline = Date().addingTimeInterval(Double(seconds))
    var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(10), read: .seconds(60)))
    configuration.connectionPool = .init(
        // Shorter than the hub's 30 s idle timeout: a connection the hub is closing is not reused.
        idleTimeout: .seconds(20), concurrentHTTP1ConnectionsPerHostSoftLimit: tokens.count)
    let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    defer { try? http.syncShutdown() }
    let apiDone = DispatchSemaphore(value: 0)
    let client = http
    // Each hub answers one of each first: the load measures a warm hub; the cold start (its
    // first snapshot and models) is printed apart.
    let warmUp = DispatchSemaphore(value: 0)
    let cold = LoadLog()
    Task.detached {
        for hub in hubs {
            for path in ["/api/v1/ml/predict/failure", "/api/v1/analytics/kpi?by=class&period=month&from=2026-01-01"] {
                var request = HTTPClientRequest(url: hub + path)
                request.headers.add(name: "Authorization", value: "Bearer \(tokens[0])")
                if path.contains("predict") {
                    request.method = .POST
                    request.body = .bytes(ByteBuffer(string: #"{"vehicle": "\#(vehicles[0])"}"#))
                }
                let started = DispatchTime.now().uptimeNanoseconds
                _ = try? await client.execute(request, timeout: .seconds(120)).body.collect(upTo: 16 << 20)
                cold.record(
                    "cold " + (path.contains("predict") ? "predict" : "kpi"),
                    Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
            }
        }
        warmUp.signal()
    }
    warmUp.wait()
    Task.detached {
        await withTaskGroup(of: Void.self) { group in
            for (i, token) in tokens.enumerated() {
                group.addTask {
                    var n = i
                    while Date() < deadline {
                        try? await Task.sleep(for: .microseconds(pause()))
                        n += 1
                        let hub = hubs[n % hubs.count]
                        let predict = n % 2 == 0
                        var request = HTTPClientRequest(
                            url: predict
                                ? hub + "/api/v1/ml/predict/failure"
                                : hub + "/api/v1/analytics/kpi?by=class&period=month&from=2026-01-01")
                        request.headers.add(name: "Authorization", value: "Bearer \(token)")
                        if predict {
                            request.method = .POST
                            request.body = .bytes(
                                ByteBuffer(string: #"{"vehicle": "\#(vehicles[n % vehicles.count])"}"#))
                        }
                        let kind = predict ? "predict" : "kpi"
                        let started = DispatchTime.now().uptimeNanoseconds
                        do {
                            let response = try await client.execute(request, timeout: .seconds(60))
                            _ = try await response.body.collect(upTo: 16 << 20)
                            let took = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                            log.record(
                                kind, took, failed: response.status.code == 200 ? nil : "\(response.status.code)")
                        } catch {
                            log.record(kind, 0, failed: "\(error)")
                        }
                    }
                }
            }
        }
        apiDone.signal()
    }
    // Devices: each writes 3 readings (a booking's few events) and syncs, again and again;
    // device 0 writes 1,000 every 10 s and device 1 times pulling them. Every device merges
    // what all the others wrote, as terminals do: on this one machine that is the generator's
    // dearest work (each event merged by 99 replicas), which in the field 99 machines share.
    let devicesDone = DispatchGroup()
    for (i, path) in devicePaths.enumerated() {
        devicesDone.enter()
        Thread.detachNewThread {
            defer { devicesDone.leave() }
            // The background devices' own work (each merges what the other 99 write) stands for
            // work their own machines do in the field: here it yields the shared cores to the
            // hub, the API clients and the two devices whose figures are read (on Linux a
            // thread's nice value is its own).
            if i > 1 { setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10) }
            do {
                let store = try RailFleetStore(path: path)
                let admin = try store.actor(for: "admin")
                var round = 0
                while Date() < deadline {
                    usleep(pause())
                    round += 1
                    let hub = hubs[(i + round) % hubs.count]
                    let client = try HubClient(store: store, hub: hub)
                    if i == 1 {
                        let started = DispatchTime.now().uptimeNanoseconds
                        let outcome = try client.pull()
                        if outcome.pulled >= 1_000 {
                            log.record("pull 1,000 ops", Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
                            log.record("of which waiting for the hub", outcome.secondsWaiting)
                        }
                        usleep(200_000)
                        continue
                    }
                    let count = i == 0 ? 1_000 : 3
                    // Readings that rise with the wall clock, whoever writes them: a vehicle's
                    // readings from two devices never go back. The 1,000-reading writer (two
                    // seconds apart) has a vehicle of its own.
                    let base = 10_000_000 + Int(RailFleetStore.systemMs() - loadEpochMs) * 10
                    do {
                        try store.execute(
                            batch: (0..<count).map { k in
                                RailFleetStore.BatchItem(
                                    .recordOdometer(
                                        vehicleID: i == 0 ? vehicles[0] : vehicles[1 + i % (vehicles.count - 1)],
                                        km: base + k, source: "load",
                                        forcedBecause: "load test"),
                                    by: admin)
                            })
                    } catch {
                        log.record("device write", 0, failed: "\(error)")
                        continue
                    }
                    let started = DispatchTime.now().uptimeNanoseconds
                    do {
                        _ = try client.sync()
                        log.record("device sync", Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
                    } catch {
                        log.record("device sync", 0, failed: "\(error)")
                    }
                    if i == 0 { sleep(10) }
                }
            } catch {
                log.record("device", 0, failed: "\(error)")
            }
        }
    }
    apiDone.wait()
    devicesDone.wait()
    return LoadResult(
        text: log.summary(seconds: seconds) + "; first answers of a cold hub: " + cold.summary(seconds: 1))
}
