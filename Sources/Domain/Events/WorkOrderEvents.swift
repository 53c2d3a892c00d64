public struct WorkOrderOpened: EventBody {
    public static let eventType = "WorkOrderOpened"
    public var number: String
    public var vehicleID: String
    public var title: String
    public var type: WorkOrderType
    public var priority: WorkOrderPriority
    /// For preventive work: the exam level it carries out.
    public var examLevel: String?
    /// For corrective work: the defect reported, in words.
    public var defect: String?
    /// The defect record this work repairs, when there is one.
    public var defectID: String?
    public init(
        number: String, vehicleID: String, title: String, type: WorkOrderType, priority: WorkOrderPriority,
        examLevel: String?, defect: String?,
        defectID: String? = nil
    ) {
        self.number = number
        self.vehicleID = vehicleID
        self.title = title
        self.type = type
        self.priority = priority
        self.examLevel = examLevel
        self.defect = defect
        self.defectID = defectID
    }
}

public struct WorkOrderAdvanced: EventBody {
    public static let eventType = "WorkOrderAdvanced"
    public var stage: WorkOrderStage
    public var plannedDay: Int?
    public init(stage: WorkOrderStage, plannedDay: Int? = nil) {
        self.stage = stage
        self.plannedDay = plannedDay
    }
}

public struct WorkOrderHoldChanged: EventBody {
    public static let eventType = "WorkOrderHoldChanged"
    public var onHold: Bool
    public var reason: String?
    public init(onHold: Bool, reason: String?) {
        self.onHold = onHold
        self.reason = reason
    }
}

public struct WorkOrderCancelled: EventBody {
    public static let eventType = "WorkOrderCancelled"
    public var reason: String?
    public init(reason: String?) { self.reason = reason }
}

public struct WorkOrderAssigned: EventBody {
    public static let eventType = "WorkOrderAssigned"
    public var workshopID: String?
    public var technician: String?
    public init(workshopID: String?, technician: String?) {
        self.workshopID = workshopID
        self.technician = technician
    }
}

public struct TechnicianUnassigned: EventBody {
    public static let eventType = "TechnicianUnassigned"
    public var technician: String
    public var observed: [EventID]
    public init(technician: String, observed: [EventID]) {
        self.technician = technician
        self.observed = observed
    }
}

public struct HoursBooked: EventBody {
    public static let eventType = "HoursBooked"
    public var minutes: Int
    public var technician: String
    public var rate: Money
    public init(minutes: Int, technician: String, rate: Money) {
        self.minutes = minutes
        self.technician = technician
        self.rate = rate
    }
}

public struct PartBooked: EventBody {
    public static let eventType = "PartBooked"
    public var partID: String
    public var quantity: Int
    public var location: String
    public var unitCost: Money
    public init(partID: String, quantity: Int, location: String, unitCost: Money) {
        self.partID = partID
        self.quantity = quantity
        self.location = location
        self.unitCost = unitCost
    }
}

public struct FailureCodeRecorded: EventBody {
    public static let eventType = "FailureCodeRecorded"
    public var code: FailureCode
    public init(code: FailureCode) { self.code = code }
}

public struct TaskAdded: EventBody {
    public static let eventType = "TaskAdded"
    public var text: String
    public init(text: String) { self.text = text }
}
