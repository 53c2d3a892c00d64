/// A user's role as a causal register: a change replaces exactly the changes its author had
/// seen; changes made concurrently all stand, and the least privileged of them counts. So a
/// demotion cannot be undone by a terminal that had not seen it, whatever its clock says.
///
/// Events written before roles were causal carry no `supersedes`; such a write replaces every
/// write stamped before it (last-writer-wins among them), through `legacyFloor`, so old logs
/// read as they always did.
public struct RoleRegister: Codable, Sendable, Equatable {
    public struct Write: Codable, Sendable, Hashable {
        public var role: Role
        public var stamp: HLCTimestamp
    }
    private var writes = MultiValueRegister<Write>()
    /// The stamp of the newest write without `supersedes`: nothing stamped before it stands.
    private var legacyFloor: HLCTimestamp?

    public init() {}

    /// The ids a new write must name to replace what its author sees.
    public var currentTags: [EventID] { standing.map(\.key).sorted() }

    public mutating func write(_ role: Role, tag: EventID, at stamp: HLCTimestamp, supersedes: [EventID]?) {
        if let supersedes {
            writes.write(Write(role: role, stamp: stamp), tag: tag, supersedes: supersedes)
        } else {
            if legacyFloor.map({ stamp > $0 }) ?? true { legacyFloor = stamp }
            writes.write(Write(role: role, stamp: stamp), tag: tag, supersedes: [])
        }
    }

    private var standing: [(key: EventID, value: Write)] {
        writes.values.filter { write in legacyFloor.map { write.value.stamp >= $0 } ?? true }.map { ($0.key, $0.value) }
    }

    /// Forgets superseded role writes that can never be applied here again.
    public mutating func forgetSuperseded(where isStable: (EventID) -> Bool) -> Int {
        writes.forgetSuperseded(where: isStable)
    }

    /// The role that counts: of concurrent roles, the least privileged.
    public var value: Role? { standing.map(\.value.role).min { $0.privilege < $1.privilege } }

    /// Whether concurrent changes left more than one role standing.
    public var isConcurrent: Bool { concurrentRoles.count > 1 }

    /// The roles standing, least privileged first.
    public var concurrentRoles: [Role] { Set(standing.map(\.value.role)).sorted { $0.privilege < $1.privilege } }
}

extension Role {
    /// Orders roles from least to most privileged, to settle concurrent role changes on the
    /// safe side. Auditors only read; admins manage users.
    public var privilege: Int {
        switch self {
        case .auditor: 0
        case .technician: 1
        case .storekeeper: 2
        case .dispatcher: 3
        case .planner: 4
        case .admin: 5
        }
    }
}
