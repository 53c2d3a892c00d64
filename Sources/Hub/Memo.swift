/// Answers the hub gave lately, by question: a dashboard or a BI tool asks the same again and
/// again, and an answer changes only with the log and the moment asked about. At most `limit`
/// are kept; a full memo starts again empty (the questions repeat within a snapshot, so
/// evicting the least used one is not worth its bookkeeping).
struct Memo<Key: Hashable, Value> {
    private var values: [Key: Value] = [:]
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    subscript(key: Key) -> Value? { values[key] }

    mutating func keep(_ value: Value, for key: Key) {
        if values.count >= limit { values.removeAll(keepingCapacity: true) }
        values[key] = value
    }

    mutating func removeAll() { values.removeAll(keepingCapacity: true) }
}

/// The moment a question is about, as a memo tells questions apart: its `at`, or for "now"
/// the minute asked in, so that an answer about now is remembered for that minute.
struct AskedMoment: Hashable {
    let at: Int64?
    let minute: Int64?

    init(at: Int64?, nowMs: Int64) {
        self.at = at
        minute = at == nil ? nowMs / 60_000 : nil
    }
}
