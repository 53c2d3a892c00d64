import Domain
import Foundation
import GRDB
import TestSupport
import Testing

@testable import Storage

/// What this replica knew when, and what an auditor saw: both hold against edits of the file.
@Suite struct ReceiptTests {
    func makeReplica() throws -> StoreFixture {
        let f = try StoreFixture()
        _ = try f.makeWorkshopFloor()
        try f.run(.addTask(workOrderID: try f.store.workOrders()[0].workOrderID, text: "check pads"))
        #expect(try f.store.verifyIntegrity().isIntact)
        return f
    }

    func tampered(_ f: StoreFixture, _ sql: String) throws -> IntegrityReport {
        try DatabaseQueue(path: f.path).write { db in try db.execute(sql: sql) }
        return try f.reopen().verifyIntegrity()
    }

    @Test func aShiftedRecordedTimeIsNamed() throws {
        let f = try makeReplica()
        let report = try tampered(f, "UPDATE events SET recorded_ms = recorded_ms + 86400000 WHERE seq = 5")
        #expect(report.problems.map(\.kind) == [.receiptAltered] && report.problems[0].counter == 5)
    }

    @Test func aSwappedOrderOfStoringIsNamed() throws {
        let f = try makeReplica()
        let report = try tampered(
            f,
            "UPDATE events SET seq = -1 WHERE seq = 6; UPDATE events SET seq = 6 WHERE seq = 7; UPDATE events SET seq = 7 WHERE seq = -1"
        )
        #expect(report.problems.contains { $0.kind == .receiptAltered })
    }

    @Test func aRechainedReceiptFailsItsSignature() throws {
        let f = try makeReplica()
        // The forger recomputes the receipt chain after re-timing an event, but cannot sign.
        try DatabaseQueue(path: f.path).write { db in
            try db.execute(sql: "UPDATE events SET recorded_ms = recorded_ms + 86400000 WHERE seq = 5")
            try db.execute(sql: "DELETE FROM receipt_chain")
            var previous = Data(repeating: 0, count: 32)
            for row in try Row.fetchAll(
                db, sql: "SELECT seq, recorded_ms, device, counter, hash FROM events ORDER BY seq")
            {
                previous = HashChain.receiptHash(
                    previous: previous, seq: row[0], recordedMs: row[1], device: row[2], counter: row[3],
                    eventHash: row[4])
                try db.execute(
                    sql: "INSERT INTO receipt_chain (seq, hash) VALUES (?, ?)", arguments: [row[0], previous])
            }
        }
        let report = try f.reopen().verifyIntegrity()
        #expect(report.problems.contains { $0.kind == .receiptAltered || $0.kind == .receiptUnsigned })
        #expect(!report.isIntact)
    }

    /// Without something kept outside the file, a tail cut with its signed heads looks like a
    /// shorter history; the receipt an auditor kept catches it.
    @Test func aCutTailPassesAloneButNotAgainstAReceipt() throws {
        let f = try makeReplica()
        let receipt = try f.store.receipt()
        #expect(!receipt.heads.isEmpty && receipt.local != nil)
        #expect(try f.store.verifyIntegrity(against: receipt).isIntact)
        try DatabaseQueue(path: f.path).write { db in
            let last = try Int64.fetchOne(db, sql: "SELECT max(counter) FROM events") ?? 0
            try db.execute(sql: "DELETE FROM events WHERE counter > ?", arguments: [last - 3])
            try db.execute(sql: "DELETE FROM chain_heads WHERE counter > ?", arguments: [last - 3])
            try db.execute(sql: "DELETE FROM receipt_chain WHERE seq > (SELECT max(seq) FROM events)")
            try db.execute(sql: "DELETE FROM receipt_heads WHERE seq > (SELECT max(seq) FROM events)")
        }
        let reopened = try f.reopen()
        let alone = try reopened.verifyIntegrity()
        #expect(!alone.problems.contains { $0.kind == .contradictsReceipt })
        let against = try reopened.verifyIntegrity(against: receipt)
        #expect(against.problems.filter { $0.kind == .contradictsReceipt }.count == 2, "\(against.problems)")
        // A receipt that was itself edited does not verify.
        var forged = receipt
        forged = Receipt(
            takenAt: forged.takenAt,
            heads: forged.heads.map {
                .init(
                    device: $0.device, counter: $0.counter + 1, hash: $0.hash, signature: $0.signature,
                    publicKey: $0.publicKey)
            }, local: nil)
        #expect(try f.reopen().verifyIntegrity(against: forged).problems.contains { $0.message.contains("not signed") })
    }

    @Test func receiptsOfEventsStoredBeforeThemAreChainedAndSealedOnUpgrade() throws {
        let f = try makeReplica()
        try DatabaseQueue(path: f.path).write { db in
            try db.execute(sql: "DROP TABLE receipt_chain; DROP TABLE receipt_heads")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v4-receipt-chain'")
        }
        let upgraded = try f.reopen()
        let report = try upgraded.verifyIntegrity()
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.receiptsSigned == report.receiptsChecked && (report.receiptsChecked ?? 0) > 0)
    }
}
