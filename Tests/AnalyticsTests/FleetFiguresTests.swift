import Analytics
import DemoFleet
import Domain
import Foundation
import Storage
import Testing

/// The figures of a generated fleet, read from a real replica's facts.
@Suite struct FleetFiguresTests {
    static let demo: (path: String, end: Int64) = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("railfleet-kpi-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("demo.sqlite").path
        let end = UTC.parseDay("2026-06-30")!
        _ = try! DemoGenerator.generate(at: path, options: DemoOptions(vehicles: 16, years: 1, seed: 5, endDay: end))
        return (path, Int64(end) * 86_400_000)
    }()

    static func key(_ f: AnalyticsFact) -> String { "\(f.event) \(f.ms) \(f.logical) \(f.body)" }

    /// The facts kept beside the log are exactly the events' facts, and a rebuild writes them again.
    @Test func theStoredFactsAreTheLogsFacts() throws {
        let store = try RailFleetStore(path: Self.demo.path)
        let fromLog = try store.events().flatMap { AnalyticsFact.of($0.event) }.map(Self.key).sorted()
        #expect(fromLog.count > 2_000)
        #expect(try store.analyticsFacts().map(Self.key).sorted() == fromLog)
        try store.rebuildProjections()
        #expect(try store.analyticsFacts().map(Self.key).sorted() == fromLog)
        let at = Self.demo.end - 90 * 86_400_000
        #expect(
            try store.analyticsFacts(asOf: at).map(Self.key).sorted()
                == store.events().flatMap { AnalyticsFact.of($0.event) }.filter { $0.ms <= at }.map(Self.key).sorted())
    }

    /// A row edited behind RailFleet's back is named, not silently counted.
    @Test func aDamagedFactIsRefusedWithTheWayToRepairIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("railfleet-kpi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("copy.sqlite").path
        try FileManager.default.copyItem(atPath: Self.demo.path, toPath: path)
        // Edited with the sqlite3 shell, as someone behind RailFleet's back would.
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        shell.arguments = [path, "UPDATE analytics_facts SET b = 'flying' WHERE kind = 3"]
        try shell.run()
        shell.waitUntilExit()
        let store = try RailFleetStore(path: path)
        #expect { try store.analyticsFacts() } throws: { "\($0)".contains("projections rebuild") }
        try store.rebuildProjections()
        #expect(try store.analyticsFacts().count > 2_000)
    }

    /// A file without the facts table (dropped behind RailFleet's back, or an archived copy
    /// from before it) has its facts made from the log; a rebuild makes the table again.
    @Test func withoutTheTableTheFactsComeFromTheLog() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("railfleet-kpi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("copy.sqlite").path
        try FileManager.default.copyItem(atPath: Self.demo.path, toPath: path)
        try FileManager.default.copyItem(atPath: Self.demo.path + ".key", toPath: path + ".key")
        let expected = try RailFleetStore(path: path).analyticsFacts().map(Self.key).sorted()
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        shell.arguments = [path, "DROP TABLE analytics_facts"]
        try shell.run()
        shell.waitUntilExit()
        #expect(try RailFleetStore(path: path, access: .readOnly).analyticsFacts().map(Self.key).sorted() == expected)
        let store = try RailFleetStore(path: path)
        try store.rebuildProjections()
        #expect(try store.analyticsFacts().map(Self.key).sorted() == expected)
    }

    /// The fleet's figures are the classes' combined: sums add up and every ratio is the
    /// weighted mean of the classes', over random spans, granularities and times.
    @Test func theFleetIsItsClassesCombined() throws {
        let facts = try RailFleetStore(path: Self.demo.path).analyticsFacts()
        var g = SeededGenerator(seed: 11)
        let stockOnly: Set<Measure> = [.outOfStockDays, .onHandAtEnd, .issued, .partsAtReorder]
        for _ in 0..<6 {
            let at = Self.demo.end - Int64.random(in: 0...200, using: &g) * 86_400_000
            let report = KPIReport(facts: FleetFacts(facts.filter { $0.ms <= at }), asOf: at)
            let from = at - Int64.random(in: 20...300, using: &g) * 86_400_000
            let granularity = Granularity.allCases.filter { $0 != .day }.randomElement(using: &g)!
            let periods = granularity.periods(from: from, to: at)
            let fleet = report.rows(by: .fleet, periods: periods)
            let classes = report.rows(by: .vehicleClass, periods: periods)
            #expect(Set(classes.map(\.group)).count == 4)
            for row in fleet {
                let parts = classes.filter { $0.period == row.period }
                var sum = Measures()
                for p in parts { sum.add(p.measures) }
                for m in Measure.allCases where !stockOnly.contains(m) {
                    #expect(abs(sum[m] - row.measures[m]) <= 1e-6 * max(1, abs(row.measures[m])), "\(m) \(row.period)")
                }
                // The ratios as a manager would combine them by hand.
                let hours = parts.map { $0.value(.vehicleHours)! }
                if let availability = row.value(.availability) {
                    let weighted = zip(parts, hours).reduce(0.0) { $0 + ($1.0.value(.availability) ?? 0) * $1.1 }
                    #expect(abs(weighted / hours.reduce(0, +) - availability) < 1e-9)
                }
                if let mttr = row.value(.mttrHours) {
                    let repairs = parts.map { $0.value(.repairs)! }
                    let weighted = zip(parts, repairs).reduce(0.0) { $0 + ($1.0.value(.mttrHours) ?? 0) * $1.1 }
                    #expect(abs(weighted / repairs.reduce(0, +) - mttr) < 1e-6)
                }
                if let mdbf = row.value(.mdbfKm) {
                    let km = parts.map { $0.value(.kmRun)! }.reduce(0, +)
                    let failures = parts.map { $0.value(.failures)! }.reduce(0, +)
                    #expect(abs(km / failures - mdbf) < 1e-6)
                }
            }
        }
    }

    /// Each vehicle's figures add up to its class's too: the grouping changes nothing else.
    @Test func theVehiclesAddUpToTheirClasses() throws {
        let store = try RailFleetStore(path: Self.demo.path)
        let report = KPIReport(facts: FleetFacts(try store.analyticsFacts()), asOf: Self.demo.end)
        let period = [ReportPeriod(from: Self.demo.end - 180 * 86_400_000, to: Self.demo.end)]
        let vehicles = report.rows(by: .vehicle, periods: period)
        let fleet = try #require(report.rows(by: .fleet, periods: period).first)
        #expect(vehicles.count == 16)
        var sum = Measures()
        for v in vehicles { sum.add(v.measures) }
        #expect(abs(sum[.kmRun] - fleet.measures[.kmRun]) < 1e-6)
        #expect(sum[.failures] == fleet.measures[.failures] && fleet.measures[.failures] > 0)
        #expect(abs(sum[.downTime] - fleet.measures[.downTime]) < 1e-6 && fleet.measures[.downTime] > 0)
        #expect(fleet.value(.examCompliance) != nil && fleet.value(.mttrHours) != nil)
    }
}
