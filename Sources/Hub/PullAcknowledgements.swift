import Domain
import Storage
import Synchronization

/// What devices said they hold when they pulled, gathered in memory and written to the
/// replica in one transaction a second rather than one write a pull. A hub stopped between
/// two writes loses at most a second of them, which only makes compaction keep more.
final class PullAcknowledgements: Sendable {
    private let pending = Mutex<[String: PeerHoldings]>([:])

    func note(_ device: DeviceID, holds vector: VersionVector, atMs: Int64) {
        pending.withLock { pending in
            // The newest report of a device covers the earlier ones; entries only rise when written.
            let earlier = pending[device.rawValue]?.holds ?? VersionVector()
            pending[device.rawValue] = PeerHoldings(
                peer: device.rawValue, holds: earlier.merged(with: vector), atMs: atMs)
        }
    }

    /// The reports gathered since the last call, emptied.
    func take() -> [PeerHoldings] {
        pending.withLock { pending in
            defer { pending = [:] }
            return Array(pending.values)
        }
    }
}
