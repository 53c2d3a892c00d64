import Domain
import Foundation
import Storage
import TestSupport
import Testing

@testable import Hub

/// The models' inputs made from the last ones equal those read from the whole log, whether
/// the log grew in time order, took in events older than its newest, or lost a cut tail.
@Suite struct ModelInputsTests {
    func whole(_ f: StoreFixture) throws -> ModelInputs {
        try ModelInputs.read(f.store, through: try f.store.lastSeq, previous: nil)
    }

    @Test func inputsMadeFromTheLastOnesEqualThoseReadAfresh() throws {
        let office = try StoreFixture()
        let floor = try office.makeWorkshopFloor()
        let bench = try StoreFixture(joining: office)
        let hub = try StoreFixture(joining: office)
        try office.deliver(to: hub)
        var last = (value: try whole(hub), seq: try hub.store.lastSeq)
        func step(_ what: Comment) throws {
            let seq = try hub.store.lastSeq
            let made = try ModelInputs.read(hub.store, through: seq, previous: last)
            #expect(made == (try whole(hub)), what)
            #expect(made.events.count == (try hub.store.eventCount), what)
            last = (made, seq)
        }
        func reading(_ on: StoreFixture, _ km: Int) throws {
            try on.run(.recordOdometer(vehicleID: floor.vehicle, km: km, source: "t"))
        }
        // The bench records while offline; the office, an hour on, reaches the hub first.
        for km in [2_000, 2_100] { try reading(bench, km) }
        office.nowMs = bench.nowMs + 3_600_000
        for km in [2_200, 2_300] { try reading(office, km) }
        try office.deliver(to: hub)
        try step("newer events, appended")
        try bench.deliver(to: hub)
        try step("events older than the newest held, merged in time order")
        try step("nothing new")
        // The bench is stolen after the office heard from it; the hub took the thief's reading.
        try bench.deliver(to: office)
        let benchID = try #require(bench.store.identity?.device)
        let held = try bench.store.versionVector()[benchID]
        bench.nowMs = office.nowMs + 60_000
        try reading(bench, 2_400)
        try bench.deliver(to: hub)
        try step("the thief's reading")
        try office.run(.retireDevice(benchID, lastCounter: Int64(held), reason: "stolen"))
        try office.deliver(to: hub)
        #expect(try hub.store.versionVector()[benchID] == held, "the hub cut the tail")
        try step("a tail cut: read afresh")
    }

    @Test(arguments: 0..<8) func eventsAddedInAnyPartitionGiveTheSameInputs(seed: UInt64) throws {
        let office = try StoreFixture()
        let floor = try office.makeWorkshopFloor()
        for km in stride(from: 2_000, to: 2_600, by: 50) {
            try office.run(.recordOdometer(vehicleID: floor.vehicle, km: km, source: "t"))
        }
        let all = try whole(office)
        var generator = SeededGenerator(seed: seed)
        var earlier: [RecordedEvent] = []
        var later: [RecordedEvent] = []
        for e in all.events {
            if Bool.random(using: &generator) { earlier.append(e) } else { later.append(e) }
        }
        #expect(ModelInputs(earlier).adding(later) == all)
    }
}
