import Crypto
import Foundation

/// Each device's events form a chain: an event's hash covers its canonical bytes and the
/// hash of the device's previous event.
enum HashChain {
    static let genesis = Data(repeating: 0, count: 32)

    static func hash(of row: EventRow, previous: Data) -> Data {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: CanonicalEncoding.bytes(of: row))
        return Data(hasher.finalize())
    }

    /// The message a device signs at each commit: its id, counter and head hash.
    static func headMessage(device: String, counter: Int64, hash: Data) -> Data {
        Data("railfleet-chain-head|\(device)|\(counter)|".utf8) + hash
    }
}
