public import Domain

/// This replica: its device id and name, its public key, and the fleet it belongs to.
public struct ReplicaIdentity: Sendable {
    public let device: DeviceID
    public let name: String
    public let publicKeyHex: String
    /// The fleet's id; nil on a joined replica that has not yet received its enrolment and
    /// was not told its fleet.
    public internal(set) var fleet: String?
    /// The device that founded the fleet, once this replica holds its enrolment.
    public internal(set) var founder: DeviceID?
}

/// How a new replica begins.
public enum Beginning: Sendable {
    /// Founds a fleet: this device is its root and `admin` its first admin.
    case founding(admin: String)
    /// Joins a fleet (when known, by id): own key, no data, until an admin enrols it.
    case joining(fleet: String?)
}
