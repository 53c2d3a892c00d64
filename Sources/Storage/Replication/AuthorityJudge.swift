import Domain
import Foundation
import GRDB

/// Judges each received event as its author's device saw the fleet when it wrote it: the
/// membership events the author held (its own earlier ones, and for every other device
/// those up to the counter its `seen` names) make the view `Authority` rules in. The view
/// depends on events alone, so every replica reaches the same verdict.
struct AuthorityJudge {
    private let founder: DeviceID?
    private let nowMs: Int64
    private let maxAheadMs: Int64
    /// Every membership event held, and those received so far in this bundle.
    private var membership: [RecordedEvent]
    /// Each retired device's cut, from retirements held or carried by the bundle.
    private let cuts: RetirementCuts
    /// The highest counter held per device, for the devices `seen` has named.
    private var held: [DeviceID: Int64] = [:]
    /// Each device's own membership counters, ascending: how many precede an event of it.
    private var ownCounters: [DeviceID: [UInt64]] = [:]
    private var views: [ViewKey: Membership] = [:]
    /// `seen` texts already read: consecutive events of a device mostly carry the same one.
    private var seenTexts: [String: SeenMembership] = [:]

    init(founder: DeviceID?, cuts: RetirementCuts, _ session: WriteSession) throws {
        self.founder = founder
        nowMs = session.nowMs
        maxAheadMs = try RailFleetStore.maxClockAheadMs(session.db)
        let types = Membership.eventTypes.map { "'\($0)'" }.joined(separator: ", ")
        membership = try EventRow.fetchStored(session.db, where: "event_type IN (\(types))").map(\.event)
        for event in membership { ownCounters[event.id.device, default: []].append(event.id.counter) }
        for device in ownCounters.keys { ownCounters[device]?.sort() }
        self.cuts = cuts
    }

    /// A view of the fleet, named by what makes it: the author, how many of its own
    /// membership events it had written, and what it had seen of the others.
    private struct ViewKey: Hashable {
        let device: DeviceID
        let own: Int
        let seen: String?
    }

    mutating func check(_ event: RecordedEvent, seen text: String?, _ session: WriteSession) throws {
        let device = event.id.device
        // Named only in a refusal: this runs for every received event.
        var name: String { "\(event.id) (\(event.event.eventType) by '\(Text.escaped(event.user))')" }
        let ahead = event.timestamp.physicalMs - nowMs
        if ahead > maxAheadMs {
            throw RailFleetStore.rejected(
                "\(name) is stamped \(Instant(ms: event.timestamp.physicalMs)), \(Self.duration(ahead)) ahead of this replica's clock (at most \(Self.duration(maxAheadMs)) is allowed): set the clock of device \(device) right; its events are taken once this clock reaches their time",
                .clock, at: "\(event.id)")
        }
        if let cut = cuts[device.rawValue]?.counter, Int64(clamping: event.id.counter) > cut {
            throw RailFleetStore.rejected(
                "\(name) comes after device \(device) was retired (after its event \(cut)): the fleet takes nothing more from it",
                .retired,
                at: "\(event.id)")
        }
        guard session.device(device.rawValue)?.body.isEnrolled == true || founder == device else {
            throw RailFleetStore.rejected(
                "\(name) comes from device \(device), which is not enrolled in this fleet as this replica knows it: an admin enrols it with `railfleet device enroll REQUEST` (the line `railfleet init --join` printed on it), then this replica must receive that enrolment first",
                .enrolment, at: "\(event.id)")
        }
        guard let seen = parsed(text) else {
            throw RailFleetStore.rejected(
                "\(name) carries an unreadable record of what its author had seen", .format, at: "\(event.id)")
        }
        // What a retired device wrote after its cut is out of every log, so nothing waits for it.
        for (other, counter) in seen.counters.sorted(by: { $0.key < $1.key })
        where try heldCounter(other, session) < min(counter, cuts[other.rawValue]?.counter ?? .max) {
            throw RailFleetStore.rejected(
                "\(name) was written after its author saw \(other):\(counter), which this replica does not hold and the bundle does not carry",
                .dependency, at: "\(event.id)")
        }
        if let refusal = Authority.refusal(of: event, in: view(for: event, seen)) {
            throw RailFleetStore.rejected("\(name): \(refusal)", .authority, at: "\(event.id)")
        }
    }

    private mutating func parsed(_ text: String?) -> SeenMembership? {
        guard let text else { return SeenMembership(parsing: nil) }
        if let seen = seenTexts[text] { return seen }
        let seen = SeenMembership(parsing: text)
        seenTexts[text] = seen
        return seen
    }

    /// Takes note of an event stored: later events of the bundle may depend on it.
    mutating func stored(_ event: RecordedEvent) {
        if let counter = held[event.id.device] { held[event.id.device] = max(counter, Int64(event.id.counter)) }
        if Membership.isMembership(event.event) {
            membership.append(event)
            var counters = ownCounters[event.id.device, default: []]
            counters.insert(event.id.counter, at: counters.partitioningIndex(where: { $0 > event.id.counter }))
            ownCounters[event.id.device] = counters
            views = [:]
        }
    }

    /// The membership the author held when it wrote `event`: found by its key in
    /// logarithmic time, built only the first time.
    private mutating func view(for event: RecordedEvent, _ seen: SeenMembership) -> Membership {
        let device = event.id.device
        let own = ownCounters[device].map { $0.partitioningIndex(where: { $0 >= event.id.counter }) } ?? 0
        let key = ViewKey(device: device, own: own, seen: seen.text)
        if let view = views[key] { return view }
        let events = membership.filter { m in
            m.id.device == device
                ? m.id.counter < event.id.counter : Int64(m.id.counter) <= (seen.counters[m.id.device] ?? 0)
        }
        let view = Membership(founder: founder, events: events)
        views[key] = view
        return view
    }

    private mutating func heldCounter(_ device: DeviceID, _ session: WriteSession) throws -> Int64 {
        if let counter = held[device] { return counter }
        let counter =
            try Int64.fetchOne(
                session.db.cachedStatement(sql: "SELECT max(counter) FROM events WHERE device = ?"),
                arguments: [device.rawValue]) ?? 0
        held[device] = counter
        return counter
    }

    private static func duration(_ ms: Int64) -> String {
        ms >= 3_600_000
            ? "\(ms / 3_600_000) h \(ms % 3_600_000 / 60_000) min"
            : ms >= 60_000 ? "\(ms / 60_000) min" : "\(ms / 1000) s"
    }
}

extension Array where Element: Comparable {
    /// The index of the first element for which `belongs` holds, in a sorted array where it
    /// holds for a suffix.
    fileprivate func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if belongs(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
