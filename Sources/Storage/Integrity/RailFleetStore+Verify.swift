import Domain
import Foundation
import GRDB

extension RailFleetStore {
    /// Checks every device's hash chain, the continuity of its counters and the signatures
    /// of its heads. Reads the stored bytes; trusts nothing derived from them.
    ///
    /// - Complexity: O(events) hashes and one signature verification per commit.
    public func verifyIntegrity() throws -> IntegrityReport {
        try writer.read { db in
            var report = IntegrityReport()
            let devices = try String.fetchAll(db, sql: "SELECT DISTINCT device FROM events ORDER BY device")
            let cuts = try RetirementCuts.held(db)
            for device in devices {
                var problems: [IntegrityReport.Problem] = []
                func problem(_ kind: IntegrityReport.ProblemKind, _ counter: Int64?, _ message: String) {
                    problems.append(.init(kind: kind, device: device, counter: counter, message: message))
                }
                let rows = try EventRow.fetch(db, where: "device = ?", arguments: [device], suffix: "ORDER BY counter")
                var hashes: [Int64: Data] = [:]
                var expected: Int64 = 1
                var previous = HashChain.genesis
                let publicKey = try Self.enrolledKey(of: device, db)
                for row in rows {
                    if row.counter != expected {
                        let range = expected == row.counter - 1 ? "\(expected)" : "\(expected)–\(row.counter - 1)"
                        problem(
                            .missing, expected, "\(device): event(s) \(range) missing before \(device):\(row.counter)")
                        previous = hashes[row.counter - 1] ?? previous
                    }
                    let recomputed = HashChain.hash(of: row, previous: previous)
                    if recomputed != row.hash {
                        problem(
                            .altered, row.counter,
                            "\(device):\(row.counter) (\(row.eventType)) does not match its hash: altered, reordered or re-chained"
                        )
                    }
                    hashes[row.counter] = row.hash
                    previous = row.hash
                    expected = row.counter + 1
                }
                let heads = try Row.fetchAll(
                    db, sql: "SELECT counter, hash, signature FROM chain_heads WHERE device = ? ORDER BY counter",
                    arguments: [device])
                var lastSigned: Int64?
                if let publicKey {
                    for head in heads {
                        let counter: Int64 = head["counter"]
                        let hash: Data = head["hash"]
                        let signature: Data = head["signature"]
                        let message = HashChain.headMessage(device: device, counter: counter, hash: hash)
                        if !DeviceKey.verify(signature: signature, of: message, publicKeyHex: publicKey) {
                            problem(
                                .badSignature, counter, "signature of \(device)'s head at \(counter) does not verify")
                        } else if hashes[counter] != hash {
                            problem(
                                .badSignature, counter,
                                "\(device)'s signed head at \(counter) names a hash the chain does not hold")
                        } else {
                            lastSigned = max(lastSigned ?? 0, counter)
                        }
                    }
                } else {
                    problem(
                        .unknownDevice, nil, "\(device) has no enrolment event, so its signatures cannot be checked")
                }
                if let last = rows.last, cuts.vouches(for: device, counter: last.counter, hash: last.hash) {
                    lastSigned = last.counter
                }
                if let last = rows.last?.counter, last > (lastSigned ?? 0), publicKey != nil {
                    problem(
                        .unsigned, last,
                        "\(device): events after \(lastSigned ?? 0) up to \(last) are not covered by a valid signature")
                }
                report.devices.append(
                    .init(device: device, events: rows.count, signedHeads: heads.count, lastSignedCounter: lastSigned))
                report.problems += problems
            }
            try Self.verifyReceipts(db, into: &report)
            return report
        }
    }

    /// Checks this replica's receipt chain: every stored event's seq and recorded time as
    /// chained when it was stored, and the chain's signed heads.
    static func verifyReceipts(_ db: Database, into report: inout IntegrityReport) throws {
        guard let replica = try Row.fetchOne(db, sql: "SELECT device_id, public_key FROM identity") else { return }
        let device: String = replica[0]
        let publicKey: String = replica[1]
        func problem(_ kind: IntegrityReport.ProblemKind, _ seq: Int64?, _ message: String) {
            report.problems.append(.init(kind: kind, device: device, counter: seq, message: message))
        }
        var stored: [Int64: Data] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT seq, hash FROM receipt_chain") { stored[row[0]] = row[1] }
        // The whole chain, kept for the heads below; `stored` is used up matching events.
        let chained = stored
        var previous = HashChain.genesis
        var altered: [Int64] = []
        var lastSeq: Int64 = 0
        let events = try Row.fetchCursor(
            db,
            sql: """
                SELECT seq, recorded_ms, device, counter, hash FROM events
                UNION ALL SELECT seq, recorded_ms, device, counter, hash FROM cut_events ORDER BY seq
                """)
        while let row = try events.next() {
            let seq: Int64 = row[0]
            let recomputed = HashChain.receiptHash(
                previous: previous, seq: seq, recordedMs: row[1], device: row[2], counter: row[3], eventHash: row[4])
            let kept = stored.removeValue(forKey: seq)
            if kept != recomputed { altered.append(seq) }
            // Go on from what was kept, so that one change is named once, not at every later link.
            previous = kept ?? recomputed
            lastSeq = seq
        }
        if let first = altered.first {
            problem(
                .receiptAltered, first,
                "this replica's receipt of \(altered.count) event(s), first at seq \(first), was changed: their order or recorded time is not what was stored"
            )
        }
        if let missing = stored.keys.min() {
            problem(
                .receiptAltered, missing,
                "\(stored.count) event(s) this replica received, first at seq \(missing), are gone from the log")
        }
        var lastSigned: Int64 = 0
        for head in try Row.fetchAll(db, sql: "SELECT seq, hash, signature FROM receipt_heads ORDER BY seq") {
            let seq: Int64 = head[0]
            let hash: Data = head[1]
            let message = HashChain.receiptMessage(replica: device, seq: seq, hash: hash)
            if !DeviceKey.verify(signature: head[2], of: message, publicKeyHex: publicKey) {
                problem(
                    .receiptUnsigned, seq, "the signature of this replica's receipt head at seq \(seq) does not verify")
            } else if chained[seq] != hash {
                problem(.receiptAltered, seq, "this replica's signed receipt head at seq \(seq) is not in its chain")
            } else {
                lastSigned = max(lastSigned, seq)
            }
        }
        if lastSeq > lastSigned, !chained.isEmpty {
            problem(
                .receiptUnsigned, lastSeq,
                "this replica's receipts after seq \(lastSigned) up to \(lastSeq) are not covered by a valid signature")
        }
        report.receiptsChecked = lastSeq
        report.receiptsSigned = lastSigned
    }
}

extension RailFleetStore {
    /// Recomputes every stored hash from the stored bytes, as a forger who knows the
    /// algorithm but not the key would. Tests use it to show that signatures still catch it.
    package func rechainForTesting() throws {
        try writer.write { db in
            for device in try String.fetchAll(db, sql: "SELECT DISTINCT device FROM events") {
                var previous = HashChain.genesis
                for row in try EventRow.fetch(db, where: "device = ?", arguments: [device], suffix: "ORDER BY counter")
                {
                    let hash = HashChain.hash(of: row, previous: previous)
                    try db.execute(sql: "UPDATE events SET hash = ? WHERE seq = ?", arguments: [hash, row.seq])
                    previous = hash
                }
            }
        }
    }
}
