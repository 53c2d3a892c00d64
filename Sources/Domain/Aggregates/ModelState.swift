/// One kind of model (the aggregate id is `failure`, `parts` or `anomaly`): the version in
/// production and every version promoted before. Of two promotions the later counts, as
/// for any register; the earlier ones are archived.
public struct ModelState: AggregateBody {
    public static let kind = AggregateKind.model
    public private(set) var production = LWWRegister<ModelPromoted>()
    public private(set) var promotions: [EventID: ModelPromoted] = [:]
    public init() {}
    public mutating func merge(_ e: RecordedEvent) {
        guard case .modelPromoted(let p) = e.event else { return }
        production.assign(p, at: e.timestamp)
        promotions[e.id] = p
    }

    /// Versions once in production and since replaced.
    public var archived: [String] {
        Set(promotions.values.map(\.version)).subtracting([production.value?.version].compactMap { $0 }).sorted()
    }
}
