import Domain

/// Delivers appended events to in-process subscribers (projections, the TUI, sync), in log
/// order. A subscriber joining late first catches up from its checkpoint.
public final class EventBus {
    public typealias Handler = ([StoredEvent]) -> Void

    private var subscribers: [Int: (handler: Handler, seq: Int64)] = [:]
    private var nextToken = 0

    init() {}

    /// Registers a handler; returns a token for `unsubscribe`.
    func subscribe(after seq: Int64, backlog: [StoredEvent], _ handler: @escaping Handler) -> Int {
        if !backlog.isEmpty { handler(backlog) }
        nextToken += 1
        subscribers[nextToken] = (handler, backlog.last?.seq ?? seq)
        return nextToken
    }

    public func unsubscribe(_ token: Int) { subscribers[token] = nil }

    func publish(_ events: [StoredEvent]) {
        guard !events.isEmpty else { return }
        for (token, subscriber) in subscribers.sorted(by: { $0.key < $1.key }) {
            let fresh = events.filter { $0.seq > subscriber.seq }
            guard let last = fresh.last else { continue }
            subscriber.handler(fresh)
            subscribers[token]?.seq = last.seq
        }
    }
}
