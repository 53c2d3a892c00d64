import Domain
import Foundation
import GRDB
import TestSupport
import Testing

@testable import Storage

/// Incremental verification reads only what is new since the last intact one, and still
/// catches every tampering the full one does: edits noted by the log's triggers send it back
/// to reading everything, and a forged or moved mark is refused by its signature.
@Suite struct IncrementalVerificationTests {
    /// A replica with history, verified once (which leaves the mark), then 1,000 events more.
    func verifiedReplica() throws -> (StoreFixture, WorkshopFloor.IDs) {
        let fixture = try StoreFixture()
        let floor = try WorkshopFloor.build(with: fixture)
        try write(200, on: fixture, floor)
        let first = try fixture.store.verifyIncrementally()
        #expect(first.isIntact && !first.incremental && first.fullBecause != nil)
        try write(1_000, on: fixture, floor)
        return (fixture, floor)
    }

    func write(_ count: Int, on fixture: StoreFixture, _ floor: WorkshopFloor.IDs) throws {
        let admin = try fixture.store.actor(for: WorkshopFloor.admin)
        let start = try fixture.store.fleet().first?.odometerKm ?? 0
        for chunk in stride(from: 0, to: count, by: 100) {
            fixture.nowMs += 60_000
            try fixture.store.execute(
                batch: (chunk..<min(count, chunk + 100)).map {
                    RailFleetStore.BatchItem(
                        .recordOdometer(vehicleID: floor.vehicle, km: start + 1 + $0, source: "t"), by: admin)
                })
        }
    }

    /// Edits the file as another program would, through its own connection.
    func tamper(_ fixture: StoreFixture, _ sql: String) throws {
        let queue = try DatabaseQueue(path: fixture.path)
        try queue.write { db in try db.execute(sql: sql) }
    }

    @Test func onlyWhatIsNewIsReadAndTheMarkMovesOn() throws {
        let (fixture, _) = try verifiedReplica()
        let report = try fixture.store.verifyIncrementally()
        #expect(report.isIntact && report.incremental && report.fullBecause == nil)
        #expect(report.eventsChecked == 1_000, "only the events after the mark: \(report.eventsChecked)")
        let full = try fixture.store.verifyIntegrity()
        #expect(full.eventsChecked > 1_200 && full.isIntact)
        #expect(report.devices.map(\.events) == full.devices.map(\.events))
        #expect(report.receiptsChecked == full.receiptsChecked && report.receiptsSigned == full.receiptsSigned)
        #expect(try fixture.store.verifyIncrementally().eventsChecked == 0, "nothing new: nothing read")
        // Another process opening the file goes on from the same mark.
        #expect(try fixture.reopen().verifyIncrementally().incremental)
    }

    /// Every way of changing what was verified, each on a fresh replica: the incremental
    /// verification fails exactly as the full one does.
    @Test(arguments: [
        "UPDATE events SET payload = replace(payload, '\"km\":', '\"km\":9') WHERE seq = 40",
        "DELETE FROM events WHERE seq = 40",
        "DELETE FROM chain_heads WHERE rowid IN (SELECT rowid FROM chain_heads ORDER BY counter DESC LIMIT 1)",
        "UPDATE receipt_chain SET hash = randomblob(32) WHERE seq = 30",
        "UPDATE events SET recorded_ms = recorded_ms + 1 WHERE seq = 35",
        "DELETE FROM receipt_heads",
        "UPDATE events SET hlc_ms = hlc_ms - 1000 WHERE seq = 50",
    ])
    func everyTamperingTheFullVerificationCatchesIsCaught(sql: String) throws {
        let (fixture, _) = try verifiedReplica()
        try tamper(fixture, sql)
        let full = try fixture.store.verifyIntegrity()
        let incremental = try fixture.store.verifyIncrementally()
        #expect(!full.isIntact, "the full verification catches it")
        #expect(!incremental.isIntact && !incremental.incremental, "\(incremental.problems)")
        #expect(Set(incremental.problems.map(\.kind)) == Set(full.problems.map(\.kind)))
        #expect(
            try !fixture.store.verifyIncrementally().incremental, "a failed verification leaves no mark to go on from")
    }

    @Test func aReChainedLogIsCaughtWithoutReadingItAgain() throws {
        let (fixture, _) = try verifiedReplica()
        // An old event changed and every later hash recomputed, with the trigger gone so that
        // nothing notes it, and the trigger put back.
        try tamper(fixture, "DROP TRIGGER note_update_events")
        try tamper(fixture, "UPDATE events SET payload = replace(payload, '\"km\":', '\"km\":9') WHERE seq = 40")
        try fixture.store.rechainForTesting()
        try tamper(fixture, VerificationCheckpoint.triggers.first { $0.name == "note_update_events" }!.sql)
        try tamper(fixture, "DELETE FROM log_edits")
        let report = try fixture.store.verifyIncrementally()
        #expect(report.incremental, "nothing said to read it all")
        #expect(
            report.problems.contains {
                $0.kind == .altered && $0.message.contains("no longer holds the hash verified")
            },
            "the mark's hash is not the re-chained one: \(report.problems)")
    }

    @Test func removedTriggersOrAForgedMarkSendItBackToTheStart() throws {
        let (fixture, _) = try verifiedReplica()
        try tamper(fixture, "DROP TRIGGER note_delete_events")
        let dropped = try fixture.store.verifyIncrementally()
        #expect(!dropped.incremental && dropped.fullBecause?.contains("triggers") == true && dropped.isIntact)
        let restored = try fixture.reopen().writer.read { db in try VerificationCheckpoint.installedTriggers(db) }
        #expect(restored["note_delete_events"] != nil, "an intact verification puts the trigger back")

        try tamper(
            fixture, "UPDATE verification_checkpoint SET marks = replace(marks, '\"counter\":', '\"counter\":1')")
        let forged = try fixture.store.verifyIncrementally()
        #expect(!forged.incremental && forged.fullBecause?.contains("not signed") == true && forged.isIntact)
    }

    /// What a forger who knows the schema can hide from the incremental check (edit the
    /// bytes of an old event without re-chaining, with the triggers removed and put back and
    /// the notes deleted) the full verification still catches: it is what `audit verify
    /// --full` and the terminal interface's background check run.
    @Test func whatTheIncrementalCheckCannotSeeTheFullOneCatches() throws {
        let (fixture, _) = try verifiedReplica()
        try tamper(fixture, "DROP TRIGGER note_update_events")
        try tamper(fixture, "UPDATE events SET payload = replace(payload, '\"km\":', '\"km\":9') WHERE seq = 40")
        try tamper(fixture, VerificationCheckpoint.triggers.first { $0.name == "note_update_events" }!.sql)
        #expect(try fixture.store.verifyIncrementally().isIntact, "the limit, as documented")
        #expect(try !fixture.store.verifyIntegrity().isIntact)
    }
}
