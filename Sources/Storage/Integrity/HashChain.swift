import Crypto
import Foundation
import GRDB

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

    /// One link of this replica's receipt chain: when and in which order it stored an event.
    /// `recorded_ms` and `seq` are local to a replica and outside the events' own hashes, so
    /// this chain (its head signed at each commit) is what makes recorded time tamper-evident.
    static func receiptHash(
        previous: Data, seq: Int64, recordedMs: Int64, device: String, counter: Int64, eventHash: Data
    )
        -> Data
    {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: Data("|\(seq)|\(recordedMs)|\(device)|\(counter)|".utf8))
        hasher.update(data: eventHash)
        return Data(hasher.finalize())
    }

    /// The message a replica signs over its receipt chain's head.
    static func receiptMessage(replica: String, seq: Int64, hash: Data) -> Data {
        Data("railfleet-receipt-head|\(replica)|\(seq)|".utf8) + hash
    }

    /// Signs and stores a replica's receipt head: at each commit, and once after migration v4.
    static func signReceiptHead(replica: String, seq: Int64, hash: Data, key: DeviceKey, _ db: Database) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO receipt_heads (seq, hash, signature) VALUES (?, ?, ?)")
            .execute(arguments: [seq, hash, try key.sign(receiptMessage(replica: replica, seq: seq, hash: hash))])
    }

    /// The message a device signs at each commit: its id, counter and head hash.
    static func headMessage(device: String, counter: Int64, hash: Data) -> Data {
        Data("railfleet-chain-head|\(device)|\(counter)|".utf8) + hash
    }
}
