/// A fault found on a vehicle, by a driver, a technician or an inspection.
public struct DefectReported: EventBody {
    public static let eventType = "DefectReported"
    public var vehicleID: String
    public var description: String
    public var severity: DefectSeverity
    /// The vehicle system affected (brakes, doors, …), when known.
    public var system: String?
    public init(vehicleID: String, description: String, severity: DefectSeverity, system: String?) {
        self.vehicleID = vehicleID
        self.description = description
        self.severity = severity
        self.system = system
    }
}

/// A work order taken up to repair the defect.
public struct DefectLinked: EventBody {
    public static let eventType = "DefectLinked"
    public var workOrderID: String
    public init(workOrderID: String) { self.workOrderID = workOrderID }
}

/// The defect is repaired (or found not to exist).
public struct DefectClosed: EventBody {
    public static let eventType = "DefectClosed"
    public var resolution: String
    public var workOrderID: String?
    public init(resolution: String, workOrderID: String?) {
        self.resolution = resolution
        self.workOrderID = workOrderID
    }
}
