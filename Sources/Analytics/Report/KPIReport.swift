public import Domain

/// One row of a report: a group's figures over one period.
public struct KPIRow: Sendable, Equatable {
    public var group: String
    public var period: ReportPeriod
    public var measures: Measures

    public func value(_ kpi: KPI) -> Double? { kpi.value(measures, days: period.days) }
}

/// The drill-down of one figure: its value, and every contribution behind it.
public struct KPIExplanation: Sendable, Equatable {
    public var kpi: KPI
    public var row: KPIRow
    public var evidence: [Evidence]
}

/// The fleet's figures, by a grouping and over periods, as of a time.
public struct KPIReport: Sendable {
    public let facts: FleetFacts
    public let asOf: Int64

    /// - Parameters:
    ///   - facts: the facts known at `asOf` (the store gives them on the chosen time axis).
    ///   - asOf: no period reaches past it: what follows is not known yet.
    public init(facts: FleetFacts, asOf: Int64) {
        self.facts = facts
        self.asOf = asOf
    }

    /// Where the figures stop: just after the report's time, or after the log's latest fact
    /// if that came earlier. What follows is unknown, not absent: a replica that heard
    /// nothing for a month has not seen a month without failures.
    public var end: Int64 {
        min(asOf == .max ? .max : asOf + 1, facts.latestMs.map { $0 + 1 } ?? .max)
    }

    /// The span a report covers: [from, to) as asked, by default the twelve months up to the
    /// report's end (the first one from its start); nil when it is empty.
    public func span(from: Int64? = nil, to: Int64? = nil) -> ReportPeriod? {
        let to = to ?? end
        let from = from ?? Granularity.month.start(11, before: to - 1)
        return from < to ? ReportPeriod(from: from, to: to) : nil
    }

    /// The last moment the report knows of: its time, or the log's latest fact if earlier.
    /// An exam whose tolerance runs out after it is undecided, not late.
    var known: Int64 { end == .max ? .max : end - 1 }

    /// Periods cut at the report's end; a period that starts after it is dropped.
    public func clipped(_ periods: [ReportPeriod]) -> [ReportPeriod] {
        let end = end
        return periods.compactMap { p in
            let to = min(p.to, end)
            return p.from < to ? ReportPeriod(from: p.from, to: to) : nil
        }
    }

    /// One row per group and period, groups in order of their names, periods in time order.
    public func rows(by grouping: Grouping, periods: [ReportPeriod]) -> [KPIRow] {
        let periods = clipped(periods)
        let groups = GroupMap(facts, grouping, asOf: asOf)
        var sink = SumSink(groups: groups, periods: periods.count)
        KPICalculation(facts: facts, periods: periods, asOf: known).run(&sink)
        var rows: [KPIRow] = []
        for (g, label) in groups.labels.enumerated() {
            for (p, period) in periods.enumerated() {
                rows.append(KPIRow(group: label, period: period, measures: sink.measures(g, p)))
            }
        }
        return rows
    }

    /// The contributions behind one group's figure over one period.
    ///
    /// - Returns: nil when no group of that grouping has that name, or the period starts
    ///   after the report's end.
    public func explain(_ kpi: KPI, group: String, by grouping: Grouping, period: ReportPeriod) -> KPIExplanation? {
        explanations(kpi, by: grouping, periods: [period], only: group)?.first
    }

    /// The contributions behind a figure for every group (or `only` one) and period, in one
    /// pass over the facts: what a report drilled down row by row shows.
    ///
    /// - Returns: one explanation per group and period, in the order of `rows`; nil when
    ///   `only` names no group.
    public func explanations(_ kpi: KPI, by grouping: Grouping, periods: [ReportPeriod], only: String? = nil)
        -> [KPIExplanation]?
    {
        let periods = clipped(periods)
        let groups = GroupMap(facts, grouping, asOf: asOf)
        var wanted: Int?
        if let only {
            guard let g = groups.labels.firstIndex(of: only) else { return nil }
            wanted = g
        }
        var sink = TraceSink(
            sums: SumSink(groups: groups, periods: periods.count), only: wanted, inputs: Set(kpi.inputs))
        KPICalculation(facts: facts, periods: periods, asOf: known).run(&sink)
        var explanations: [KPIExplanation] = []
        for (g, label) in groups.labels.enumerated() where wanted == nil || wanted == g {
            for (p, period) in periods.enumerated() {
                explanations.append(
                    KPIExplanation(
                        kpi: kpi, row: KPIRow(group: label, period: period, measures: sink.sums.measures(g, p)),
                        evidence: (sink.evidence[g * periods.count + p] ?? []).sorted {
                            ($0.ms, $0.subject, $0.text) < ($1.ms, $1.subject, $1.text)
                        }))
            }
        }
        return explanations
    }

    /// The names of a grouping's groups.
    public func groups(_ grouping: Grouping) -> [String] { GroupMap(facts, grouping, asOf: asOf).labels }
}

/// Which group each unit belongs to under one grouping.
struct GroupMap {
    let grouping: Grouping
    let labels: [String]
    private let ofVehicle: [Int?]
    private let ofIndex: [Int]
    private let ofLocation: [String: Int]

    init(_ facts: FleetFacts, _ grouping: Grouping, asOf: Int64) {
        self.grouping = grouping
        let registered = facts.vehicles.map { $0.registeredMs <= asOf }
        func index(_ keys: [String?]) -> ([String], [Int?]) {
            let labels = Set(keys.compactMap { $0 }).sorted()
            let position = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
            return (labels, keys.map { $0.flatMap { position[$0] } })
        }
        var labels: [String] = []
        var ofVehicle: [Int?] = Array(repeating: nil, count: facts.vehicles.count)
        var ofIndex: [Int] = []
        var ofLocation: [String: Int] = [:]
        switch grouping {
        case .fleet:
            labels = ["fleet"]
        case .vehicleClass:
            (labels, ofVehicle) = index(facts.vehicles.enumerated().map { registered[$0] ? $1.vehicleClass : nil })
        case .depot:
            (labels, ofVehicle) = index(facts.vehicles.enumerated().map { registered[$0] ? $1.depot : nil })
            ofLocation = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        case .vehicle:
            (labels, ofVehicle) = index(facts.vehicles.enumerated().map { registered[$0] ? $1.fleetNumber : nil })
        case .workshop:
            let (l, map) = index(facts.workshops.map(\.name))
            labels = l
            ofIndex = map.map { $0 ?? -1 }
        case .part:
            let (l, map) = index(facts.parts.map(\.number))
            labels = l
            ofIndex = map.map { $0 ?? -1 }
        }
        (self.labels, self.ofVehicle, self.ofIndex, self.ofLocation) = (labels, ofVehicle, ofIndex, ofLocation)
    }

    func group(of unit: Unit) -> Int? {
        switch grouping {
        case .fleet: return 0
        case .vehicleClass, .vehicle:
            return unit.vehicle >= 0 ? ofVehicle[unit.vehicle] : nil
        case .depot:
            if unit.vehicle >= 0 { return ofVehicle[unit.vehicle] }
            return unit.location.flatMap { ofLocation[$0] }
        case .workshop: return unit.workshop >= 0 ? ofIndex[unit.workshop] : nil
        case .part: return unit.part >= 0 ? ofIndex[unit.part] : nil
        }
    }
}

/// Sums per group and period.
struct SumSink: MeasureSink {
    let groups: GroupMap
    let periods: Int
    private var sums: [Double]
    private static let width = Measure.allCases.count

    init(groups: GroupMap, periods: Int) {
        self.groups = groups
        self.periods = periods
        sums = Array(repeating: 0, count: groups.labels.count * periods * Self.width)
    }

    var wantsEvidence: Bool { false }

    mutating func add(_ unit: Unit, _ period: Int, _ measure: Measure, _ value: Double) {
        guard let g = groups.group(of: unit) else { return }
        sums[(g * periods + period) * Self.width + measure.rawValue] += value
    }

    func explain(_ unit: Unit, _ period: Int, _ evidence: Evidence) {}

    func measures(_ g: Int, _ p: Int) -> Measures {
        var m = Measures()
        let base = (g * periods + p) * Self.width
        for measure in Measure.allCases { m[measure] = sums[base + measure.rawValue] }
        return m
    }
}

/// Sums, and the evidence a figure reads, per group (or of one group) and period.
struct TraceSink: MeasureSink {
    var sums: SumSink
    let only: Int?
    let inputs: Set<Measure>
    /// By group × periods + period.
    var evidence: [Int: [Evidence]] = [:]

    var wantsEvidence: Bool { true }

    mutating func add(_ unit: Unit, _ period: Int, _ measure: Measure, _ value: Double) {
        sums.add(unit, period, measure, value)
    }

    mutating func explain(_ unit: Unit, _ period: Int, _ e: Evidence) {
        guard let g = sums.groups.group(of: unit), only == nil || only == g,
            e.measures.contains(where: { inputs.contains($0.key) && $0.value != 0 })
        else { return }
        evidence[g * sums.periods + period, default: []].append(e)
    }
}
