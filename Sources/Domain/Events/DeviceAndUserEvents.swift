/// A terminal joins the fleet's replicas; its public key lets anyone verify its chain.
///
/// The aggregate id is the enrolled device's id. An admin on a member terminal writes it;
/// only the founding device enrols itself, once, when it founds the fleet.
public struct DeviceEnrolled: EventBody {
    public static let eventType = "DeviceEnrolled"
    public var name: String
    /// Ed25519 public key, hex.
    public var publicKey: String
    public init(name: String, publicKey: String) {
        self.name = name
        self.publicKey = publicKey
    }
}

/// A terminal is cut off: its events after `lastCounter` count nowhere. A lost or stolen
/// terminal is retired explicitly, never by a timeout.
public struct DeviceRetired: EventBody {
    public static let eventType = "DeviceRetired"
    /// The last of its counters that still counts.
    public var lastCounter: Int64
    /// The hash (hex) of that event, as the retiring replica held it: it vouches for the end of
    /// the device's chain where no signed head of the device falls on the cut.
    public var lastHash: String?
    public var reason: String
    public init(lastCounter: Int64, lastHash: String?, reason: String) {
        self.lastCounter = lastCounter
        self.lastHash = lastHash
        self.reason = reason
    }
}

public struct UserAdded: EventBody {
    public static let eventType = "UserAdded"
    public var name: String
    public var role: Role
    /// The role writes this one replaces (see `RoleRegister`); nil in events written before
    /// roles were causal.
    public var supersedes: [EventID]?
    public init(name: String, role: Role, supersedes: [EventID]? = []) {
        self.name = name
        self.role = role
        self.supersedes = supersedes
    }
}

public struct UserRoleChanged: EventBody {
    public static let eventType = "UserRoleChanged"
    public var role: Role
    /// The role writes its author had seen and replaces; nil in events written before roles
    /// were causal.
    public var supersedes: [EventID]?
    public init(role: Role, supersedes: [EventID]? = []) {
        self.role = role
        self.supersedes = supersedes
    }
}

public struct WorkshopRegistered: EventBody {
    public static let eventType = "WorkshopRegistered"
    public var name: String
    public var depot: String
    public var roads: Int
    public var skills: [String]
    public init(name: String, depot: String, roads: Int, skills: [String]) {
        self.name = name
        self.depot = depot
        self.roads = roads
        self.skills = skills
    }
}

/// One exam level of a vehicle class's maintenance plan.
public struct ExamLevelDefined: EventBody {
    public static let eventType = "ExamLevelDefined"
    public var vehicleClass: String
    public var level: String
    public var intervalKm: Int
    public var intervalDays: Int
    /// Allowed overrun, in percent of the interval, before the exam is overdue.
    public var tolerancePercent: Int
    /// Lower levels this exam also satisfies (a B exam includes the A exam).
    public var includes: [String]
    public init(
        vehicleClass: String, level: String, intervalKm: Int, intervalDays: Int, tolerancePercent: Int,
        includes: [String]
    ) {
        self.vehicleClass = vehicleClass
        self.level = level
        self.intervalKm = intervalKm
        self.intervalDays = intervalDays
        self.tolerancePercent = tolerancePercent
        self.includes = includes
    }
}

/// A user settles a conflict notice; the state keeps the choice.
public struct ConflictResolved: EventBody {
    public static let eventType = "ConflictResolved"
    public var notice: String
    public var resolution: String
    public var note: String?
    public init(notice: String, resolution: String, note: String?) {
        self.notice = notice
        self.resolution = resolution
        self.note = note
    }
}
