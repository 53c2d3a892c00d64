/// What an event contributes to the fleet's figures, reduced to the few values a KPI reads:
/// a pure function of the event, so that facts kept beside the log are a read model that a
/// rebuild gives again, and the figures never depend on the order events arrived in.
public struct AnalyticsFact: Sendable, Equatable {
    /// The event it came from: every figure can be traced back to it.
    public var event: EventID
    /// Valid time, with the rest of the HLC stamp to order facts at the same millisecond.
    public var ms: Int64
    public var logical: UInt32
    public var body: Body

    public enum Body: Sendable, Equatable {
        case vehicleRegistered(vehicle: String, fleetNumber: String, vehicleClass: String, depot: String, km: Int)
        case depotChanged(vehicle: String, depot: String)
        case status(vehicle: String, status: VehicleStatus)
        case reading(vehicle: String, km: Int)
        /// A corrected reading, and the readings it withdraws.
        case correction(vehicle: String, km: Int, withdrawn: [EventID])
        case exam(vehicle: String, level: String, km: Int, day: Int)
        case examLevel(ExamLevelDefined)
        case defect(defect: String, vehicle: String, severity: DefectSeverity, system: String)
        case defectLinked(defect: String, order: String)
        case defectClosed(defect: String, order: String?)
        case orderOpened(order: String, vehicle: String, number: String, type: WorkOrderType)
        /// A stage the figures read: work started, released to service, closed.
        case orderStage(order: String, stage: WorkOrderStage)
        case orderCancelled(order: String)
        case orderAssigned(order: String, workshop: String)
        case hours(order: String, minutes: Int, rateMinor: Int64)
        case partBooked(order: String, part: String, quantity: Int, unitCostMinor: Int64)
        case workshop(workshop: String, name: String)
        case partRegistered(part: String, partNumber: String, reorderPoint: Int)
        /// One leg of a stock movement: an event moving stock between two places gives two.
        case stock(part: String, location: String, delta: Int, reason: StockMoveReason)
    }

    public init(event: EventID, ms: Int64, logical: UInt32 = 0, body: Body) {
        self.event = event
        self.ms = ms
        self.logical = logical
        self.body = body
    }

    /// The stages whose time a figure reads; the others are left out of the facts.
    public static let stages: Set<WorkOrderStage> = [.inProgress, .releasedToService, .closed]

    /// The facts of one event, in the order of its legs; none when no figure reads it.
    public static func of(_ e: RecordedEvent) -> [AnalyticsFact] {
        let id = e.aggregate.id
        let bodies: [Body]
        switch e.event {
        case .vehicleRegistered(let r):
            bodies = [
                .vehicleRegistered(
                    vehicle: id, fleetNumber: r.fleetNumber, vehicleClass: r.vehicleClass, depot: r.depot ?? "",
                    km: r.odometerKm)
            ]
        case .vehicleDetailsChanged(let d):
            bodies = d.depot.map { [.depotChanged(vehicle: id, depot: $0)] } ?? []
        case .vehicleStatusChanged(let s): bodies = [.status(vehicle: id, status: s.status)]
        case .odometerRecorded(let r): bodies = [.reading(vehicle: id, km: r.km)]
        case .odometerCorrected(let c): bodies = [.correction(vehicle: id, km: c.km, withdrawn: c.withdrawn)]
        case .examRecorded(let x): bodies = [.exam(vehicle: id, level: x.level, km: x.km, day: x.day)]
        case .examLevelDefined(let d): bodies = [.examLevel(d)]
        case .defectReported(let d):
            bodies = [.defect(defect: id, vehicle: d.vehicleID, severity: d.severity, system: d.system ?? "unknown")]
        case .defectLinked(let l): bodies = [.defectLinked(defect: id, order: l.workOrderID)]
        case .defectClosed(let c): bodies = [.defectClosed(defect: id, order: c.workOrderID)]
        case .workOrderOpened(let o):
            bodies = [.orderOpened(order: id, vehicle: o.vehicleID, number: o.number, type: o.type)]
        case .workOrderAdvanced(let a):
            bodies = stages.contains(a.stage) ? [.orderStage(order: id, stage: a.stage)] : []
        case .workOrderCancelled: bodies = [.orderCancelled(order: id)]
        case .workOrderAssigned(let a):
            bodies = a.workshopID.map { [.orderAssigned(order: id, workshop: $0)] } ?? []
        case .hoursBooked(let h): bodies = [.hours(order: id, minutes: h.minutes, rateMinor: h.rate.minorUnits)]
        case .partBooked(let p):
            bodies = [
                .partBooked(order: id, part: p.partID, quantity: p.quantity, unitCostMinor: p.unitCost.minorUnits)
            ]
        case .workshopRegistered(let w): bodies = [.workshop(workshop: id, name: w.name)]
        case .partRegistered(let p):
            bodies = [.partRegistered(part: id, partNumber: p.partNumber, reorderPoint: p.reorderPoint)]
        case .stockMoved(let m):
            bodies = m.legs.map { .stock(part: id, location: $0.location, delta: $0.delta, reason: m.reason) }
        default:
            bodies = []
        }
        return bodies.map {
            AnalyticsFact(event: e.id, ms: e.timestamp.physicalMs, logical: e.timestamp.logical, body: $0)
        }
    }
}
