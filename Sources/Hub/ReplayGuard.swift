import Foundation
import Synchronization

/// The signatures of signed requests seen lately, each kept until its request's time leaves
/// the window (a request may be stamped up to the window ahead), to refuse a request sent
/// twice. Checked by every request at once, without a queue.
final class ReplayGuard: Sendable {
    private struct Seen {
        var expiries: [Data: Int64] = [:]
        /// When expired signatures were last cleared.
        var prunedMs: Int64 = 0
    }
    private let seen = Mutex(Seen())

    /// Records a signature until `untilMs`.
    ///
    /// - Returns: false when it was seen before and has not expired.
    func admit(_ signature: Data, untilMs: Int64, nowMs: Int64) -> Bool {
        seen.withLock { seen in
            // At most once a second: filtering on every request costs as much as the window holds.
            if nowMs - seen.prunedMs >= 1_000 {
                seen.expiries = seen.expiries.filter { $0.value >= nowMs }
                seen.prunedMs = nowMs
            }
            return seen.expiries.updateValue(untilMs, forKey: signature) == nil
        }
    }
}
