/// One vehicle as a composite CRDT.
///
/// | field | CRDT |
/// | --- | --- |
/// | fleet number, EVN, class, kind, keeper, depot, commissioning date | LWW register |
/// | odometer | the largest of the readings still standing: a grow-only map of readings by event, less a grow-only set of withdrawn ones |
/// | status | multi-value register, read safe side first |
/// | tags | observed-remove set |
/// | last exam per level | max register (by day, then km) |
public struct VehicleState: AggregateBody {
    public static let kind = AggregateKind.vehicle

    public struct ExamMark: Codable, Sendable, Hashable, Comparable {
        public var day: Int
        public var km: Int
        public static func < (a: Self, b: Self) -> Bool { (a.day, a.km) < (b.day, b.km) }
    }

    public struct Reading: Codable, Sendable, Hashable {
        public var km: Int
        public var source: String
        public var atMs: Int64
    }

    public private(set) var isRegistered = false
    public private(set) var fleetNumber = LWWRegister<String>()
    public private(set) var evn = LWWRegister<String>()
    public private(set) var vehicleClass = LWWRegister<String>()
    public private(set) var kind = LWWRegister<VehicleKind>()
    public private(set) var keeper = LWWRegister<String>()
    public private(set) var depot = LWWRegister<String>()
    public private(set) var commissionedOn = LWWRegister<Int>()
    /// Every odometer reading (registration, readings, exams, corrections) by the event that
    /// made it, and the ones a correction withdrew. Both only grow, so any order of arrival
    /// gives the same odometer.
    public private(set) var readings: [EventID: Int] = [:]
    public private(set) var withdrawnReadings: Set<EventID> = []
    /// The largest reading still standing, kept current as events arrive.
    public private(set) var odometerKm = 0
    /// Where the exam clock starts for a vehicle with no exam on record: its registration.
    public private(set) var baseline = LWWRegister<ExamMark>()
    public private(set) var lastReading = LWWRegister<Reading>()
    public private(set) var status = MultiValueRegister<VehicleStatus>()
    public private(set) var statusReason = LWWRegister<String>()
    public private(set) var tags = ORSet<String>()
    public private(set) var exams: [String: MaxRegister<ExamMark>] = [:]
    public private(set) var resolutions: [String: LWWRegister<String>] = [:]

    public init() {}

    public mutating func merge(_ e: RecordedEvent) {
        let t = e.timestamp
        switch e.event {
        case .vehicleRegistered(let r):
            isRegistered = true
            fleetNumber.assign(r.fleetNumber, at: t)
            evn.assign(r.evn, at: t)
            vehicleClass.assign(r.vehicleClass, at: t)
            kind.assign(r.kind, at: t)
            if let k = r.keeper { keeper.assign(k, at: t) }
            if let d = r.depot { depot.assign(d, at: t) }
            if let c = r.commissionedOn { commissionedOn.assign(c, at: t) }
            addReading(r.odometerKm, e.id)
            baseline.assign(ExamMark(day: UTC.day(ofMs: t.physicalMs), km: r.odometerKm), at: t)
        case .vehicleDetailsChanged(let c):
            if let d = c.depot { depot.assign(d, at: t) }
            if let k = c.keeper { keeper.assign(k, at: t) }
        case .odometerRecorded(let o):
            addReading(o.km, e.id)
            lastReading.assign(Reading(km: o.km, source: o.source, atMs: t.physicalMs), at: t)
        case .odometerCorrected(let c):
            withdrawnReadings.formUnion(c.withdrawn)
            addReading(c.km, e.id)
            odometerKm = readings.filter { !withdrawnReadings.contains($0.key) }.values.max() ?? 0
            lastReading.assign(Reading(km: c.km, source: "correction", atMs: t.physicalMs), at: t)
        case .vehicleStatusChanged(let s):
            status.write(s.status, tag: e.id, supersedes: s.supersedes)
            statusReason.assign(s.reason ?? "", at: t)
        case .vehicleTagged(let tag):
            tags.insert(tag.tag, tag: e.id)
        case .vehicleUntagged(let u):
            tags.remove(tags: u.observed)
        case .examRecorded(let x):
            exams[x.level, default: MaxRegister()].offer(ExamMark(day: x.day, km: x.km))
            addReading(x.km, e.id)
        case .conflictResolved(let r):
            resolutions[r.notice, default: LWWRegister()].assign(r.resolution, at: t)
        default:
            break
        }
    }

    public mutating func forgetStable(where isStable: (EventID) -> Bool) -> Int {
        // A withdrawn reading counts for nothing: it goes with its withdrawal.
        let gone = withdrawnReadings.filter(isStable)
        withdrawnReadings.subtract(gone)
        for id in gone { readings[id] = nil }
        return gone.count + status.forgetSuperseded(where: isStable) + tags.forgetTombstones(where: isStable)
    }

    /// The same vehicle holding, of its standing readings, only the one that is its odometer,
    /// so that a checkpoint's vehicle does not grow with its history. Any later event but a
    /// correction gives the same odometer as the whole table would; a correction needs the
    /// whole table back (it can leave standing a reading that was not the largest).
    public func trimmedForCheckpoint() -> VehicleState {
        var trimmed = self
        // Of equal readings the lowest event id, so that trimming is the same on every replica.
        let standing = readings.filter { !withdrawnReadings.contains($0.key) }
        trimmed.readings = standing.min { ($1.value, $0.key) < ($0.value, $1.key) }.map { [$0.key: $0.value] } ?? [:]
        return trimmed
    }

    public static func needsWholeState(_ event: DomainEvent) -> Bool {
        if case .odometerCorrected = event { true } else { false }
    }

    /// The status to act on: of concurrent changes, the most restrictive.
    public var currentStatus: VehicleStatus {
        status.values.values.max { $0.restrictiveness < $1.restrictiveness } ?? .inService
    }

    private mutating func addReading(_ km: Int, _ id: EventID) {
        readings[id] = km
        if !withdrawnReadings.contains(id) { odometerKm = max(odometerKm, km) }
    }

    /// The standing readings above a value: what a correction to it withdraws.
    public func readings(above km: Int) -> [EventID] {
        readings.filter { $0.value > km && !withdrawnReadings.contains($0.key) }.map(\.key).sorted()
    }

    public func notices(_ ref: AggregateRef) -> [ConflictNotice] {
        guard status.isConflicted else { return [] }
        let seen = Set(status.values.values).map(\.rawValue).sorted().joined(separator: " and ")
        let key = "status:" + status.currentTags.map(\.description).joined(separator: ",")
        guard resolutions[key]?.value == nil else { return [] }
        return [
            ConflictNotice(
                key: key, aggregate: ref,
                message:
                    "status set concurrently to \(seen), on \(PartState.terminals(status.currentTags.map(\.device))); showing the most restrictive, \(currentStatus.rawValue); acknowledging keeps it, a new status change replaces both",
                resolutions: ["acknowledge"])
        ]
    }
}
