/// A terminal: its name and the public key its chain is signed with.
public struct DeviceState: AggregateBody {
    public static let kind = AggregateKind.device
    public private(set) var enrolment = LWWRegister<DeviceEnrolled>()
    public init() {}
    public mutating func merge(_ e: RecordedEvent) {
        if case .deviceEnrolled(let d) = e.event { enrolment.assign(d, at: e.timestamp) }
    }
}

/// A user and their role; the aggregate id is the user name.
public struct UserState: AggregateBody {
    public static let kind = AggregateKind.user
    public private(set) var name = LWWRegister<String>()
    public private(set) var role = LWWRegister<Role>()
    public init() {}
    public mutating func merge(_ e: RecordedEvent) {
        switch e.event {
        case .userAdded(let u):
            name.assign(u.name, at: e.timestamp)
            role.assign(u.role, at: e.timestamp)
        case .userRoleChanged(let c):
            role.assign(c.role, at: e.timestamp)
        default: break
        }
    }
}

public struct WorkshopState: AggregateBody {
    public static let kind = AggregateKind.workshop
    public private(set) var details = LWWRegister<WorkshopRegistered>()
    public init() {}
    public mutating func merge(_ e: RecordedEvent) {
        if case .workshopRegistered(let w) = e.event { details.assign(w, at: e.timestamp) }
    }
}

/// The maintenance plan of one vehicle class; the aggregate id is the class.
public struct ExamPlanState: AggregateBody {
    public static let kind = AggregateKind.examPlan
    public private(set) var levels: [String: LWWRegister<ExamLevelDefined>] = [:]
    public init() {}
    public mutating func merge(_ e: RecordedEvent) {
        if case .examLevelDefined(let l) = e.event {
            levels[l.level, default: LWWRegister()].assign(l, at: e.timestamp)
        }
    }
    public var definedLevels: [ExamLevelDefined] {
        levels.values.compactMap(\.value).sorted { $0.intervalKm < $1.intervalKm }
    }
}
