import Domain
import Foundation

/// What an event's author had seen of the fleet's membership: for each other device, the
/// counter of its newest membership event the author held. Since a device's events arrive
/// in counter order, that names exactly the membership events the author had seen, so any
/// replica can rebuild the author's view and judge the event as the author did.
struct SeenMembership: Equatable {
    private(set) var counters: [DeviceID: Int64]

    init(_ pairs: [(DeviceID, Int64)]) {
        counters = Dictionary(pairs, uniquingKeysWith: max)
    }

    /// Canonical JSON (sorted keys, no spaces), or nil when there is nothing to say.
    var text: String? {
        guard !counters.isEmpty else { return nil }
        let fields = counters.sorted { $0.key < $1.key }.map { device, counter -> String in
            var out: [UInt8] = []
            CanonicalJSON.appendString(device.rawValue, to: &out)
            return String(decoding: out, as: UTF8.self) + ":\(counter)"
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// Reads `text` as written by a peer; refuses anything that is not exactly that form.
    init?(parsing text: String?) {
        guard let text else {
            self.init([])
            return
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            return nil
        }
        var pairs: [(DeviceID, Int64)] = []
        for (device, value) in object {
            guard (try? DeviceID.validate(device)) != nil, let number = value as? NSNumber,
                let counter = Int64(exactly: number.doubleValue), counter > 0
            else { return nil }
            pairs.append((DeviceID(device), counter))
        }
        self.init(pairs)
        // Only the canonical form: the bytes the hash covers must say one thing.
        guard self.text == text else { return nil }
    }
}
