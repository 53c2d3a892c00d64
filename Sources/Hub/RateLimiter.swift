import Foundation

/// Requests per client, as token buckets: each client may send `rate` requests a second on
/// average and `burst` at once; beyond that it is told when to come back (429, Retry-After).
final class RateLimiter: @unchecked Sendable {
    private let lock = NSLock()
    private var buckets: [String: (tokens: Double, atMs: Int64)] = [:]
    let rate: Double
    let burst: Double

    init(rate: Int, burst: Int? = nil) {
        self.rate = Double(max(1, rate))
        self.burst = Double(max(1, burst ?? rate * 2))
    }

    /// Takes one request from the client's bucket.
    ///
    /// - Returns: nil when the request may go ahead, else the seconds to wait.
    func take(_ client: String, nowMs: Int64) -> Int? {
        lock.withLock {
            var bucket = buckets[client] ?? (burst, nowMs)
            bucket.tokens = min(burst, bucket.tokens + Double(max(0, nowMs - bucket.atMs)) / 1000 * rate)
            bucket.atMs = nowMs
            guard bucket.tokens >= 1 else {
                buckets[client] = bucket
                return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
            }
            bucket.tokens -= 1
            buckets[client] = bucket
            // Clients idle long enough to be full again are forgotten, so the table stays small.
            if buckets.count > 10_000 {
                buckets = buckets.filter { $0.value.tokens + Double(nowMs - $0.value.atMs) / 1000 * rate < burst }
            }
            return nil
        }
    }
}
