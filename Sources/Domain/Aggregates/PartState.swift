/// One part number with its stock as a composite CRDT.
///
/// | field | CRDT |
/// | --- | --- |
/// | master data | LWW register |
/// | on hand per location | PN-counter of moves |
/// | reservations against work orders | observed-remove set |
public struct PartState: AggregateBody {
    public static let kind = AggregateKind.part

    public struct Reservation: Codable, Sendable, Hashable {
        public var workOrderID: String
        public var location: String
        public var quantity: Int
    }

    public private(set) var master = LWWRegister<PartRegistered>()
    public private(set) var stock: [String: PNCounter] = [:]
    public private(set) var reservations = ORSet<Reservation>()
    public private(set) var resolutions: [String: LWWRegister<String>] = [:]

    public init() {}

    public mutating func forgetStable(where isStable: (EventID) -> Bool) -> Int {
        reservations.forgetTombstones(where: isStable)
    }

    public mutating func merge(_ e: RecordedEvent) {
        switch e.event {
        case .partRegistered(let p):
            master.assign(p, at: e.timestamp)
        case .stockMoved(let m):
            for leg in m.legs { stock[leg.location, default: PNCounter()].add(Int64(leg.delta), on: e.id.device) }
        case .stockReserved(let r):
            reservations.insert(
                Reservation(workOrderID: r.workOrderID, location: r.location, quantity: r.quantity), tag: e.id)
        case .reservationReleased(let r):
            reservations.remove(tags: r.reservations)
        case .conflictResolved(let r):
            resolutions[r.notice, default: LWWRegister()].assign(r.resolution, at: e.timestamp)
        default:
            break
        }
    }

    public var isRegistered: Bool { master.value != nil }
    public func onHand(at location: String) -> Int { Int(stock[location]?.value ?? 0) }
    // Sums saturate: stock received elsewhere may add up to more than any command here allows.
    public var onHand: Int { stock.values.reduce(0) { $0.saturatingAdd(Int($1.value)) } }
    public func reserved(at location: String? = nil) -> Int {
        reservations.adds.values.filter { location == nil || $0.location == location }
            .reduce(0) { $0.saturatingAdd($1.quantity) }
    }
    public func available(at location: String) -> Int { onHand(at: location).saturatingAdd(-reserved(at: location)) }
    public var available: Int { onHand.saturatingAdd(-reserved()) }
    public var locations: [String] { stock.keys.sorted() }

    /// The reservations a work order holds, at one location or at all.
    public func reservationTags(for workOrderID: String, at location: String? = nil) -> [EventID] {
        reservations.adds.filter {
            $0.value.workOrderID == workOrderID && (location == nil || $0.value.location == location)
        }
        .map(\.key).sorted()
    }

    /// What a work order holds reserved at a location.
    public func reserved(for workOrderID: String, at location: String) -> Int {
        reservations.adds.values.filter { $0.workOrderID == workOrderID && $0.location == location }
            .reduce(0) { $0.saturatingAdd($1.quantity) }
    }

    /// Stock below zero, and more reserved than on hand, can only come from concurrent moves
    /// and reservations; a user counts and adjusts, or releases.
    ///
    /// Each occurrence has its own key (how much had been issued, or reserved, when it
    /// arose), so acknowledging one settles that occurrence only: a later shortfall at the
    /// same location raises a new notice.
    public func notices(_ ref: AggregateRef) -> [ConflictNotice] {
        locations.flatMap { location -> [ConflictNotice] in
            let qty = onHand(at: location)
            let counter = stock[location] ?? PNCounter()
            if qty < 0 {
                let key = "negative:\(location):\(counter.decrements.value)"
                guard resolutions[key]?.value == nil else { return [] }
                return [
                    ConflictNotice(
                        key: key, aggregate: ref,
                        message:
                            "stock at \(location) is \(qty): issued concurrently beyond what was on hand, on \(Self.terminals(counter.decrements.entries.keys)); count the shelf and adjust it; acknowledging closes this occurrence",
                        resolutions: ["acknowledge"])
                ]
            }
            let reserved = reserved(at: location)
            guard reserved > qty else { return [] }
            let key = "over-reserved:\(location):\(reserved):\(qty)"
            guard resolutions[key]?.value == nil else { return [] }
            let devices = reservations.adds.filter { $0.value.location == location }.map(\.key.device)
            return [
                ConflictNotice(
                    key: key, aggregate: ref,
                    message:
                        "\(reserved) reserved at \(location) but \(qty) on hand: reserved concurrently, on \(Self.terminals(devices)); receive stock or release a reservation; acknowledging closes this occurrence",
                    resolutions: ["acknowledge"])
            ]
        }
    }

    /// "terminal a1b2c3d4 and terminal e5f6…", for notices.
    static func terminals(_ devices: some Sequence<DeviceID>) -> String {
        let names = Set(devices).map(\.rawValue).sorted()
        return names.count == 1 ? "terminal \(names[0])" : "terminals " + names.joined(separator: " and ")
    }
}
