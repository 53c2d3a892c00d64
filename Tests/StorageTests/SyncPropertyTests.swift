import Domain
import Foundation
import GRDB
import TestSupport
import Testing

@testable import Storage

/// A fleet of a hundred and more SQLite replicas doing random work of every kind (role
/// changes, enrolments and retirements among it), some of them forging, exchanging bundles
/// over a network that delays, reorders, duplicates and drops them and splits into
/// partitions. Once everything is delivered, the honest replicas hold the same events, the
/// same tables and the same aggregates, and no forged event is held by any of them.
@Suite struct SyncPropertyTests {
    final class Network {
        var inFlight: [(to: Int, bundle: EventBundle)] = []
    }

    /// The log's identity: every event's device, counter and hash, in order.
    func eventSet(_ store: RailFleetStore) throws -> [String] {
        try store.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT device, counter, hash FROM events ORDER BY device, counter").map {
                "\($0[0] as String):\($0[1] as Int64):\(($0[2] as Data).hex)"
            }
        }
    }

    func aggregates(_ store: RailFleetStore) throws -> [AggregateRef: AnyAggregate] {
        try store.writer.read { db in
            var states: [AggregateRef: AnyAggregate] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT DISTINCT aggregate_kind, aggregate_id FROM events") {
                guard let kind = AggregateKind(rawValue: row[0]) else { continue }
                let ref = AggregateRef(kind, row[1])
                states[ref] = try AggregateCache.read(ref, db, useSnapshot: false)?.aggregate
            }
            return states
        }
    }

    @Test(arguments: [1, 2] as [UInt64])
    func aHundredReplicasConvergeAndRefuseEveryForgery(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        func random(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        let founder = try StoreFixture()
        try founder.store.setBulkLoading(true)
        let floor = try WorkshopFloor.build(with: founder)
        try founder.run(.addUser(name: "pia", role: .planner))
        var replicas = [founder]
        for _ in 1..<100 {
            let joined = try StoreFixture(joining: founder)
            try joined.store.setBulkLoading(true)
            replicas.append(joined)
        }
        var now = replicas.map(\.nowMs).max() ?? 0
        let network = Network()
        var forgers: Set<Int> = []
        var retired: [Int: Int64] = [:]
        var refusals: [String: Int] = [:]
        // Partitions: replicas only reach others of their own group, until they heal.
        var partition: [Int] = replicas.indices.map { _ in 0 }

        func deliver(_ message: (to: Int, bundle: EventBundle)) throws {
            let to = replicas[message.to]
            to.nowMs = now
            do { try to.store.merge(message.bundle, at: now) } catch let error as StorageError {
                let kind =
                    error.message.contains("was retired")
                    ? "retired"
                    : error.message.contains("may not") || error.message.contains("' was ")
                        || error.message.contains("does not exist")
                        ? "forged"
                        : "other: \(error.message)"
                refusals[kind, default: 0] += 1
            }
        }

        for step in 0..<1_500 {
            now += 61_000
            let r = random(replicas.count)
            let replica = replicas[r]
            replica.nowMs = now
            switch random(100) {
            case 0..<45:
                let work = RandomWork.next(on: floor, step: step, using: &rng)
                _ = try? replica.run(work.command, as: work.user)
            case 45..<49:
                let role = [Role.technician, .planner, .auditor, .dispatcher][random(4)]
                _ = try? replica.run(.changeUserRole(name: ["tara", "pia", "audrey"][random(3)], role: role))
            case 49..<75:
                let to = random(replicas.count)
                guard to != r, partition[to] == partition[r] else { continue }
                network.inFlight.append((to, try replica.store.bundle(after: try replicas[to].store.versionVector())))
            case 75..<90:
                guard !network.inFlight.isEmpty else { continue }
                let i = random(network.inFlight.count)
                // Delivered late and out of order; sometimes twice.
                let message = random(5) == 0 ? network.inFlight[i] : network.inFlight.remove(at: i)
                try deliver(message)
            case 90..<94:
                if !network.inFlight.isEmpty { network.inFlight.remove(at: random(network.inFlight.count)) }
            case 94..<96:
                partition = replicas.indices.map { _ in random(3) == 0 ? 1 : 0 }
            case 96:
                partition = replicas.indices.map { _ in 0 }
            case 97:
                // A new terminal joins, enrolled at the founding desk.
                founder.nowMs = now
                let joined = try StoreFixture(joining: founder)
                try joined.store.setBulkLoading(true)
                replicas.append(joined)
                partition.append(partition[r])
            case 98:
                // A terminal turns rogue: a technician's event that adds an admin.
                guard r != 0, !forgers.contains(r), retired[r] == nil else { continue }
                try forge(
                    replica, .userAdded(UserAdded(name: "rogue\(r)", role: .admin)),
                    on: AggregateRef(.user, "rogue\(r)"), user: "tara", role: .technician)
                forgers.insert(r)
            default:
                // An admin elsewhere retires a terminal at what it holds of it; the terminal
                // may go on writing.
                let victim = random(replicas.count)
                guard victim != 0, victim != r, retired[victim] == nil,
                    let id = replicas[victim].store.identity?.device
                else { continue }
                let held = Int64(try replica.store.versionVector()[id])
                if (try? replica.run(.retireDevice(id, lastCounter: held, reason: "lost"))) != nil {
                    retired[victim] = held
                }
            }
        }
        // The network heals and everything is delivered, late and in any order.
        for message in network.inFlight.shuffled(using: &rng) { try deliver(message) }
        let honest = replicas.indices.filter { !forgers.contains($0) }
        let hub = honest[0]
        for _ in 0..<2 {
            for i in replicas.indices where i != hub {
                try deliver((hub, try replicas[i].store.bundle(after: try replicas[hub].store.versionVector())))
            }
            for i in honest where i != hub {
                try deliver((i, try replicas[hub].store.bundle(after: try replicas[i].store.versionVector())))
            }
        }
        #expect(refusals.keys.allSatisfy { !$0.hasPrefix("other") }, "\(refusals)")
        let reference = replicas[hub]
        let events = try eventSet(reference.store)
        let tables = try reference.store.dumpReadModels()
        let states = try aggregates(reference.store)
        for i in honest where i != hub {
            #expect(try eventSet(replicas[i].store) == events, "replica \(i) holds other events")
            #expect(try replicas[i].store.dumpReadModels() == tables, "replica \(i) shows other tables")
            #expect(try aggregates(replicas[i].store) == states, "replica \(i) holds other aggregates")
        }
        // No forged event, and nothing a retired terminal wrote after its cut, is held anywhere.
        #expect(try !reference.store.users().contains { $0.name.hasPrefix("rogue") })
        // (A retirement written by a terminal that then forged never reached anyone.)
        let cuts = try reference.store.deviceList().compactMap { d in d.retiredAfter.map { (d.deviceID, $0) } }
        for (device, cut) in cuts { #expect(try reference.store.versionVector()[DeviceID(device)] <= UInt64(cut)) }
        #expect(!cuts.isEmpty)
        #expect(try reference.store.verifyIntegrity().isIntact)
        #expect(replicas.count >= 100 && !forgers.isEmpty && !retired.isEmpty)
    }
}
