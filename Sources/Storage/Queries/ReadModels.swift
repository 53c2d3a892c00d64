public import Domain

/// One vehicle as the fleet list shows it.
public struct FleetRow: Codable, Sendable, Equatable {
    public var vehicleID: String
    public var fleetNumber: String
    public var evn: String
    public var vehicleClass: String
    public var kind: String
    public var keeper: String?
    public var depot: String?
    public var status: String
    public var statusReason: String?
    public var odometerKm: Int
    public var tags: [String]
    public var nextExam: NextExam?
    public var openWorkOrders: Int
    public var openDefects: Int

    public struct NextExam: Codable, Sendable, Equatable {
        public var level: String
        public var dueKm: Int
        public var dueDate: String
        public var expectedDate: String
        public var urgency: String

        public init(level: String, dueKm: Int, dueDate: String, expectedDate: String, urgency: String) {
            self.level = level
            self.dueKm = dueKm
            self.dueDate = dueDate
            self.expectedDate = expectedDate
            self.urgency = urgency
        }
    }

    public init(
        vehicleID: String, fleetNumber: String, evn: String, vehicleClass: String, kind: String, keeper: String?,
        depot: String?, status: String,
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

public struct WorkOrderRow: Codable, Sendable, Equatable {
    public var workOrderID: String
    public var number: String
    public var vehicleID: String
    public var fleetNumber: String?
    public var title: String
    public var type: String
    public var priority: String
    public var status: String
    public var examLevel: String?
    public var defect: String?
    public var workshopID: String?
    public var technicians: [String]
    public var plannedDate: String?
    public var bookedHours: Double
    public var cost: Money
    public var failureCode: String?
    public var openedAt: String
}

public struct PartRow: Codable, Sendable, Equatable {
    public var partID: String
    public var partNumber: String
    public var name: String
    public var kind: String
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

    public struct StockLevel: Codable, Sendable, Equatable {
        public var location: String
        public var onHand: Int
        public var reserved: Int
        public var available: Int
    }
}

public struct UserRow: Codable, Sendable, Equatable {
    public var name: String
    public var role: String
}

public struct WorkshopRow: Codable, Sendable, Equatable {
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
    public init(
        aggregateID: String? = nil, eventType: String? = nil, user: String? = nil, sinceMs: Int64? = nil,
        untilMs: Int64? = nil, limit: Int? = nil
    ) {
        self.aggregateID = aggregateID
        self.eventType = eventType
        self.user = user
        self.sinceMs = sinceMs
        self.untilMs = untilMs
        self.limit = limit
    }
}

public struct DefectRow: Codable, Sendable, Equatable {
    public var defectID: String
    public var vehicleID: String
    public var fleetNumber: String?
    public var description: String
    public var severity: String
    public var system: String?
    public var isOpen: Bool
    public var workOrders: [String]
    public var resolution: String?
    public var reportedAt: String
}
