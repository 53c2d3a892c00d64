/// The devices and users that a set of membership events (enrolments, retirements, users,
/// roles) makes: the view in which the authority rule judges an event. Folding is
/// order-independent, like every aggregate's.
public struct Membership: MembershipView, Sendable {
    public let foundingDevice: DeviceID?
    private var devices: [String: Aggregate<DeviceState>] = [:]
    private var users: [String: Aggregate<UserState>] = [:]

    public init(founder: DeviceID?, events: some Sequence<RecordedEvent> = [RecordedEvent]()) {
        foundingDevice = founder
        for event in events { absorb(event) }
    }

    /// Whether an event changes who belongs to the fleet or what they may do.
    public static func isMembership(_ event: DomainEvent) -> Bool {
        switch event {
        case .deviceEnrolled, .deviceRetired, .userAdded, .userRoleChanged: true
        default: false
        }
    }

    /// The event types `isMembership` accepts, for queries over the log.
    public static let eventTypes = [
        DeviceEnrolled.eventType, DeviceRetired.eventType, UserAdded.eventType, UserRoleChanged.eventType,
    ]

    public mutating func absorb(_ event: RecordedEvent) {
        switch event.aggregate.kind {
        case .device: devices[event.aggregate.id, default: Aggregate(id: event.aggregate.id)].apply(event)
        case .user: users[event.aggregate.id, default: Aggregate(id: event.aggregate.id)].apply(event)
        default: break
        }
    }

    public func device(_ id: String) -> Aggregate<DeviceState>? { devices[id] }
    public func user(_ name: String) -> Aggregate<UserState>? { users[name] }
    public func userNames(withRole role: Role) -> [String] {
        users.values.compactMap { $0.body.role.value == role ? $0.body.name.value : nil }.sorted()
    }
}
