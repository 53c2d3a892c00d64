import Crypto
public import Domain
import Foundation

/// What a joining terminal hands an admin: one line naming its fleet (when known), its
/// device id, its public key and its name, with a checksum that catches a mistyped or cut
/// copy.
///
/// `rfjoin1:<fleet or ->:<device>:<public key>:<name, base64url>:<checksum>`
public struct EnrolmentRequest: Sendable, Equatable {
    public var fleet: String?
    public var device: DeviceID
    public var publicKey: String
    public var name: String

    public init(fleet: String?, device: DeviceID, publicKey: String, name: String) {
        self.fleet = fleet
        self.device = device
        self.publicKey = publicKey
        self.name = name
    }

    static let prefix = "rfjoin1"

    public var text: String {
        let body = [
            Self.prefix, fleet ?? "-", device.rawValue, publicKey,
            Data(name.utf8).base64URL,
        ].joined(separator: ":")
        return body + ":" + Self.checksum(body)
    }

    /// Reads a request as `text` prints it, refusing anything damaged with what is wrong.
    public init(parsing line: String) throws {
        let fields = line.trimmingCharacters(in: .whitespacesAndNewlines).split(
            separator: ":", omittingEmptySubsequences: false
        ).map(String.init)
        func refuse(_ why: String) -> StorageError {
            StorageError(
                .domain(.invalidInput),
                "not an enrolment request: \(why); copy the whole line `railfleet init --join` printed")
        }
        guard fields.count == 6, fields[0] == Self.prefix else {
            throw refuse("it should be six fields separated by ':' beginning with \(Self.prefix)")
        }
        guard Self.checksum(fields[0..<5].joined(separator: ":")) == fields[5] else {
            throw refuse("its checksum does not match (mistyped or cut short)")
        }
        guard let raw = Data(base64URL: fields[4]), let name = String(data: raw, encoding: .utf8) else {
            throw refuse("its name does not decode")
        }
        let fleet = fields[1] == "-" ? nil : fields[1]
        if let fleet, !Fleet.isWellFormed(fleet) { throw refuse("its fleet id is not 16 hex digits") }
        self.init(fleet: fleet, device: DeviceID(fields[2]), publicKey: fields[3], name: name)
        do {
            try Command.enrolDevice(device, name: name, publicKey: publicKey).validateInput()
        } catch { throw refuse(error.message) }
    }

    static func checksum(_ text: String) -> String { String(Data(SHA256.hash(data: Data(text.utf8))).hex.prefix(8)) }
}
