import Domain
import Foundation
import GRDB

/// Where retired devices' chains end: for each, the lowest cut of its retirements and the
/// hash the retiring replica held there.
struct RetirementCuts {
    struct Cut {
        var counter: Int64
        var hash: String?
    }
    private(set) var cuts: [String: Cut] = [:]

    /// The cuts of the retirements this replica holds.
    static func held(_ db: Database) throws -> RetirementCuts {
        var cuts = RetirementCuts()
        for row in try Row.fetchAll(
            db.cachedStatement(sql: "SELECT aggregate_id, payload FROM events WHERE event_type = ?"),
            arguments: [DeviceRetired.eventType])
        {
            guard let retired = try? CanonicalJSON.decode(DeviceRetired.self, from: Data((row[1] as String).utf8))
            else { continue }
            cuts.add(row[0], retired)
        }
        return cuts
    }

    mutating func add(_ device: String, _ retired: DeviceRetired) {
        if retired.lastCounter < cuts[device]?.counter ?? .max {
            cuts[device] = Cut(counter: retired.lastCounter, hash: retired.lastHash)
        }
    }

    subscript(device: String) -> Cut? { cuts[device] }

    /// Whether a retirement vouches for the device's event at `counter` with `hash`: the end
    /// of its chain, where no head of the device itself may fall.
    func vouches(for device: String, counter: Int64, hash: Data) -> Bool {
        guard let cut = cuts[device] else { return false }
        return cut.counter == counter && cut.hash == hash.hex
    }
}
