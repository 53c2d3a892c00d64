public import Domain

/// This replica: its device id and name, and (when the key file is present) its signing key.
public struct ReplicaIdentity: Sendable {
    public let device: DeviceID
    public let name: String
    public let publicKeyHex: String
}
