/// One work order as a composite CRDT.
///
/// | field | CRDT |
/// | --- | --- |
/// | number, vehicle, title, type, priority (from opening) | LWW register |
/// | stage | lattice (max of the forward-only lifecycle) |
/// | on hold, workshop, planned day, failure code | LWW register |
/// | cancelled | grow-only flag (a join of booleans) |
/// | technicians, tasks | observed-remove set |
/// | booked minutes, labour and parts cost | sums over distinct events (G-counters) |
public struct WorkOrderState: AggregateBody {
    public static let kind = AggregateKind.workOrder
    static let cancelConflictKey = "cancelled-while-worked"

    public private(set) var opened = LWWRegister<WorkOrderOpened>()
    public private(set) var stage = MaxRegister<WorkOrderStage>()
    public private(set) var onHold = LWWRegister<Bool>()
    public private(set) var holdReason = LWWRegister<String>()
    public private(set) var isCancelRequested = false
    public private(set) var cancelReason = LWWRegister<String>()
    public private(set) var workshopID = LWWRegister<String>()
    public private(set) var plannedDay = LWWRegister<Int>()
    public private(set) var technicians = ORSet<String>()
    public private(set) var tasks = ORSet<String>()
    public private(set) var failureCode = LWWRegister<FailureCode>()
    public private(set) var bookedMinutes: Int = 0
    public private(set) var labourCostMinor: Int64 = 0
    public private(set) var partsCostMinor: Int64 = 0
    public private(set) var partsBooked: [String: Int] = [:]
    /// First time each stage was reached (ms); joined by minimum.
    public private(set) var reachedAtMs: [WorkOrderStage: Int64] = [:]
    public private(set) var resolutions: [String: LWWRegister<String>] = [:]

    public init() {}

    public mutating func forgetStable(where isStable: (EventID) -> Bool) -> Int {
        technicians.forgetTombstones(where: isStable) + tasks.forgetTombstones(where: isStable)
    }

    public mutating func merge(_ e: RecordedEvent) {
        let t = e.timestamp
        switch e.event {
        case .workOrderOpened(let o):
            opened.assign(o, at: t)
            reach(.requested, t)
        case .workOrderAdvanced(let a):
            reach(a.stage, t)
            if let d = a.plannedDay { plannedDay.assign(d, at: t) }
        case .workOrderHoldChanged(let h):
            onHold.assign(h.onHold, at: t)
            holdReason.assign(h.reason ?? "", at: t)
        case .workOrderCancelled(let c):
            isCancelRequested = true
            cancelReason.assign(c.reason ?? "", at: t)
        case .workOrderAssigned(let a):
            if let w = a.workshopID { workshopID.assign(w, at: t) }
            if let name = a.technician { technicians.insert(name, tag: e.id) }
        case .technicianUnassigned(let u):
            technicians.remove(tags: u.observed)
        case .hoursBooked(let h):
            // Sums saturate: an event from elsewhere may carry what no command here allows.
            bookedMinutes = bookedMinutes.saturatingAdd(h.minutes)
            labourCostMinor = labourCostMinor.saturatingAdd(Int64(h.minutes).saturatingMultiply(h.rate.minorUnits) / 60)
        case .partBooked(let p):
            partsBooked[p.partID] = (partsBooked[p.partID] ?? 0).saturatingAdd(p.quantity)
            partsCostMinor = partsCostMinor.saturatingAdd(Int64(p.quantity).saturatingMultiply(p.unitCost.minorUnits))
        case .failureCodeRecorded(let f):
            failureCode.assign(f.code, at: t)
        case .taskAdded(let task):
            tasks.insert(task.text, tag: e.id)
        case .conflictResolved(let r):
            resolutions[r.notice, default: LWWRegister()].assign(r.resolution, at: t)
        default:
            break
        }
    }

    private mutating func reach(_ s: WorkOrderStage, _ t: HLCTimestamp) {
        stage.offer(s)
        reachedAtMs[s] = min(reachedAtMs[s] ?? .max, t.physicalMs)
    }

    public var isOpened: Bool { opened.value != nil }
    public var currentStage: WorkOrderStage { stage.value ?? .requested }
    public var hasBookedWork: Bool { bookedMinutes > 0 || !partsBooked.isEmpty }
    public var cost: Money { Money(minorUnits: labourCostMinor.saturatingAdd(partsCostMinor)) }

    /// Cancelled on one terminal while work went on at another: a conflict a user settles.
    var isCancelConflicted: Bool {
        isCancelRequested && (hasBookedWork || currentStage >= .technicallyComplete)
    }

    /// What a user sees.
    public var status: WorkOrderStatus {
        if isCancelRequested {
            if !isCancelConflicted || resolutions[Self.cancelConflictKey]?.value == "cancel" { return .cancelled }
        }
        if onHold.value == true && currentStage < .technicallyComplete { return .onHold }
        return WorkOrderStatus(currentStage)
    }

    public func notices(_ ref: AggregateRef) -> [ConflictNotice] {
        guard isCancelConflicted, resolutions[Self.cancelConflictKey]?.value == nil else { return [] }
        return [
            ConflictNotice(
                key: Self.cancelConflictKey, aggregate: ref,
                message:
                    "cancelled on one terminal while work was booked or completed on another; showing \(currentStage.rawValue)",
                resolutions: ["keep", "cancel"])
        ]
    }
}
