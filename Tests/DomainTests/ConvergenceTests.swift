import Domain
import TestSupport
import Testing

/// Replicas issue events from what they see locally and exchange them at random, with
/// duplication, reordering and partitions. Whatever the order, the same set of events
/// must give the same state.
enum RandomHistory {
    static let vehicle = AggregateRef(.vehicle, "V-1")
    static let workOrder = AggregateRef(.workOrder, "W-1")
    static let part = AggregateRef(.part, "P-1")

    /// One plausible event for a replica, chosen from its local view.
    static func event(for replica: Replica, _ rng: inout SeededGenerator) -> (AggregateRef, DomainEvent) {
        let v: VehicleState? = if case .vehicle(let a)? = replica.state[vehicle] { a.body } else { nil }
        let p: PartState? = if case .part(let a)? = replica.state[part] { a.body } else { nil }
        let stages = WorkOrderStage.allCases
        switch rng.next() % 12 {
        case 0:
            return (
                vehicle,
                .vehicleStatusChanged(
                    VehicleStatusChanged(
                        status: VehicleStatus.allCases.randomElement(using: &rng)!, reason: "r",
                        supersedes: v?.status.currentTags ?? []))
            )
        case 1: return (vehicle, .odometerRecorded(OdometerRecorded(km: Int(rng.next() % 100_000), source: "t")))
        case 2:
            return (
                vehicle, .vehicleTagged(VehicleTagged(tag: ["winter", "ertms", "wifi"].randomElement(using: &rng)!))
            )
        case 3:
            let tag = ["winter", "ertms", "wifi"].randomElement(using: &rng)!
            return (vehicle, .vehicleUntagged(VehicleUntagged(tag: tag, observed: v?.tags.tags(of: tag) ?? [])))
        case 4:
            return (
                vehicle,
                .vehicleDetailsChanged(
                    VehicleDetailsChanged(depot: ["Koeln", "Hamburg"].randomElement(using: &rng)!, keeper: nil))
            )
        case 5:
            return (
                workOrder,
                .workOrderAdvanced(
                    WorkOrderAdvanced(stage: stages.randomElement(using: &rng)!, plannedDay: Int(rng.next() % 30)))
            )
        case 6:
            return (workOrder, .workOrderHoldChanged(WorkOrderHoldChanged(onHold: rng.next() % 2 == 0, reason: nil)))
        case 7:
            return (
                workOrder,
                rng.next() % 4 == 0
                    ? .workOrderCancelled(WorkOrderCancelled(reason: "x"))
                    : .hoursBooked(HoursBooked(minutes: 30, technician: "t", rate: Money(minorUnits: 6000)))
            )
        case 8:
            return (
                workOrder,
                .workOrderAssigned(
                    WorkOrderAssigned(workshopID: "S-1", technician: ["tara", "tomas"].randomElement(using: &rng)!))
            )
        case 9:
            let delta = Int(rng.next() % 10) - 4
            return (
                part,
                .stockMoved(
                    StockMoved(
                        reason: .adjustment,
                        legs: [.init(location: ["A", "B"].randomElement(using: &rng)!, delta: delta)], workOrderID: nil,
                        note: nil))
            )
        case 10:
            return (
                part,
                .stockReserved(StockReserved(workOrderID: "W-1", location: "A", quantity: 1 + Int(rng.next() % 3)))
            )
        default:
            return (part, .reservationReleased(ReservationReleased(reservations: p?.reservationTags(for: "W-1") ?? [])))
        }
    }

    static func opening() -> [(AggregateRef, DomainEvent)] {
        [
            (
                vehicle,
                .vehicleRegistered(
                    VehicleRegistered(
                        fleetNumber: "186-001", evn: "918061860014", vehicleClass: "Class 186", kind: .locomotive,
                        keeper: nil, depot: "Mannheim", commissionedOn: nil, odometerKm: 10))
            ),
            (
                workOrder,
                .workOrderOpened(
                    WorkOrderOpened(
                        number: "WO-1", vehicleID: "V-1", title: "t", type: .corrective, priority: .high,
                        examLevel: nil, defect: nil))
            ),
            (
                part,
                .partRegistered(
                    PartRegistered(
                        partNumber: "BRK", name: "pad", kind: .consumable, unit: "pc", minimum: 0, maximum: nil,
                        reorderPoint: 1, leadTimeDays: 1, unitCost: Money(minorUnits: 100)))
            ),
        ]
    }

    /// Runs replicas that issue and gossip at random, then returns them and every event.
    static func run(seed: UInt64, replicas count: Int = 3, steps: Int = 120) -> ([Replica], [RecordedEvent]) {
        var rng = SeededGenerator(seed: seed)
        var replicas = (0..<count).map { Replica("r\($0)") }
        var all: [RecordedEvent] = []
        for (ref, e) in opening() { all.append(replicas[0].issue(ref, e, nowMs: 0)) }
        for step in 1...steps {
            let i = Int(rng.next() % UInt64(count))
            if rng.next() % 3 == 0 {
                // Gossip: a random, possibly duplicated, shuffled subset of what the sender holds.
                let j = Int(rng.next() % UInt64(count))
                let sample = replicas[j].log.filter { _ in rng.next() % 2 == 0 }
                for e in (sample + sample.prefix(2)).shuffled(using: &rng) { replicas[i].receive(e) }
            } else {
                let (ref, e) = event(for: replicas[i], &rng)
                // Wall clocks disagree a little between terminals.
                all.append(replicas[i].issue(ref, e, nowMs: Int64(step * 10) + Int64(rng.next() % 25)))
            }
        }
        return (replicas, all)
    }
}

@Suite struct ConvergenceTests {
    @Test(arguments: 0..<40 as Range<UInt64>)
    func replicasThatHoldTheSameEventsHoldTheSameState(seed: UInt64) {
        var rng = SeededGenerator(seed: seed &+ 1000)
        var (replicas, all) = RandomHistory.run(seed: seed)
        // Heal the partition: everybody gets everything, each in its own order, with repeats.
        for i in replicas.indices {
            for e in (all + all.prefix(5)).shuffled(using: &rng) { replicas[i].receive(e) }
        }
        let reference = AggregateSet(all)
        for r in replicas { #expect(r.state == reference) }
    }

    @Test(arguments: 0..<20 as Range<UInt64>)
    func applyIsCommutativeAssociativeAndIdempotent(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let (_, all) = RandomHistory.run(seed: seed, steps: 80)
        let inOrder = AggregateSet(all)
        #expect(AggregateSet(all.reversed()) == inOrder, "commutative")
        #expect(AggregateSet(all.shuffled(using: &rng)) == inOrder, "any permutation")
        #expect(AggregateSet(all + all.shuffled(using: &rng)) == inOrder, "idempotent")
    }

    /// Joining replica states (one takes in everything another holds) is associative: three
    /// replicas that saw different, overlapping parts of a history end in the same state
    /// whichever two are joined first.
    @Test(arguments: 0..<20 as Range<UInt64>)
    func joiningReplicaStatesIsAssociative(seed: UInt64) {
        let (replicas, _) = RandomHistory.run(seed: seed, replicas: 3, steps: 80)
        let (a, b, c) = (replicas[0], replicas[1], replicas[2])
        #expect(a.state != b.state || b.state != c.state, "the replicas saw different histories")
        func joined(_ x: Replica, _ y: Replica) -> Replica {
            var z = x
            for e in y.log { z.receive(e) }
            return z
        }
        let left = joined(joined(a, b), c)
        let right = joined(a, joined(b, c))
        #expect(left.state == right.state)
        #expect(joined(a, b).state == joined(b, a).state, "and commutative")
        #expect(joined(a, a).state == a.state, "and idempotent")
    }

    @Test func concurrentStatusChangesShowTheMostRestrictiveAndRaiseANotice() {
        var a = Replica("a")
        var b = Replica("b")
        let (ref, registered) = RandomHistory.opening()[0]
        let first = a.issue(ref, registered, nowMs: 0)
        b.receive(first)
        let restricted = a.issue(
            ref, .vehicleStatusChanged(VehicleStatusChanged(status: .restricted, reason: "speed", supersedes: [])),
            nowMs: 10)
        let withdrawn = b.issue(
            ref, .vehicleStatusChanged(VehicleStatusChanged(status: .outOfService, reason: "crack", supersedes: [])),
            nowMs: 5)
        a.receive(withdrawn)
        b.receive(restricted)
        #expect(a.state == b.state)
        guard case .vehicle(let v)? = a.state[ref] else {
            Issue.record("no vehicle")
            return
        }
        #expect(v.body.currentStatus == .outOfService)
        #expect(v.body.notices(ref).count == 1)
    }

    @Test func cancelAndCompleteOnTwoTerminalsKeepTheWorkAndRaiseANotice() {
        var a = Replica("a")
        var b = Replica("b")
        let (ref, opened) = RandomHistory.opening()[1]
        b.receive(a.issue(ref, opened, nowMs: 0))
        let cancel = a.issue(ref, .workOrderCancelled(WorkOrderCancelled(reason: "duplicate")), nowMs: 10)
        let complete = b.issue(ref, .workOrderAdvanced(WorkOrderAdvanced(stage: .technicallyComplete)), nowMs: 10)
        a.receive(complete)
        b.receive(cancel)
        guard case .workOrder(let w)? = a.state[ref] else {
            Issue.record("no work order")
            return
        }
        #expect(a.state == b.state)
        #expect(w.body.status == .technicallyComplete)
        #expect(w.body.notices(ref).map(\.key) == ["cancelled-while-worked"])
    }

    @Test func concurrentIssuesBelowZeroRaiseAStockNotice() {
        var a = Replica("a")
        var b = Replica("b")
        let (ref, registered) = RandomHistory.opening()[2]
        b.receive(a.issue(ref, registered, nowMs: 0))
        b.receive(
            a.issue(
                ref,
                .stockMoved(
                    StockMoved(reason: .receipt, legs: [.init(location: "A", delta: 2)], workOrderID: nil, note: nil)),
                nowMs: 1))
        let issueA = a.issue(
            ref,
            .stockMoved(
                StockMoved(reason: .issue, legs: [.init(location: "A", delta: -2)], workOrderID: nil, note: nil)),
            nowMs: 2)
        let issueB = b.issue(
            ref,
            .stockMoved(
                StockMoved(reason: .issue, legs: [.init(location: "A", delta: -1)], workOrderID: nil, note: nil)),
            nowMs: 2)
        a.receive(issueB)
        b.receive(issueA)
        guard case .part(let p)? = a.state[ref] else {
            Issue.record("no part")
            return
        }
        #expect(p.body.onHand(at: "A") == -1)
        #expect(p.body.notices(ref).first?.key == "negative:A:3")
    }
}
