import Domain
import Foundation
import GRDB
import TestSupport
import Testing

@testable import Storage

/// Writes an event into a replica's own chain as a tampered build of RailFleet would: hashed,
/// chained and signed with the device's real key, but without the authority check, claiming
/// whatever user and role the forger likes (and what the device had truly seen).
func forge(_ f: StoreFixture, _ event: DomainEvent, on ref: AggregateRef, user: String, role: Role) throws {
    try f.store.write { session in
        let db = session.db
        let device = session.device.rawValue
        let last = try Row.fetchOne(
            db, sql: "SELECT counter, hash FROM events WHERE device = ? ORDER BY counter DESC LIMIT 1",
            arguments: [device])
        let counter: Int64 = (last?[0] ?? 0) + 1
        let stamp = session.clock.tick(nowMs: session.nowMs)
        var row = EventRow(
            seq: 0, device: device, counter: counter, hlcMs: stamp.physicalMs, hlcLogical: Int64(stamp.logical),
            recordedMs: session.nowMs, aggregateKind: ref.kind.rawValue, aggregateID: ref.id,
            eventType: event.eventType, schemaVersion: event.schemaVersion, user: user, role: role.rawValue,
            correlationID: "\(device):\(counter)", causationID: nil,
            payload: String(decoding: try EventCodec.encode(event), as: UTF8.self), hash: Data(),
            seen: session.membershipSeen)
        row.hash = HashChain.hash(of: row, previous: last?[1] ?? HashChain.genesis)
        try row.insert(db)
        let signature = try f.store.signingKey().sign(
            HashChain.headMessage(device: device, counter: counter, hash: row.hash))
        try db.execute(
            sql: "INSERT INTO chain_heads (device, counter, hash, signature) VALUES (?, ?, ?, ?)",
            arguments: [device, counter, row.hash, signature])
    }
}

/// A fleet and its members: who may join, who may write what, and what every replica refuses.
@Suite struct SyncTrustTests {
    /// The founder, a joined bench terminal with a technician and a planner, in sync.
    func makeFleet() throws -> (founder: StoreFixture, bench: StoreFixture) {
        let founder = try StoreFixture()
        try founder.run(.addUser(name: "tom", role: .technician))
        try founder.run(.addUser(name: "pia", role: .planner))
        let bench = try StoreFixture(joining: founder)
        return (founder, bench)
    }

    func refusal(_ from: StoreFixture, to: StoreFixture) throws -> String? {
        let count = try to.store.eventCount
        let before = try to.store.dumpReadModels()
        let error = #expect(throws: StorageError.self) { try from.deliver(to: to) }
        #expect(try to.store.eventCount == count, "nothing of a refused bundle is stored")
        #expect(try to.store.dumpReadModels() == before)
        return error?.message
    }

    @Test func aJoinedTerminalBecomesAMemberThroughABundleFile() throws {
        let founder = try StoreFixture()
        let folder = founder.folder.appendingPathComponent("bench")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let bench = try RailFleetStore.create(
            at: folder.appendingPathComponent("bench.sqlite").path, deviceName: "bench 7",
            beginning: .joining(fleet: nil),
            wallClockMs: { founder.nowMs })
        // The request survives its text form; a mangled copy is refused.
        let request = try EnrolmentRequest(parsing: try bench.enrolmentRequest().text)
        #expect(request == (try bench.enrolmentRequest()))
        #expect(throws: StorageError.self) {
            try EnrolmentRequest(parsing: request.text.replacingOccurrences(of: "rfjoin1:-:", with: "rfjoin1:-:0"))
        }
        // Before its enrolment, nothing of the fleet is taken.
        let early = try BundleFile.encode(try founder.store.bundle(after: VersionVector()))
        #expect(throws: StorageError.self) { try bench.importBundle(early) }
        #expect(bench.identity?.fleet == nil)
        try founder.store.enrol(request, as: "alice")
        let file = try BundleFile.encode(try founder.store.bundle(after: try bench.versionVector()))
        #expect(try bench.importBundle(file).count == (try founder.store.eventCount))
        #expect(try bench.importBundle(file).isEmpty, "importing twice changes nothing")
        #expect(bench.identity?.fleet == founder.store.identity?.fleet)
        #expect(bench.identity?.founder == founder.store.identity?.device)
        // Now a member: its events count at the founder.
        try bench.execute(.addUser(name: "ines", role: .auditor), as: "alice")
        let back = try BundleFile.encode(try bench.bundle(after: try founder.store.versionVector()))
        #expect(try founder.store.importBundle(back).count == 1)
        #expect(try founder.store.users().contains { $0.name == "ines" })
        #expect(try founder.store.deviceList().first { $0.name == "bench 7" }?.enrolledBy?.hasPrefix("alice@") == true)
    }

    @Test func aDamagedTruncatedOrForeignFileIsRefusedWhole() throws {
        let (founder, bench) = try makeFleet()
        try founder.run(.addUser(name: "una", role: .auditor))
        let file = try BundleFile.encode(try founder.store.bundle(after: try bench.store.versionVector()))
        var flipped = file
        flipped[flipped.count - 10] ^= 0x40
        let foreign = try BundleFile.encode(try StoreFixture().store.bundle(after: VersionVector()))
        let cases: [(Data, String)] = [
            (flipped, "checksum does not match"), (file.prefix(file.count - 7), "cut short"),
            (foreign, "belongs to fleet"), (Data("hello".utf8), "bundle header"), (Data(), "bundle header"),
            (
                Data(
                    String(decoding: file, as: UTF8.self).replacingOccurrences(
                        of: "RAILFLEET-BUNDLE 1", with: "RAILFLEET-BUNDLE 9"
                    ).utf8), "format 9"
            ),
        ]
        for (data, reason) in cases {
            let count = try bench.store.eventCount
            let error = #expect(throws: StorageError.self) { try bench.store.importBundle(data) }
            #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
            #expect(try bench.store.eventCount == count)
        }
        #expect(try bench.store.importBundle(file).count == 1)
    }

    @Test func eventsBeyondWhatTheirAuthorMayWriteAreRefusedEverywhere() throws {
        let cases: [(DomainEvent, AggregateRef, String, Role, String)] = [
            (
                .userAdded(UserAdded(name: "mallory", role: .admin)), AggregateRef(.user, "mallory"), "tom", .admin,
                "'tom' was technician, not admin"
            ),
            (
                .userAdded(UserAdded(name: "mallory", role: .admin)), AggregateRef(.user, "mallory"), "tom",
                .technician,
                "a technician may not add users"
            ),
            (
                .userAdded(UserAdded(name: "mallory", role: .admin)), AggregateRef(.user, "mallory"), "ghost", .admin,
                "user 'ghost' does not exist"
            ),
            (
                .vehicleRegistered(
                    VehicleRegistered(
                        fleetNumber: "9", evn: "", vehicleClass: "X", kind: .coach, keeper: nil, depot: nil,
                        commissionedOn: nil, odometerKm: 0)),
                AggregateRef(.vehicle, "V-x"), "tom", .technician, "a technician may not register vehicles"
            ),
            (
                .deviceRetired(DeviceRetired(lastCounter: 1, lastHash: nil, reason: "spite")),
                AggregateRef(.device, "00000000"),
                "pia", .planner,
                "a planner may not retire devices"
            ),
        ]
        for (event, ref, user, role, reason) in cases {
            let (founder, bench) = try makeFleet()
            try forge(bench, event, on: ref, user: user, role: role)
            let message = try refusal(bench, to: founder)
            #expect(message?.contains(reason) == true, "\(message ?? "")")
            // A third member that gets the forgery by way of another refuses it too.
            let third = try StoreFixture(joining: founder)
            #expect(try refusal(bench, to: third)?.contains(reason) == true)
        }
    }

    @Test func anAdminAddedByAFreshlyJoinedTerminalIsRefused() throws {
        let founder = try StoreFixture()
        let fresh = try StoreFixture(startMs: founder.nowMs, beginning: .joining(fleet: founder.store.identity?.fleet))
        try founder.store.enrol(try fresh.store.enrolmentRequest(), as: "alice")
        // It has seen nothing of the fleet, not even its own enrolment: nothing it writes counts.
        try forge(
            fresh, .userAdded(UserAdded(name: "mallory", role: .admin)), on: AggregateRef(.user, "mallory"),
            user: "alice", role: .admin)
        let message = try refusal(fresh, to: founder)
        #expect(message?.contains("was not enrolled in what it had seen") == true, "\(message ?? "")")
    }

    @Test func aDemotionIsNotUndoneByATerminalThatHadNotSeenIt() throws {
        let (founder, bench) = try makeFleet()
        // Offline: the founder demotes pia; the bench, later by the clock, makes her planner
        // again (and an admin there had not seen the demotion).
        try founder.run(.changeUserRole(name: "pia", role: .technician))
        bench.nowMs = founder.nowMs + 3_600_000
        try bench.run(.changeUserRole(name: "pia", role: .planner))
        // Work pia does on the bench as a planner, before it hears of the demotion, counts.
        try bench.run(.registerWorkshop(WorkshopRegistered(name: "Werk Ulm", depot: "Ulm", roads: 2, skills: [])))
        try bench.run(.addUser(name: "otto", role: .dispatcher), as: "alice")
        try bench.deliver(to: founder)
        try founder.deliver(to: bench)
        for replica in [founder, bench] {
            #expect(try replica.store.users().first { $0.name == "pia" }?.role == .technician)
            #expect(try replica.store.users().contains { $0.name == "otto" })
        }
        #expect(try founder.store.dumpReadModels() == bench.store.dumpReadModels())
        // A change that has seen both settles it.
        try bench.run(.changeUserRole(name: "pia", role: .planner))
        try bench.deliver(to: founder)
        #expect(try founder.store.users().first { $0.name == "pia" }?.role == .planner)
    }

    @Test func anEventStampedFarAheadIsRefusedUntilTheClockReachesIt() throws {
        let (founder, bench) = try makeFleet()
        bench.nowMs = founder.nowMs + 3_600_000
        try bench.run(.addUser(name: "otto", role: .dispatcher))
        let count = try founder.store.eventCount
        let bundle = try bench.store.bundle(after: try founder.store.versionVector())
        let error = #expect(throws: StorageError.self) { try founder.store.merge(bundle, at: founder.nowMs) }
        #expect(error?.message.contains("ahead of this replica's clock") == true, "\(error?.message ?? "")")
        #expect(try founder.store.eventCount == count)
        // A negative allowance edited into the file counts as the least one, not as "refuse all".
        try founder.store.writer.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO settings (name, value) VALUES ('max_clock_ahead_ms', '-5')")
        }
        let clamped = #expect(throws: StorageError.self) { try founder.store.merge(bundle, at: founder.nowMs) }
        #expect(clamped?.message.contains("at most 1 s is allowed") == true, "\(clamped?.message ?? "")")
        // The allowance is a setting; and once real time reaches the stamp, the event is taken.
        try founder.store.setMaxClockAhead(ms: 2 * 3_600_000)
        #expect(try founder.store.merge(bundle, at: founder.nowMs).count == 1)
    }

    @Test func aRetiredTerminalIsCutOffAtItsLastCounterEverywhere() throws {
        let (founder, bench) = try makeFleet()
        let third = try StoreFixture(joining: founder)
        try bench.run(.addUser(name: "otto", role: .dispatcher))
        try bench.deliver(to: founder)
        let benchID = try #require(bench.store.identity?.device)
        let held = try #require(try founder.store.deviceList().first { $0.deviceID == benchID.rawValue }?.holds)
        // The bench is stolen; the thief keeps writing.
        try founder.run(.retireDevice(benchID, lastCounter: held, reason: "stolen from depot"))
        try bench.run(.addUser(name: "thief", role: .admin))
        try founder.deliver(to: third)
        for replica in [founder, third] {
            #expect(try refusal(bench, to: replica)?.contains("was retired") == true)
            #expect(try !replica.store.users().contains { $0.name == "thief" })
            #expect(try replica.store.users().contains { $0.name == "otto" }, "what it wrote before the cut counts")
        }
        // A terminal cannot retire itself, and a retired one writes nothing once it knows.
        #expect(throws: StorageError.self) {
            try founder.run(.retireDevice(try #require(founder.store.identity?.device), lastCounter: 1, reason: "x"))
        }
        let bench2 = try StoreFixture(joining: founder)
        try founder.run(.retireDevice(try #require(bench2.store.identity?.device), lastCounter: 0, reason: "replaced"))
        try founder.deliver(to: bench2)
        let error = #expect(throws: StorageError.self) { try bench2.run(.addUser(name: "z", role: .auditor)) }
        #expect(error?.message.contains("was retired") == true)
    }

    @Test func aReplicaThatTookATailBeforeTheRetirementCutsItAndConverges() throws {
        let (founder, bench) = try makeFleet()
        let third = try StoreFixture(joining: founder)
        try bench.run(.addUser(name: "otto", role: .dispatcher))
        try bench.deliver(to: founder)
        let benchID = try #require(bench.store.identity?.device)
        let held = try #require(try founder.store.deviceList().first { $0.deviceID == benchID.rawValue }?.holds)
        // The thief writes on; the third terminal takes it before it hears of the theft.
        try bench.run(.addUser(name: "thief", role: .admin))
        try bench.run(.addUser(name: "thief2", role: .admin), as: "thief")
        try bench.deliver(to: third)
        #expect(try third.store.users().contains { $0.name == "thief" })
        try founder.run(.retireDevice(benchID, lastCounter: held, reason: "stolen"))
        // The third terminal's own work meanwhile depends on nothing of the tail.
        try third.run(.addUser(name: "una", role: .auditor))
        try founder.deliver(to: third)
        try third.deliver(to: founder)
        for replica in [founder, third] {
            #expect(try !replica.store.users().contains { $0.name.hasPrefix("thief") })
            #expect(try replica.store.versionVector()[benchID] == UInt64(held))
            #expect(try replica.store.verifyIntegrity().isIntact, "the cut chain ends where the retirement vouches")
        }
        #expect(try founder.store.dumpReadModels() == third.store.dumpReadModels())
        #expect(try founder.store.versionVector() == third.store.versionVector())
        // The cut events are kept aside for the audit, and survive a reopen without refolding anew.
        let aside = try third.store.cutEventCount()
        #expect(aside == 2)
        #expect(try third.reopen().dumpReadModels() == third.store.dumpReadModels())
        // A fourth terminal that joins later gets the chain up to the cut, vouched by the retirement.
        let fourth = try StoreFixture(joining: third)
        #expect(try fourth.store.versionVector()[benchID] == UInt64(held))
        #expect(try fourth.store.verifyIntegrity().isIntact)
    }
}
