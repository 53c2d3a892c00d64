import Domain
public import Foundation
import GRDB

/// What an auditor keeps outside the database: each device's latest signed chain head with
/// its public key, and this replica's signed receipt head. A log cut back behind a receipted
/// head, or changed before it, no longer matches it (`verifyIntegrity(against:)`); without a
/// receipt or a peer, a cut tail with its heads removed cannot be told from a short history.
public struct Receipt: Codable, Sendable, Equatable {
    public struct Head: Codable, Sendable, Equatable {
        public let device: String
        public let counter: Int64
        /// Hex of the event hash at `counter`.
        public let hash: String
        /// Hex of the device's Ed25519 signature over the head.
        public let signature: String
        /// Hex of the device's public key, as enrolled.
        public let publicKey: String
    }

    public struct LocalHead: Codable, Sendable, Equatable {
        public let replica: String
        public let seq: Int64
        public let hash: String
        public let signature: String
        public let publicKey: String
    }

    public static let format = "railfleet-receipt/1"
    public var format = Receipt.format
    /// When the receipt was taken (UTC).
    public let takenAt: String
    public let heads: [Head]
    public let local: LocalHead?
}

extension RailFleetStore {
    /// The receipt of the log as it stands: every device's latest head whose signature
    /// verifies, and this replica's latest signed receipt head.
    public func receipt() throws -> Receipt {
        let report = try verifyIntegrity()
        return try writer.read { db in
            var heads: [Receipt.Head] = []
            for device in report.devices {
                guard let counter = device.lastSignedCounter,
                    let row = try Row.fetchOne(
                        db.cachedStatement(
                            sql: "SELECT hash, signature FROM chain_heads WHERE device = ? AND counter = ?"),
                        arguments: [device.device, counter]),
                    let key = try Self.enrolledKey(of: device.device, db)
                else { continue }
                heads.append(
                    .init(
                        device: device.device, counter: counter, hash: (row[0] as Data).hex,
                        signature: (row[1] as Data).hex, publicKey: key))
            }
            var local: Receipt.LocalHead?
            if let identity = try Row.fetchOne(db.cachedStatement(sql: "SELECT device_id, public_key FROM identity")),
                let signed = report.receiptsSigned, signed > 0,
                let head = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT hash, signature FROM receipt_heads WHERE seq = ?"),
                    arguments: [signed])
            {
                local = .init(
                    replica: identity[0], seq: signed, hash: (head[0] as Data).hex, signature: (head[1] as Data).hex,
                    publicKey: identity[1])
            }
            return Receipt(takenAt: UTC.format(ms: Self.systemMs()), heads: heads, local: local)
        }
    }

    /// Verifies the log, and that it still holds everything a receipt kept outside it saw.
    ///
    /// - Parameter receipt: a receipt taken earlier (`receipt()`).
    /// - Returns: the report of `verifyIntegrity()` with every contradiction added.
    /// - Throws: `StorageError` when the log cannot be read.
    public func verifyIntegrity(against receipt: Receipt) throws -> IntegrityReport {
        var report = try verifyIntegrity()
        try writer.read { db in
            func contradiction(_ device: String, _ counter: Int64?, _ message: String) {
                report.problems.append(
                    .init(kind: .contradictsReceipt, device: device, counter: counter, message: message))
            }
            for head in receipt.heads {
                let message = HashChain.headMessage(
                    device: head.device, counter: head.counter, hash: Data(hex: head.hash) ?? Data())
                guard
                    DeviceKey.verify(
                        signature: Data(hex: head.signature) ?? Data(), of: message, publicKeyHex: head.publicKey)
                else {
                    contradiction(
                        head.device, head.counter,
                        "the receipt's head of \(head.device) at \(head.counter) is not signed by its key")
                    continue
                }
                if let enrolled = try Self.enrolledKey(of: head.device, db), enrolled != head.publicKey {
                    contradiction(head.device, nil, "\(head.device)'s key in the log is not the one the receipt saw")
                }
                let held =
                    try Int64.fetchOne(
                        db.cachedStatement(
                            sql: """
                                SELECT (SELECT count(*) FROM events WHERE device = ?1 AND counter <= ?2)
                                  + (SELECT count(*) FROM cut_events WHERE device = ?1 AND counter <= ?2)
                                """), arguments: [head.device, head.counter]) ?? 0
                if held < head.counter {
                    contradiction(
                        head.device, head.counter,
                        "the receipt saw \(head.device)'s events up to \(head.counter); the log holds \(held) of them: events were removed"
                    )
                }
                let hash = try Data.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT hash FROM events WHERE device = ?1 AND counter = ?2
                            UNION ALL SELECT hash FROM cut_events WHERE device = ?1 AND counter = ?2
                            """), arguments: [head.device, head.counter])
                if let hash, hash.hex != head.hash {
                    contradiction(
                        head.device, head.counter, "\(head.device):\(head.counter) is not the event the receipt saw")
                }
            }
            if let local = receipt.local {
                let hash = try Data.fetchOne(
                    db.cachedStatement(sql: "SELECT hash FROM receipt_chain WHERE seq = ?"), arguments: [local.seq])
                if hash?.hex != local.hash {
                    contradiction(
                        local.replica, local.seq,
                        "this replica's receipts up to seq \(local.seq) are not what the receipt saw: events were removed, reordered or re-timed"
                    )
                }
            }
        }
        return report
    }

    /// A device's public key from its enrolment in the log (written by the device itself if it
    /// founded the fleet, else by the admin who enrolled it).
    static func enrolledKey(of device: String, _ db: Database) throws -> String? {
        let rows = try EventRow.fetch(
            db, where: "aggregate_id = ? AND aggregate_kind = 'device' AND event_type = ?",
            arguments: [device, DeviceEnrolled.eventType], suffix: "ORDER BY hlc_ms, hlc_logical LIMIT 1")
        guard let row = rows.first, let event = try? row.decoded().event, case .deviceEnrolled(let e) = event else {
            return nil
        }
        return e.publicKey
    }
}
