import Domain
import Foundation
import GRDB

extension RailFleetStore {
    /// Checks every device's hash chain, the continuity of its counters and the signatures
    /// of its heads, and this replica's receipt chain, from the first event. Reads the stored
    /// bytes; trusts nothing derived from them.
    ///
    /// - Parameter progress: told the events checked so far and in all, every 10,000.
    /// - Returns: every problem found, and how far the chains were checked.
    /// - Throws: `StorageError` when the database cannot be read.
    /// - Complexity: O(events) hashes and one signature verification per commit.
    public func verifyIntegrity(progress: ((Int, Int) -> Void)? = nil) throws -> IntegrityReport {
        try writer.read { db in try Self.verify(db, from: nil, progress: progress).report }
    }

    /// Checks only what is new since the last intact verification: each chain from the
    /// event it was verified up to, which must still hold the hash verified then, and the
    /// receipts likewise. That mark is kept signed with this replica's key
    /// (`VerificationCheckpoint`); triggers note every change to a row of the log, its heads
    /// or its receipts. Everything is read again when there is no mark yet, when its
    /// signature fails, when any row of the log was changed or removed since, or when those
    /// triggers were changed; the report says which. An intact result becomes the new mark
    /// when the file can be written.
    ///
    /// - Parameter progress: as for `verifyIntegrity`.
    /// - Returns: the problems found, whether only what is new was read, and if not, why.
    /// - Throws: `StorageError` when the database cannot be read.
    public func verifyIncrementally(progress: ((Int, Int) -> Void)? = nil) throws -> IntegrityReport {
        let identity = try requireIdentity()
        let (report, marks) = try writer.read { db in
            let (checkpoint, reason) = try VerificationCheckpoint.load(db, identity: identity)
            let editsSeen = try VerificationCheckpoint.lastEdit(db)
            var outcome = try Self.verify(db, from: checkpoint, progress: progress)
            outcome.report.fullBecause = reason
            outcome.marks.editsSeen = editsSeen
            return outcome
        }
        if report.isIntact, access == .readWrite, let key = try? signingKey() {
            try writer.write { db in try VerificationCheckpoint.save(marks, key: key, db) }
        }
        return report
    }

    /// Verifies from `checkpoint` (nil: from the first event).
    static func verify(_ db: Database, from checkpoint: VerificationCheckpoint.Marks?, progress: ((Int, Int) -> Void)?)
        throws -> (report: IntegrityReport, marks: VerificationCheckpoint.Marks)
    {
        var report = IntegrityReport()
        report.incremental = checkpoint != nil
        var marks = VerificationCheckpoint.Marks()
        let devices = try String.fetchAll(db.cachedStatement(sql: "SELECT DISTINCT device FROM events ORDER BY device"))
        let total = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM events")) ?? 0
        let cuts = try RetirementCuts.held(db)
        for device in devices {
            var problems: [IntegrityReport.Problem] = []
            func problem(_ kind: IntegrityReport.ProblemKind, _ counter: Int64?, _ message: String) {
                problems.append(.init(kind: kind, device: device, counter: counter, message: message))
            }
            let start = checkpoint?.chains[device]
            var hashes: [Int64: Data] = [:]
            var expected: Int64 = 1
            var previous = HashChain.genesis
            var lastRow: (counter: Int64, hash: Data)?
            if let start {
                let held = try Data.fetchOne(
                    db.cachedStatement(sql: "SELECT hash FROM events WHERE device = ? AND counter = ?"),
                    arguments: [device, start.counter])
                if held != start.hash {
                    problem(
                        .altered, start.counter,
                        "\(device):\(start.counter) no longer holds the hash verified at the last check: altered, removed or re-chained since"
                    )
                }
                hashes[start.counter] = start.hash
                expected = start.counter + 1
                previous = start.hash
                lastRow = (start.counter, start.hash)
            }
            let publicKey = try Self.enrolledKey(of: device, db)
            let rows = try EventRow.fetch(
                db, where: "device = ? AND counter > ?", arguments: [device, start?.counter ?? 0],
                suffix: "ORDER BY counter")
            for row in rows {
                if row.counter != expected {
                    let range = expected == row.counter - 1 ? "\(expected)" : "\(expected)–\(row.counter - 1)"
                    problem(.missing, expected, "\(device): event(s) \(range) missing before \(device):\(row.counter)")
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
                lastRow = (row.counter, row.hash)
                report.eventsChecked += 1
                if report.eventsChecked % 10_000 == 0 { progress?(report.eventsChecked, total) }
            }
            let heads = try Row.fetchAll(
                db.cachedStatement(
                    sql:
                        "SELECT counter, hash, signature FROM chain_heads WHERE device = ? AND counter > ? ORDER BY counter"
                ),
                arguments: [device, start?.counter ?? 0])
            var lastSigned = start?.signed
            if let publicKey {
                for head in heads {
                    let counter: Int64 = head["counter"]
                    let hash: Data = head["hash"]
                    let signature: Data = head["signature"]
                    let message = HashChain.headMessage(device: device, counter: counter, hash: hash)
                    if !DeviceKey.verify(signature: signature, of: message, publicKeyHex: publicKey) {
                        problem(.badSignature, counter, "signature of \(device)'s head at \(counter) does not verify")
                    } else if hashes[counter] != hash {
                        problem(
                            .badSignature, counter,
                            "\(device)'s signed head at \(counter) names a hash the chain does not hold")
                    } else {
                        lastSigned = max(lastSigned ?? 0, counter)
                    }
                }
            } else {
                problem(.unknownDevice, nil, "\(device) has no enrolment event, so its signatures cannot be checked")
            }
            if let last = lastRow, cuts.vouches(for: device, counter: last.counter, hash: last.hash) {
                lastSigned = last.counter
            }
            if let last = lastRow?.counter, last > (lastSigned ?? 0), publicKey != nil {
                problem(
                    .unsigned, last,
                    "\(device): events after \(lastSigned ?? 0) up to \(last) are not covered by a valid signature")
            }
            let counts = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT (SELECT count(*) FROM events WHERE device = ?1), (SELECT count(*) FROM chain_heads WHERE device = ?1)
                        """), arguments: [device])
            report.devices.append(
                .init(
                    device: device, events: counts?[0] ?? 0, signedHeads: counts?[1] ?? 0,
                    lastSignedCounter: lastSigned))
            if let last = lastRow {
                marks.chains[device] = .init(counter: last.counter, hash: last.hash, signed: lastSigned)
            }
            report.problems += problems
        }
        // A device the mark knew whose events are all gone now.
        for (device, mark) in checkpoint?.chains ?? [:] where !devices.contains(device) {
            report.problems.append(
                .init(
                    kind: .missing, device: device, counter: mark.counter,
                    message: "\(device): all of its \(mark.counter) event(s) verified at the last check are gone"))
        }
        marks.receipts = try Self.verifyReceipts(db, from: checkpoint?.receipts, into: &report)
        return (report, marks)
    }

    /// Checks this replica's receipt chain: every stored event's seq and recorded time as
    /// chained when it was stored, and the chain's signed heads; from `start` when given.
    ///
    /// - Returns: where the chain ends, for the next incremental check.
    static func verifyReceipts(
        _ db: Database, from start: VerificationCheckpoint.Marks.Receipts?, into report: inout IntegrityReport
    ) throws -> VerificationCheckpoint.Marks.Receipts? {
        guard let replica = try Row.fetchOne(db.cachedStatement(sql: "SELECT device_id, public_key FROM identity"))
        else { return nil }
        let device: String = replica[0]
        let publicKey: String = replica[1]
        func problem(_ kind: IntegrityReport.ProblemKind, _ seq: Int64?, _ message: String) {
            report.problems.append(.init(kind: kind, device: device, counter: seq, message: message))
        }
        let from = start?.seq ?? 0
        if let start,
            try Data.fetchOne(
                db.cachedStatement(sql: "SELECT hash FROM receipt_chain WHERE seq = ?"), arguments: [start.seq])
                != start.hash
        {
            problem(
                .receiptAltered, start.seq,
                "this replica's receipt at seq \(start.seq) is not the one verified at the last check")
        }
        var stored: [Int64: Data] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(sql: "SELECT seq, hash FROM receipt_chain WHERE seq > ?"), arguments: [from])
        {
            stored[row[0]] = row[1]
        }
        // The whole chain, kept for the heads below; `stored` is used up matching events.
        var chained = stored
        if let start { chained[start.seq] = start.hash }
        var previous = start?.hash ?? HashChain.genesis
        var altered: [Int64] = []
        var lastSeq = from
        let events = try Row.fetchCursor(
            db,
            sql: """
                SELECT seq, recorded_ms, device, counter, hash FROM events WHERE seq > ?1
                UNION ALL SELECT seq, recorded_ms, device, counter, hash FROM cut_events WHERE seq > ?1 ORDER BY seq
                """, arguments: [from])
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
        var lastSigned = start?.signed ?? 0
        for head in try Row.fetchAll(
            db.cachedStatement(sql: "SELECT seq, hash, signature FROM receipt_heads WHERE seq > ? ORDER BY seq"),
            arguments: [from])
        {
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
        return chained[lastSeq].map { .init(seq: lastSeq, hash: $0, signed: lastSigned) }
    }
}

extension RailFleetStore {
    /// Recomputes every stored hash from the stored bytes, as a forger who knows the
    /// algorithm but not the key would. Tests use it to show that signatures still catch it.
    package func rechainForTesting() throws {
        try writer.write { db in
            for device in try String.fetchAll(db.cachedStatement(sql: "SELECT DISTINCT device FROM events")) {
                var previous = HashChain.genesis
                for row in try EventRow.fetch(db, where: "device = ?", arguments: [device], suffix: "ORDER BY counter")
                {
                    let hash = HashChain.hash(of: row, previous: previous)
                    try db.cachedStatement(sql: "UPDATE events SET hash = ? WHERE seq = ?").execute(arguments: [
                        hash, row.seq,
                    ])
                    previous = hash
                }
            }
        }
    }
}
