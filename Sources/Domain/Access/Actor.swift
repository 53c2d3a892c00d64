/// Who issues a command, and from which terminal.
public struct Actor: Sendable, Hashable, Codable {
    public var user: String
    public var role: Role
    public var device: DeviceID

    public init(user: String, role: Role, device: DeviceID) {
        self.user = user
        self.role = role
        self.device = device
    }
}
