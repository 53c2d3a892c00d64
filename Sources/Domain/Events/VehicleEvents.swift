public struct VehicleRegistered: EventBody {
    public static let eventType = "VehicleRegistered"
    public var fleetNumber: String
    public var evn: String
    public var vehicleClass: String
    public var kind: VehicleKind
    public var keeper: String?
    public var depot: String?
    /// Days since 1970-01-01.
    public var commissionedOn: Int?
    public var odometerKm: Int
    public init(
        fleetNumber: String, evn: String, vehicleClass: String, kind: VehicleKind, keeper: String?, depot: String?,
        commissionedOn: Int?, odometerKm: Int
    ) {
        self.fleetNumber = fleetNumber
        self.evn = evn
        self.vehicleClass = vehicleClass
        self.kind = kind
        self.keeper = keeper
        self.depot = depot
        self.commissionedOn = commissionedOn
        self.odometerKm = odometerKm
    }
}

public struct VehicleDetailsChanged: EventBody {
    public static let eventType = "VehicleDetailsChanged"
    public var depot: String?
    public var keeper: String?
    public init(depot: String?, keeper: String?) {
        self.depot = depot
        self.keeper = keeper
    }
}

/// An odometer reading. Schema 2 added the reading's source; schema 1 payloads are upcast.
public struct OdometerRecorded: EventBody {
    public static let eventType = "OdometerRecorded"
    public static let schemaVersion = 2
    public var km: Int
    /// Where the reading came from: `manual`, `telematics`, `exam`, or `unknown` for old events.
    public var source: String
    public init(km: Int, source: String) {
        self.km = km
        self.source = source
    }
}

/// A wrong odometer reading set right: the readings it withdraws (all those above `km` this
/// replica held) no longer count, and `km` stands as a reading of its own.
public struct OdometerCorrected: EventBody {
    public static let eventType = "OdometerCorrected"
    public var km: Int
    public var withdrawn: [EventID]
    public var reason: String
    public init(km: Int, withdrawn: [EventID], reason: String) {
        self.km = km
        self.withdrawn = withdrawn
        self.reason = reason
    }
}

public struct VehicleStatusChanged: EventBody {
    public static let eventType = "VehicleStatusChanged"
    public var status: VehicleStatus
    public var reason: String?
    /// The status writes the issuer saw; they are replaced, concurrent ones are not.
    public var supersedes: [EventID]
    public init(status: VehicleStatus, reason: String?, supersedes: [EventID]) {
        self.status = status
        self.reason = reason
        self.supersedes = supersedes
    }
}

public struct VehicleTagged: EventBody {
    public static let eventType = "VehicleTagged"
    public var tag: String
    public init(tag: String) { self.tag = tag }
}

public struct VehicleUntagged: EventBody {
    public static let eventType = "VehicleUntagged"
    public var tag: String
    public var observed: [EventID]
    public init(tag: String, observed: [EventID]) {
        self.tag = tag
        self.observed = observed
    }
}

/// An exam carried out, recorded on the vehicle when its work order is released to service.
public struct ExamRecorded: EventBody {
    public static let eventType = "ExamRecorded"
    public var level: String
    public var km: Int
    public var day: Int
    public var workOrderID: String?
    public init(level: String, km: Int, day: Int, workOrderID: String?) {
        self.level = level
        self.km = km
        self.day = day
        self.workOrderID = workOrderID
    }
}
