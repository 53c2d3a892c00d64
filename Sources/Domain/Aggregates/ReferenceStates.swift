/// A terminal: its name, the public key its chain is signed with, who enrolled it, and
/// where its chain was cut if it was retired.
public struct DeviceState: AggregateBody {
    public static let kind = AggregateKind.device
    public private(set) var enrolment = LWWRegister<DeviceEnrolled>()
    /// Who enrolled it, as `user@device`, and when (valid time).
    public private(set) var enrolledBy = LWWRegister<String>()
    /// Every retirement; of concurrent ones the earliest cut counts.
    public private(set) var retirements: [EventID: DeviceRetired] = [:]
    public init() {}
    public mutating func merge(_ e: RecordedEvent) {
        switch e.event {
        case .deviceEnrolled(let d):
            enrolment.assign(d, at: e.timestamp)
            enrolledBy.assign("\(e.user)@\(e.id.device.rawValue)", at: e.timestamp)
        case .deviceRetired(let r): retirements[e.id] = r
        default: break
        }
    }

    public var isEnrolled: Bool { enrolment.value != nil }

    /// The retirement that counts: the one with the lowest last counter.
    public var retirement: DeviceRetired? {
        retirements.sorted { $0.key < $1.key }.map(\.value).min { $0.lastCounter < $1.lastCounter }
    }
}

/// A user and their role; the aggregate id is the user name.
public struct UserState: AggregateBody {
    public static let kind = AggregateKind.user
    public private(set) var name = LWWRegister<String>()
    public private(set) var role = RoleRegister()
    public init() {}
    public mutating func forgetStable(where isStable: (EventID) -> Bool) -> Int {
        role.forgetSuperseded(where: isStable)
    }

    public mutating func merge(_ e: RecordedEvent) {
        switch e.event {
        case .userAdded(let u):
            name.assign(u.name, at: e.timestamp)
            role.write(u.role, tag: e.id, at: e.timestamp, supersedes: u.supersedes)
        case .userRoleChanged(let c):
            role.write(c.role, tag: e.id, at: e.timestamp, supersedes: c.supersedes)
        default: break
        }
    }

    /// Roles set concurrently: the least privileged counts until an admin sets the role again.
    public func notices(_ ref: AggregateRef) -> [ConflictNotice] {
        guard role.isConcurrent, let current = role.value else { return [] }
        return [
            ConflictNotice(
                key: "role:" + role.currentTags.map(\.description).joined(separator: ","), aggregate: ref,
                message:
                    "role of \(ref.id) set concurrently to \(role.concurrentRoles.map(\.rawValue).joined(separator: " and ")), on \(PartState.terminals(role.currentTags.map(\.device))); the least privileged, \(current.rawValue), counts until an admin sets the role again",
                resolutions: [])
        ]
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
