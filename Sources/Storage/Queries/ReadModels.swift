public import Domain

/// One vehicle as the fleet list shows it.
public struct FleetRow: Encodable, Sendable, Equatable {
    public var vehicleID: String
    public var fleetNumber: String
    public var evn: String
    public var vehicleClass: String
    public var kind: VehicleKind?
    public var keeper: String?
    public var depot: String?
    public var status: VehicleStatus
    public var statusReason: String?
    public var odometerKm: Int
    public var tags: [String]
    public var nextExam: NextExam?
    public var openWorkOrders: Int
    public var openDefects: Int

    public struct NextExam: Encodable, Sendable, Equatable {
        public var level: String
        public var dueKm: Int
        public var dueDate: Day
        public var expectedDate: Day
        public var urgency: ExamDue.Urgency

        public init(level: String, dueKm: Int, dueDate: Day, expectedDate: Day, urgency: ExamDue.Urgency) {
            self.level = level
            self.dueKm = dueKm
            self.dueDate = dueDate
            self.expectedDate = expectedDate
            self.urgency = urgency
        }
    }

    public init(
        vehicleID: String, fleetNumber: String, evn: String, vehicleClass: String, kind: VehicleKind?,
        keeper: String?, depot: String?, status: VehicleStatus,
        statusReason: String?, odometerKm: Int, tags: [String], nextExam: NextExam?, openWorkOrders: Int,
        openDefects: Int
    ) {
        self.vehicleID = vehicleID
        self.fleetNumber = fleetNumber
        self.evn = evn
        self.vehicleClass = vehicleClass
        self.kind = kind
        self.keeper = keeper
        self.depot = depot
        self.status = status
        self.statusReason = statusReason
        self.odometerKm = odometerKm
        self.tags = tags
        self.nextExam = nextExam
        self.openWorkOrders = openWorkOrders
        self.openDefects = openDefects
    }
}

public struct WorkOrderRow: Encodable, Sendable, Equatable {
    public var workOrderID: String
    public var number: String
    public var vehicleID: String
    public var fleetNumber: String?
    public var title: String
    public var type: WorkOrderType
    public var priority: WorkOrderPriority
    public var status: WorkOrderStatus
    public var examLevel: String?
    public var defect: String?
    public var workshopID: String?
    public var technicians: [String]
    public var plannedDate: Day?
    public var bookedMinutes: Int
    public var cost: Money
    public var failureCode: FailureCode?
    public var openedAt: Instant

    public var bookedHours: Double { Double(bookedMinutes) / 60 }

    enum CodingKeys: String, CodingKey {
        case workOrderID, number, vehicleID, fleetNumber, title, type, priority, status, examLevel, defect, workshopID
        case technicians, plannedDate, bookedHours, cost, failureCode, openedAt
    }

    /// Scripts read the failure code as one `system/mode/cause/remedy` string and hours as a
    /// number, as they always have.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(workOrderID, forKey: .workOrderID)
        try c.encode(number, forKey: .number)
        try c.encode(vehicleID, forKey: .vehicleID)
        try c.encodeIfPresent(fleetNumber, forKey: .fleetNumber)
        try c.encode(title, forKey: .title)
        try c.encode(type, forKey: .type)
        try c.encode(priority, forKey: .priority)
        try c.encode(status, forKey: .status)
        try c.encodeIfPresent(examLevel, forKey: .examLevel)
        try c.encodeIfPresent(defect, forKey: .defect)
        try c.encodeIfPresent(workshopID, forKey: .workshopID)
        try c.encode(technicians, forKey: .technicians)
        try c.encodeIfPresent(plannedDate, forKey: .plannedDate)
        try c.encode(bookedHours, forKey: .bookedHours)
        try c.encode(cost, forKey: .cost)
        try c.encodeIfPresent(failureCode?.description, forKey: .failureCode)
        try c.encode(openedAt, forKey: .openedAt)
    }
}

public struct PartRow: Encodable, Sendable, Equatable {
    public var partID: String
    public var partNumber: String
    public var name: String
    public var kind: PartKind
    public var unit: String
    public var minimum: Int
    public var maximum: Int?
    public var reorderPoint: Int
    public var leadTimeDays: Int
    public var unitCost: Money
    public var onHand: Int
    public var reserved: Int
    public var available: Int
    public var belowReorderPoint: Bool
    public var locations: [StockLevel]

    public struct StockLevel: Encodable, Sendable, Equatable {
        public var location: String
        public var onHand: Int
        public var reserved: Int
        public var available: Int
    }
}

public struct UserRow: Encodable, Sendable, Equatable {
    public var name: String
    public var role: Role
}

public struct WorkshopRow: Encodable, Sendable, Equatable {
    public var workshopID: String
    public var name: String
    public var depot: String
    public var roads: Int
    public var skills: [String]
}

/// Filters for listing the log; nil means any.
public struct EventFilter: Sendable {
    public var aggregateID: String?
    public var eventType: String?
    public var user: String?
    public var sinceMs: Int64?
    public var untilMs: Int64?
    public var limit: Int?
    /// One event by its identity (`device:counter`), as a drill-down names it.
    public var id: EventID?
    public init(
        aggregateID: String? = nil, eventType: String? = nil, user: String? = nil, sinceMs: Int64? = nil,
        untilMs: Int64? = nil, limit: Int? = nil, id: EventID? = nil
    ) {
        self.id = id
        self.aggregateID = aggregateID
        self.eventType = eventType
        self.user = user
        self.sinceMs = sinceMs
        self.untilMs = untilMs
        self.limit = limit
    }
}

public struct DefectRow: Encodable, Sendable, Equatable {
    public var defectID: String
    public var vehicleID: String
    public var fleetNumber: String?
    public var description: String
    public var severity: DefectSeverity
    public var system: String?
    public var isOpen: Bool
    public var workOrders: [String]
    public var resolution: String?
    public var reportedAt: Instant
}
