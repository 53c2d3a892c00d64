import Domain
import Foundation
import Storage

/// What to generate.
public struct DemoOptions: Sendable {
    public var vehicles = 200
    public var years = 3
    public var seed: UInt64 = 1
    /// The last simulated day (days since 1970); the history runs `years` up to it.
    public var endDay: Int
    public init(vehicles: Int = 200, years: Int = 3, seed: UInt64 = 1, endDay: Int) {
        self.vehicles = vehicles
        self.years = years
        self.seed = seed
        self.endDay = endDay
    }
}

public struct DemoSummary: Sendable, Codable {
    public var vehicles: Int
    public var days: Int
    public var events: Int
    public var workOrders: Int
    public var failures: Int
    public var seconds: Double
    /// Where the time went: both terminals' commands, their evening exchanges (bundles and
    /// merges), and the office's read models built at the end.
    public var phases: DemoPhases
}

/// Seconds spent in each phase of a demo's generation, wall clock.
public struct DemoPhases: Sendable, Codable {
    public var commands = 0.0
    public var exchange = 0.0
    public var readModels = 0.0
}

/// Generates a demo fleet with a real event history, through the same command path as a
/// person's commands: every event is decided by `CommandHandler` and appended by the store.
///
/// Failures are drawn with a probability that rises with km since the last exam, with age,
/// with season and by class, so that predictive models have something true to learn.
public enum DemoGenerator {
    public static let officeName = "office-desk"
    public static let workshopName = "workshop-terminal"

    /// - Parameters:
    ///   - path: the database to write (it must not exist).
    ///   - options: size, seed and last day.
    ///   - progress: told each simulated day (days done, days in all, events so far).
    /// - Returns: what was generated.
    /// - Throws: `StorageError` when the options are out of range or the database cannot be written.
    public static func generate(
        at path: String, options: DemoOptions, progress: ((Int, Int, Int) -> Void)? = nil
    ) throws -> DemoSummary {
        guard options.vehicles > 0, options.vehicles <= 100_000 else {
            throw StorageError(DomainError.invalid("--vehicles must be 1–100000"))
        }
        guard options.years > 0, options.years <= 30 else {
            throw StorageError(DomainError.invalid("--years must be 1–30"))
        }
        let started = Date()
        let startDay = options.endDay - options.years * 365
        var rng = SeededGenerator(seed: options.seed)
        let firstMorning = Int64(startDay) * 86_400_000 + 6 * 3_600_000
        let office = try RailFleetStore.create(
            at: path, deviceName: officeName, deviceID: DeviceID(String(format: "%08llx", rng.next() & 0xFFFF_FFFF)),
            admin: "admin",
            wallClockMs: { firstMorning })
        try office.markAsDemo()
        // The workshop terminal is a replica of its own, in a scratch folder; only its events
        // (signed with its key) live on in the demo database.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "railfleet-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        // It joins the office's fleet as any terminal does: the admin enrols its request, and
        // the first exchange carries the enrolment (and the fleet's users) to it.
        let workshop = try RailFleetStore.create(
            at: scratch.appendingPathComponent("workshop.sqlite").path, deviceName: workshopName,
            deviceID: DeviceID(String(format: "%08llx", rng.next() & 0xFFFF_FFFF)),
            beginning: .joining(fleet: office.identity?.fleet), wallClockMs: { firstMorning })
        // Nobody reads the scratch terminal's tables: it keeps only its log and aggregates.
        workshop.maintainsReadModels = false
        workshop.maintainsAnalyticsFacts = false
        try office.enrol(try workshop.enrolmentRequest(), as: "admin")
        try workshop.merge(try office.bundle(after: try workshop.versionVector()), at: firstMorning)
        try office.setBulkLoading(true)
        try workshop.setBulkLoading(true)
        // The office's read models are built once at the end rather than at each of its
        // thousands of commits: nothing in the simulation reads them.
        office.maintainsReadModels = false
        office.maintainsAnalyticsFacts = false
        let simulation = try Simulation(
            office: office, workshop: workshop, options: options, startDay: startDay, rng: rng)
        try simulation.run(progress: progress)
        office.maintainsReadModels = true
        office.maintainsAnalyticsFacts = true
        var phases = simulation.phases
        phases.readModels = try Stopwatch.seconds { try office.rebuildProjections() }
        try office.setBulkLoading(false)
        let store = office
        return DemoSummary(
            vehicles: options.vehicles, days: options.endDay - startDay + 1, events: try store.eventCount,
            workOrders: simulation.workOrdersOpened, failures: simulation.failures,
            seconds: Date().timeIntervalSince(started), phases: phases)
    }
}
