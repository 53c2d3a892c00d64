import Domain
import TestSupport
import Testing

/// Join must be commutative, associative and idempotent for every primitive.
func checkJoinLaws<T: JoinSemilattice>(_ make: (inout SeededGenerator) -> T, seed: UInt64, rounds: Int = 200) {
    let broken = JoinLaws.violations(make, seed: seed, rounds: rounds)
    #expect(broken.isEmpty, "laws broken: \(broken.prefix(3).joined(separator: ", "))")
}

let devices = ["a", "b", "c"].map { DeviceID($0) }

func stamp(_ rng: inout SeededGenerator) -> HLCTimestamp {
    HLCTimestamp(
        physicalMs: Int64(rng.next() % 50), logical: UInt32(rng.next() % 3), device: devices[Int(rng.next() % 3)])
}

func dot(_ rng: inout SeededGenerator) -> EventID {
    EventID(device: devices[Int(rng.next() % 3)], counter: 1 + rng.next() % 8)
}

@Suite struct CRDTLawTests {
    @Test func lwwRegisterJoinIsALattice() {
        checkJoinLaws(
            { rng in
                var r = LWWRegister<Int>()
                for _ in 0..<Int(rng.next() % 4) { r.assign(Int(rng.next() % 5), at: stamp(&rng)) }
                return r
            }, seed: 1)
    }

    @Test func lwwRegisterKeepsTheLatestWrite() {
        var r = LWWRegister<String>()
        let early = HLCTimestamp(physicalMs: 1, logical: 0, device: devices[0])
        let late = HLCTimestamp(physicalMs: 2, logical: 0, device: devices[0])
        r.assign("new", at: late)
        r.assign("old", at: early)
        #expect(r.value == "new")
    }

    @Test func maxRegisterJoinIsALattice() {
        checkJoinLaws(
            { rng in
                var r = MaxRegister<Int>()
                for _ in 0..<Int(rng.next() % 4) { r.offer(Int(rng.next() % 100)) }
                return r
            }, seed: 2)
    }

    @Test func counterJoinsAreLattices() {
        // Each device's entry only grows, so states are drawn as per-device prefixes.
        checkJoinLaws(
            { rng in
                var c = GCounter()
                for d in devices { c.increment(by: Int64(rng.next() % 10), on: d) }
                return c
            }, seed: 3)
        checkJoinLaws(
            { rng in
                var c = PNCounter()
                for d in devices { c.add(Int64(rng.next() % 10) - 5, on: d) }
                return c
            }, seed: 4)
    }

    @Test func orSetJoinIsALatticeAndAddWinsOverConcurrentRemove() {
        checkJoinLaws(
            { rng in
                var s = ORSet<Int>()
                for _ in 0..<Int(rng.next() % 5) {
                    let tag = dot(&rng)
                    if rng.next() % 3 == 0 { s.remove(tags: [tag]) } else { s.insert(Int(tag.counter % 3), tag: tag) }
                }
                return s
            }, seed: 5)
        var a = ORSet<String>()
        var b = ORSet<String>()
        a.insert("winter", tag: EventID(device: devices[0], counter: 1))
        b = a
        a.remove(tags: a.tags(of: "winter"))
        b.insert("winter", tag: EventID(device: devices[1], counter: 1))
        #expect(a.joined(with: b).contains("winter"))
    }

    @Test func multiValueRegisterKeepsConcurrentWrites() {
        checkJoinLaws(
            { rng in
                var r = MultiValueRegister<Int>()
                for _ in 0..<Int(rng.next() % 4) {
                    let tag = dot(&rng)
                    // A tag names one event, so it always carries the same value.
                    r.write(Int(tag.counter % 3), tag: tag, supersedes: rng.next() % 2 == 0 ? r.currentTags : [])
                }
                return r
            }, seed: 6)
        var base = MultiValueRegister<VehicleStatus>()
        base.write(.inService, tag: EventID(device: devices[0], counter: 1), supersedes: [])
        var left = base
        var right = base
        left.write(.restricted, tag: EventID(device: devices[0], counter: 2), supersedes: base.currentTags)
        right.write(.outOfService, tag: EventID(device: devices[1], counter: 1), supersedes: base.currentTags)
        let merged = left.joined(with: right)
        #expect(merged.isConflicted)
        #expect(Set(merged.values.values) == [.restricted, .outOfService])
    }

    @Test func causalContextFoldsContiguousDotsAndKeepsGaps() {
        var c = CausalContext()
        let insertedTwo = c.insert(EventID(device: devices[0], counter: 2))
        #expect(insertedTwo)
        #expect(!c.contains(EventID(device: devices[0], counter: 1)))
        let insertedOne = c.insert(EventID(device: devices[0], counter: 1))
        #expect(insertedOne)
        #expect(c.vector[devices[0]] == 2)
        #expect(c.cloud.isEmpty)
        let again = c.insert(EventID(device: devices[0], counter: 2))
        #expect(!again, "a dot is absorbed once")
    }

    @Test func hybridLogicalClockNeverRunsBackwards() {
        var clock = HybridLogicalClock(device: devices[0])
        let first = clock.tick(nowMs: 1000)
        let second = clock.tick(nowMs: 900)  // wall clock stepped back
        #expect(second > first)
        clock.observe(HLCTimestamp(physicalMs: 5000, logical: 7, device: devices[1]))
        let third = clock.tick(nowMs: 1000)
        #expect(third.physicalMs == 5000 && third.logical == 8)
    }
}

@Suite struct VersionVectorTests {
    @Test func mergeTakesTheMaximumOfEachDevice() {
        let a = VersionVector([devices[0]: 3, devices[1]: 1])
        let b = VersionVector([devices[1]: 4, devices[2]: 2])
        let m = a.merged(with: b)
        #expect(m == VersionVector([devices[0]: 3, devices[1]: 4, devices[2]: 2]))
        #expect(m.dominates(a) && m.dominates(b) && !a.dominates(b))
        #expect(
            m.contains(EventID(device: devices[1], counter: 4)) && !m.contains(EventID(device: devices[1], counter: 5)))
    }
}
